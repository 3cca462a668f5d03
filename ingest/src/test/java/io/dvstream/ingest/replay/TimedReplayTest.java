package io.dvstream.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvstream.events.EventPacket;
import io.dvstream.ingest.aedat.RecordingReader;
import io.dvstream.ingest.aedat.Recordings;
import io.dvstream.ingest.aedat.SharedRecordings;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimedReplayTest {

    @Test
    void shouldReplayEveryEventInCameraTimeAlignedPackets() throws Exception {
        List<EventPacket> sent = new ArrayList<>();
        TimedReplay.Result result;
        try (RecordingReader reader = Recordings.open(SharedRecordings.require(SharedRecordings.DVS128))) {
            result = new TimedReplay(10_000, 0).run(reader, "alex", p -> sent.add(p.copy()));
        }
        assertThat(result.events()).isEqualTo(19_182);
        assertThat(result.packets()).isEqualTo(683).isEqualTo(sent.size());
        assertThat(result.firstUs()).isEqualTo(41_306_606L);
        assertThat(result.lastUs()).isEqualTo(48_193_156L);
        assertThat(sent).allSatisfy(p -> {
            assertThat(p.cameraId()).isEqualTo("alex");
            assertThat(p.lastTUs() / 10_000).isEqualTo(p.firstTUs() / 10_000);
        });
        assertThat(sent).extracting(EventPacket::sequence).containsExactlyElementsOf(
                java.util.stream.LongStream.range(0, 683).boxed().toList());
    }

    @Test
    void shouldTakeTheRecordingsDurationDividedBySpeed() throws Exception {
        long start = System.nanoTime();
        try (RecordingReader reader = Recordings.open(SharedRecordings.require(SharedRecordings.DVS128))) {
            new TimedReplay(10_000, 20).run(reader, "alex", p -> { });
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        // 6.887 s of camera time at 20x: 0.344 s; the last packet waits for its window to end.
        assertThat(seconds).isGreaterThanOrEqualTo(0.33);
    }

    @Test
    void shouldValidateItsSettings() {
        assertThatThrownBy(() -> new TimedReplay(0, 1)).hasMessage("packetUs must be >= 1, was 0");
        assertThatThrownBy(() -> new TimedReplay(1_000, -2)).hasMessageContaining("speed must be >= 0");
    }
}
