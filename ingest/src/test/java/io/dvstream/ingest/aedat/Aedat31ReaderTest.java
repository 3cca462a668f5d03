package io.dvstream.ingest.aedat;

import static io.dvstream.ingest.aedat.Aedat4ReaderTest.assertEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvstream.events.EventPacket;
import io.dvstream.events.sensor.SensorGeometry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AEDAT 3.1 on files written byte by byte from the spec (formats.md section 2). */
class Aedat31ReaderTest {

    @TempDir
    Path dir;

    @Test
    void shouldDecodePolarityEventsOfDvs128GestureStyleFile() throws IOException {
        Path file = write(new Aedat31Bytes().header("DVS128")
                .polarity(0, 3, new int[] {5, 6, 1, 100, 1}, new int[] {127, 0, 0, 101, 1}, new int[] {0, 127, 1, 102, 1}));
        try (RecordingReader reader = Recordings.open(file)) {
            assertThat(reader).isInstanceOf(Aedat31Reader.class);
            assertThat(reader.sensor()).isEqualTo(SensorGeometry.DVS128);
            assertThat(reader.header().source()).isEqualTo("DVS128");
            assertThat(reader.header().startTime()).contains(Instant.parse("2017-03-10T19:24:53Z"));
            EventPacket p = reader.next();
            assertThat(p.size()).isEqualTo(3);
            assertEvent(p, 0, 100, 5, 6, true);
            assertEvent(p, 1, 101, 127, 0, false);
            assertEvent(p, 2, 102, 0, 127, true);
        }
    }

    @Test
    void shouldCombineTimestampOverflowWithEventTime() throws IOException {
        Path file = write(new Aedat31Bytes().header("DVS128")
                .polarity(0, 1, new int[] {1, 1, 1, 0x7FFF_FFF0, 1})
                .polarity(1, 1, new int[] {1, 1, 1, 0x10, 1}));
        Totals totals = Totals.of(file, ReaderOptions.DEFAULTS);
        assertThat(totals.firstTUs).isEqualTo(0x7FFF_FFF0L);
        assertThat(totals.lastTUs).isEqualTo((1L << 31) | 0x10);
    }

    @Test
    void shouldSkipInvalidEventsUnusedCapacityAndOtherTypes() throws IOException {
        Path file = write(new Aedat31Bytes().header("DVS128")
                .other(2, Aedat31Bytes.SOURCE, 40, 2) // frames
                .polarity(0, 5, new int[] {1, 1, 1, 10, 1}, new int[] {2, 2, 1, 11, 0}, new int[] {3, 3, 0, 12, 1})
                .other(3, Aedat31Bytes.SOURCE, 36, 4) // IMU6
                .other(1, (short) 2, 8, 3) // polarity of another source
                .other(12, Aedat31Bytes.SOURCE, 12, 1) // spike: unknown to us, skipped by size
                .polarity(0, 1, new int[] {4, 4, 1, 13, 1}));
        Totals totals = Totals.of(file, ReaderOptions.DEFAULTS);
        assertThat(totals.events).isEqualTo(3);
        assertThat(totals.lastTUs).isEqualTo(13);
        assertThat(totals.stats.invalidEvents()).isEqualTo(1);
        assertThat(totals.stats.frames()).isEqualTo(2);
        assertThat(totals.stats.imuSamples()).isEqualTo(4);
        assertThat(totals.stats.otherPackets()).isEqualTo(2);
    }

    @Test
    void shouldReportPacketRunningPastTheEndAfterEarlierEvents() throws IOException {
        Aedat31Bytes bytes = new Aedat31Bytes().header("DVS128").polarity(0, 1, new int[] {1, 1, 1, 10, 1});
        int badAt = bytes.build().length;
        Path file = write(bytes.bytes(Aedat31Bytes.packetHeader(1, Aedat31Bytes.SOURCE, 8, 0, 1_000, 1_000, 16).array()));
        try (RecordingReader reader = Recordings.open(file)) {
            assertThat(reader.next().size()).isEqualTo(1);
            assertThatThrownBy(reader::hasNext).isInstanceOf(MalformedRecordingException.class)
                    .hasMessage(file + " at byte " + badAt + ": packet of type 1 declares 1000 x 8 = 8000 event bytes"
                            + " but only 16 remain before the end of the file");
        }
    }

    @Test
    void shouldRejectHeaderWithoutEndMarker() throws IOException {
        Path file = write(new Aedat31Bytes().lines("#!AER-DAT3.1", "#Source 1: DVS128").bytes(new byte[] {1, 2, 3}));
        assertThatThrownBy(() -> Recordings.open(file)).isInstanceOf(MalformedRecordingException.class)
                .hasMessageContaining("at byte 33").hasMessageContaining("#!END-HEADER");
    }

    private Path write(Aedat31Bytes bytes) throws IOException {
        return Files.write(Files.createTempFile(dir, "synthetic", ".aedat"), bytes.build());
    }
}
