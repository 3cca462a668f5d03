package io.dvstream.ingest.aedat;

import static io.dvstream.ingest.aedat.Aedat4ReaderTest.assertEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvstream.events.EventPacket;
import io.dvstream.events.sensor.SensorGeometry;
import io.dvstream.ingest.PacketLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AEDAT 4.0 cases the shared recording does not cover, on files built byte by byte. */
class Aedat4SyntheticTest {

    @TempDir
    Path dir;

    @Test
    void shouldReadUncompressedFileWhoseHeaderOmitsDefaultFields() throws IOException {
        Path file = write(new Aedat4Bytes(Aedat4Bytes.NONE).stream(0, "EVTS", 346, 260, "capture")
                .events(0, new long[] {1_000, 5, 6, 1}, new long[] {1_010, 345, 259, 0}));
        try (RecordingReader reader = Recordings.open(file)) {
            EventPacket p = reader.next();
            assertThat(p.size()).isEqualTo(2);
            assertEvent(p, 0, 1_000, 5, 6, true);
            assertEvent(p, 1, 1_010, 345, 259, false);
            assertThat(reader.hasNext()).isFalse();
        }
    }

    @Test
    void shouldReadLz4FramesWithDependentBlocks() throws IOException {
        // 9,000 events x 16 bytes = 144 KB: three 64 KiB blocks, each depending on the previous.
        long[][] rows = Aedat4Bytes.rows(9_000, 1_000_000);
        Path file = write(new Aedat4Bytes(Aedat4Bytes.LZ4).stream(0, "EVTS", 346, 260, "capture").events(0, rows));
        Totals totals = Totals.of(file, ReaderOptions.DEFAULTS.withLimits(PacketLimits.ofEvents(20_000)));
        assertThat(totals.events).isEqualTo(9_000);
        assertThat(totals.lastTUs).isEqualTo(rows[8_999][0]);
        assertThat(totals.on).isEqualTo(3_000);
    }

    @Test
    void shouldReadZstdPackets() throws IOException {
        Path file = write(new Aedat4Bytes(Aedat4Bytes.ZSTD).stream(0, "EVTS", 346, 260, "capture")
                .events(0, Aedat4Bytes.rows(500, 0)).events(0, Aedat4Bytes.rows(500, 5_000)));
        Totals totals = Totals.of(file, ReaderOptions.DEFAULTS);
        assertThat(totals.events).isEqualTo(1_000);
        assertThat(totals.lastTUs).isEqualTo(5_000 + 4_990);
    }

    @Test
    void shouldFlipYOfJaerWrittenFiles() throws IOException {
        Path file = write(new Aedat4Bytes(Aedat4Bytes.NONE).stream(0, "EVTS", 128, 128, "jAER")
                .events(0, new long[] {7, 10, 0, 1}, new long[] {8, 10, 127, 0}));
        try (RecordingReader reader = Recordings.open(file)) {
            EventPacket p = reader.next();
            assertEvent(p, 0, 7, 10, 127, true);
            assertEvent(p, 1, 8, 10, 0, false);
        }
    }

    @Test
    void shouldReadFirstEventStreamByDefaultAndTheChosenOneOnRequest() throws IOException {
        Path file = write(new Aedat4Bytes(Aedat4Bytes.LZ4)
                .stream(3, "EVTS", 346, 260, "capture").stream(7, "EVTS", 640, 480, "capture")
                .events(7, new long[] {1, 600, 400, 1})
                .events(3, new long[] {2, 300, 200, 0})
                .events(7, new long[] {3, 601, 401, 1}));
        try (RecordingReader reader = Recordings.open(file)) {
            assertThat(reader.sensor()).isEqualTo(SensorGeometry.DAVIS346);
            assertThat(reader.header().source()).isEqualTo("TEST_3");
            EventPacket p = reader.next();
            assertThat(p.size()).isEqualTo(1);
            assertEvent(p, 0, 2, 300, 200, false);
            assertThat(reader.hasNext()).isFalse();
            assertThat(reader.stats().otherPackets()).isEqualTo(2);
        }
        Totals second = Totals.of(file, ReaderOptions.DEFAULTS.withStreamId(7));
        assertThat(second.events).isEqualTo(2);
        assertThat(second.maxX).isEqualTo(601);
        assertThatThrownBy(() -> Recordings.open(file, ReaderOptions.DEFAULTS.withStreamId(4)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("streamId").hasMessageContaining("[3, 7]");
    }

    @Test
    void shouldCountImuTriggerAndFramePacketsWithoutReadingThemAsEvents() throws IOException {
        Path file = write(new Aedat4Bytes(Aedat4Bytes.LZ4)
                .stream(0, "EVTS", 346, 260, "capture").stream(1, "FRME", 346, 260, "capture")
                .stream(2, "IMUS", 0, 0, "capture").stream(5, "TRIG", 0, 0, "capture")
                .tables(2, "IMUS", 10).events(0, Aedat4Bytes.rows(3, 100)).tables(5, "TRIG", 4)
                .packet(1, new byte[] {1, 2, 3}).tables(2, "IMUS", 7)
                .withDataTable());
        Totals totals = Totals.of(file, ReaderOptions.DEFAULTS);
        assertThat(totals.events).isEqualTo(3);
        assertThat(totals.stats.imuSamples()).isEqualTo(17);
        assertThat(totals.stats.triggers()).isEqualTo(4);
        assertThat(totals.stats.frames()).isEqualTo(1);
    }

    @Test
    void shouldRejectEventPacketCarryingAnotherFlatBufferType() throws IOException {
        Path file = write(new Aedat4Bytes(Aedat4Bytes.NONE).stream(0, "EVTS", 346, 260, "capture")
                .packet(0, Aedat4Bytes.tablesPayload("IMUS", 2)));
        long packetAt = Files.size(file) - 8 - Aedat4Bytes.tablesPayload("IMUS", 2).length;
        try (RecordingReader reader = Recordings.open(file)) {
            assertThatThrownBy(reader::hasNext).isInstanceOf(MalformedRecordingException.class)
                    .hasMessageContaining(file.toString())
                    .hasMessageContaining("at byte " + packetAt)
                    .hasMessageContaining("identifier is 'IMUS', expected 'EVTS'");
        }
    }

    private Path write(Aedat4Bytes bytes) throws IOException {
        return Files.write(dir.resolve("synthetic.aedat4"), bytes.build());
    }
}
