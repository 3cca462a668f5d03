package io.dvstream.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvstream.events.EventPacket;
import io.dvstream.events.sensor.SensorGeometry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacketizerTest {

    private final List<EventPacket> out = new ArrayList<>();

    private static EventPacket events(long... times) {
        EventPacket p = new EventPacket("cam", SensorGeometry.DVS128);
        for (long t : times) {
            p.append(t, (int) (t % 128), 1, true);
        }
        return p;
    }

    @Test
    void shouldCutPacketsOnCameraTimeBoundaries() {
        Packetizer packetizer = new Packetizer(1_000, p -> out.add(p.copy()));
        packetizer.accept(events(100, 900, 999, 1_000, 2_500));
        packetizer.accept(events(2_600, 7_000));
        packetizer.flush();
        assertThat(out).extracting(EventPacket::size).containsExactly(3, 1, 2, 1);
        assertThat(out).extracting(EventPacket::sequence).containsExactly(0L, 1L, 2L, 3L);
        assertThat(out.get(2).firstTUs()).isEqualTo(2_500);
        assertThat(out.get(2).lastTUs()).isEqualTo(2_600);
    }

    @Test
    void shouldCarryDropsIntoTheNextPacket() {
        Packetizer packetizer = new Packetizer(1_000, p -> out.add(p.copy()));
        EventPacket in = events(100);
        in.setDroppedEvents(5);
        packetizer.accept(in);
        packetizer.addDropped(2);
        packetizer.accept(events(1_500));
        packetizer.flush();
        assertThat(out).extracting(EventPacket::droppedEvents).containsExactly(7L, 0L);
    }

    @Test
    void shouldEmitAPacketForDropsEvenWithoutEvents() {
        Packetizer packetizer = new Packetizer(1_000, p -> out.add(p.copy()));
        packetizer.accept(events(100));
        packetizer.flush();
        packetizer.addDropped(9);
        packetizer.flush();
        packetizer.flush();
        assertThat(out).hasSize(2);
        assertThat(out.get(1).isEmpty()).isTrue();
        assertThat(out.get(1).droppedEvents()).isEqualTo(9);
    }

    @Test
    void shouldKeepEveryEventInOrder() {
        Packetizer packetizer = new Packetizer(333, p -> out.add(p.copy()));
        long[] times = new long[5_000];
        for (int i = 0; i < times.length; i++) {
            times[i] = 7L * i + (i % 3);
        }
        packetizer.accept(events(times));
        packetizer.flush();
        long[] seen = out.stream().flatMapToLong(p -> java.util.stream.LongStream.range(0, p.size()).map(i -> p.tUs((int) i))).toArray();
        assertThat(seen).containsExactly(times);
        for (EventPacket p : out) {
            assertThat(p.lastTUs() / 333).isEqualTo(p.firstTUs() / 333);
        }
    }

    @Test
    void shouldRejectNonPositiveLength() {
        assertThatThrownBy(() -> new Packetizer(0, p -> { })).hasMessage("packetUs must be >= 1, was 0");
    }

    @Test
    void shouldPaceReplayAtTheRequestedSpeed() throws InterruptedException {
        ReplayClock clock = new ReplayClock(10);
        long start = System.nanoTime();
        clock.awaitCameraTime(1_000_000);
        clock.awaitCameraTime(1_500_000);   // 0.5 s of camera time at 10x: 50 ms of wall time
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(elapsedMs).isGreaterThanOrEqualTo(49);
        assertThatThrownBy(() -> new ReplayClock(-1)).hasMessageContaining("speed must be >= 0");
    }
}
