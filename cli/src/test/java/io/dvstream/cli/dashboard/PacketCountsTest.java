package io.dvstream.cli.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PacketCountsTest {

    @Test
    void shouldCountGapsMissingPacketsRestartsAndDrops() {
        PacketCounts c = new PacketCounts();
        c.add(0, 10, 0);
        c.add(1, 10, 0);
        c.add(4, 10, 3); // 2 and 3 missing
        c.add(5, 10, 0);
        c.add(0, 10, 0); // the source restarted
        c.add(2, 10, 1); // 1 missing

        assertThat(c.packets()).isEqualTo(6);
        assertThat(c.events()).isEqualTo(60);
        assertThat(c.dropped()).isEqualTo(4);
        assertThat(c.gaps()).isEqualTo(2);
        assertThat(c.missingPackets()).isEqualTo(3);
        assertThat(c.restarts()).isEqualTo(1);
    }

    @Test
    void shouldNotCountTheDashboardsOwnSkipAsAGap() {
        PacketCounts c = new PacketCounts();
        c.add(7, 1, 0);
        c.resync();
        c.add(900, 1, 0);
        c.add(901, 1, 0);
        assertThat(c.gaps()).isZero();
        assertThat(c.restarts()).isZero();
        assertThat(c.lastSequence()).isEqualTo(901);
    }
}
