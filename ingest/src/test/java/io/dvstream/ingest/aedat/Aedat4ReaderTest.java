package io.dvstream.ingest.aedat;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvstream.events.EventPacket;
import io.dvstream.events.sensor.SensorGeometry;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class Aedat4ReaderTest {

    @Test
    void shouldDecodeFirstEventsOfDavis346Aedat4Recording() throws IOException {
        Path file = SharedRecordings.require(SharedRecordings.AEDAT4);
        try (RecordingReader reader = Recordings.open(file, ReaderOptions.DEFAULTS)) {
            assertThat(reader).isInstanceOf(Aedat4Reader.class);
            assertThat(reader.sensor()).isEqualTo(SensorGeometry.DAVIS346);
            assertThat(reader.header().format()).isEqualTo(AedatFormat.AEDAT_4_0);
            assertThat(reader.header().dataOffset()).isEqualTo(14 + 4 + 3_108);
            assertThat(reader.header().source()).isEqualTo("DAVIS346_00000104");
            assertThat(((Aedat4Reader) reader).streams()).containsOnlyKeys(0, 1, 2, 3);
            EventPacket first = reader.next();
            assertEvent(first, 0, 1_633_953_690_975_950L, 218, 15, true);
            assertEvent(first, 1, 1_633_953_690_975_950L, 306, 76, true);
            assertEvent(first, 2, 1_633_953_690_975_954L, 178, 73, false);
        }
    }

    @Test
    void shouldCountEventsAndSkippedStreamsOfAedat4Recording() throws IOException {
        Path file = SharedRecordings.require(SharedRecordings.AEDAT4);
        Totals totals = Totals.of(file, ReaderOptions.DEFAULTS);
        assertThat(totals.events).isEqualTo(117_667);
        assertThat(totals.on).isEqualTo(72_363);
        assertThat(totals.off).isEqualTo(45_304);
        assertThat(totals.firstTUs).isEqualTo(1_633_953_690_975_950L);
        assertThat(totals.lastTUs).isEqualTo(1_633_953_691_105_949L);
        assertThat(totals.maxX).isEqualTo(345);
        assertThat(totals.maxY).isEqualTo(259);
        assertThat(totals.stats.frames()).isEqualTo(3);
        assertThat(totals.stats.imuSamples()).isEqualTo(130);
        assertThat(totals.stats.triggers()).isEqualTo(15);
        assertThat(totals.stats.otherPackets()).isZero();
        assertThat(totals.stats.timestampResets()).isZero();
    }

    static void assertEvent(EventPacket p, int i, long tUs, int x, int y, boolean on) {
        assertThat(p.tUs(i)).as("t of event %d", i).isEqualTo(tUs);
        assertThat(p.x(i)).as("x of event %d", i).isEqualTo(x);
        assertThat(p.y(i)).as("y of event %d", i).isEqualTo(y);
        assertThat(p.isOn(i)).as("polarity of event %d", i).isEqualTo(on);
    }
}
