package io.dvstream.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvstream.events.EventPacket;
import io.dvstream.events.sensor.SensorGeometry;
import io.dvstream.ingest.EventReader;
import io.dvstream.ingest.aedat.Recordings;
import io.dvstream.ingest.aedat.SharedRecordings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoopingReaderTest {

    @Test
    void shouldShiftEachPassAfterThePreviousOneWithMonotoneTimeAndContinuingSequences() throws Exception {
        Path alex = SharedRecordings.require(SharedRecordings.DVS128);
        List<String> passes = new ArrayList<>();
        long events = 0;
        long previousUs = Long.MIN_VALUE;
        long expectedSequence = 0;
        try (LoopingReader reader = new LoopingReader(() -> Recordings.open(alex), 3, 1_000,
                (pass, offset, first, previousLast) -> passes.add(pass + ":" + offset + ":" + first + ":" + previousLast))) {
            while (reader.hasNext()) {
                EventPacket p = reader.next();
                assertThat(p.sequence()).isEqualTo(expectedSequence++);
                for (int i = 0; i < p.size(); i++) {
                    assertThat(p.tUs(i)).isGreaterThanOrEqualTo(previousUs);
                    previousUs = p.tUs(i);
                }
                events += p.size();
            }
            assertThat(reader.passesPlayed()).isEqualTo(3);
        }
        long span = 48_193_156L - 41_306_606L;
        long period = span + 1_000;
        assertThat(events).isEqualTo(3 * 19_182);
        assertThat(previousUs).isEqualTo(48_193_156L + 2 * period);
        assertThat(passes).containsExactly(
                "0:0:41306606:" + Long.MIN_VALUE,
                "1:" + period + ":" + (48_193_156L + 1_000) + ":48193156",
                "2:" + 2 * period + ":" + (48_193_156L + period + 1_000) + ":" + (48_193_156L + period));
    }

    @Test
    void shouldStopAfterAPassWithoutEvents() throws Exception {
        int[] opened = {0};
        try (LoopingReader reader = new LoopingReader(() -> {
            opened[0]++;
            return new ListReader(List.of());
        }, LoopingReader.FOREVER, 1_000, null)) {
            assertThat(reader.hasNext()).isFalse();
        }
        assertThat(opened[0]).isEqualTo(1);
    }

    @Test
    void shouldValidateItsSettings() {
        assertThatThrownBy(() -> new LoopingReader(() -> new ListReader(List.of()), 0, 1, null))
                .hasMessage("passes must be >= 1, was 0");
        assertThatThrownBy(() -> new LoopingReader(() -> new ListReader(List.of()), 1, 0, null))
                .hasMessage("gapUs must be >= 1, was 0");
    }

    /** Packets from a list. */
    private static final class ListReader implements EventReader {
        private final Iterator<EventPacket> packets;

        ListReader(List<EventPacket> packets) {
            this.packets = packets.iterator();
        }

        @Override
        public SensorGeometry sensor() {
            return SensorGeometry.DVS128;
        }

        @Override
        public boolean hasNext() {
            return packets.hasNext();
        }

        @Override
        public EventPacket next() {
            return packets.next();
        }

        @Override
        public void close() {
        }
    }
}
