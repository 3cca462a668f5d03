package io.dvstream.ingest.aedat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvstream.events.EventPacket;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Broken input: every fault is reported with file and offset, after the events before it. */
class MalformedRecordingTest {

    /** Packet offsets of aestream_davis.aedat4 (README: 40 packets from byte 3,126). */
    private static final long FIRST_EVTS_PACKET = 3_226;
    private static final long SECOND_EVTS_PACKET = 80_804;
    private static final long FIRST_FRME_PACKET = 166_364;

    @TempDir
    Path dir;

    @Test
    void shouldRejectFileWithoutAedatVersionLine() throws IOException {
        Path file = Files.write(dir.resolve("x.aedat"), "hello world\n".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> Recordings.open(file)).isInstanceOf(MalformedRecordingException.class)
                .hasMessageStartingWith(file + " at byte 0: no AEDAT version line")
                .hasMessageContaining("#!AER-DAT4.0");
    }

    @Test
    void shouldRejectUnsupportedVersionsByName() throws IOException {
        Path v1 = Files.write(dir.resolve("v1.dat"), "#!AER-DAT1.0\r\n".getBytes(StandardCharsets.US_ASCII));
        Path v3 = Files.write(dir.resolve("v3.aedat"), "#!AER-DAT3.0\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> Recordings.open(v1)).hasMessageContaining("AEDAT 1.0");
        assertThatThrownBy(() -> Recordings.open(v3)).hasMessageContaining("AEDAT 3.0");
    }

    @Test
    void shouldRejectWrongIoHeaderIdentifier() throws IOException {
        byte[] bytes = new Aedat4Bytes(Aedat4Bytes.NONE).stream(0, "EVTS", 10, 10, "m").build();
        bytes[18 + 4] = 'X';
        Path file = Files.write(dir.resolve("bad.aedat4"), bytes);
        assertThatThrownBy(() -> Recordings.open(file)).isInstanceOf(MalformedRecordingException.class)
                .hasMessageContaining("at byte 22").hasMessageContaining("'XOHE'");
    }

    @Test
    void shouldReportPacketSizePointingPastTheEnd() throws IOException {
        Path file = Files.write(dir.resolve("size.aedat4"), new Aedat4Bytes(Aedat4Bytes.NONE)
                .stream(0, "EVTS", 346, 260, "m")
                .events(0, Aedat4Bytes.rows(5, 0))
                .packet(0, 1_000_000, new byte[] {1, 2, 3})
                .build());
        long badPacket = Files.size(file) - 8 - 3;
        try (RecordingReader reader = Recordings.open(file)) {
            assertThat(reader.next().size()).isEqualTo(5);
            assertThatThrownBy(reader::hasNext).isInstanceOf(MalformedRecordingException.class)
                    .hasMessage(file + " at byte " + badPacket + ": packet of stream 0 declares 1000000 payload bytes"
                            + " but only 3 remain before the end of the file (byte " + Files.size(file) + ")");
            // the fault stays: asking again does not skip past it
            assertThatThrownBy(reader::next).isInstanceOf(MalformedRecordingException.class);
        }
    }

    @Test
    void shouldReportNegativePacketSize() throws IOException {
        Path file = Files.write(dir.resolve("neg.aedat4"), new Aedat4Bytes(Aedat4Bytes.NONE)
                .stream(0, "EVTS", 346, 260, "m").packet(0, -4, new byte[0]).build());
        try (RecordingReader reader = Recordings.open(file)) {
            assertThatThrownBy(reader::hasNext).isInstanceOf(MalformedRecordingException.class)
                    .hasMessageContaining("declares 4294967292 payload bytes");
        }
    }

    @Test
    void shouldReportCorruptLz4FrameAfterDeliveringEarlierPackets() throws IOException {
        Path original = SharedRecordings.require(SharedRecordings.AEDAT4);
        byte[] bytes = Files.readAllBytes(original);
        bytes[(int) SECOND_EVTS_PACKET + 8 + 4] ^= 0x40; // FLG byte: the LZ4 version bits become invalid
        Path file = Files.write(dir.resolve("corrupt.aedat4"), bytes);
        try (RecordingReader reader = Recordings.open(file)) {
            long delivered = 0;
            Throwable fault = null;
            try {
                while (reader.hasNext()) {
                    delivered += reader.next().size();
                }
            } catch (MalformedRecordingException e) {
                fault = e;
            }
            assertThat(delivered).isEqualTo(eventsInEvtsPacketsBefore(original, SECOND_EVTS_PACKET));
            assertThat(fault).hasMessageStartingWith(file + " at byte " + SECOND_EVTS_PACKET + ": packet of stream 0 (EVTS)")
                    .hasMessageContaining("LZ4 payload of 85552 bytes does not decompress");
        }
    }

    @ParameterizedTest(name = "cut at byte {0}")
    @ValueSource(longs = {FIRST_EVTS_PACKET + 100, SECOND_EVTS_PACKET + 4, FIRST_FRME_PACKET + 50_000, 1_100_000})
    void shouldDeliverEventsBeforeTruncationOfAedat4ThenNameTheOffset(long cut) throws IOException {
        Path original = SharedRecordings.require(SharedRecordings.AEDAT4);
        Path file = Files.write(dir.resolve("cut.aedat4"), Arrays.copyOf(Files.readAllBytes(original), (int) cut));
        long faultyPacket = lastPacketStartBefore(original, cut);
        EventPacket[] last = new EventPacket[1];
        long delivered = 0;
        MalformedRecordingException fault = null;
        try (RecordingReader reader = Recordings.open(file)) {
            while (reader.hasNext()) {
                last[0] = reader.next();
                delivered += last[0].size();
            }
        } catch (MalformedRecordingException e) {
            fault = e;
        }
        assertThat(delivered).isEqualTo(eventsInEvtsPacketsBefore(original, faultyPacket));
        assertThat(fault).isNotNull();
        assertThat(fault.offset()).isEqualTo(faultyPacket);
        assertThat(fault).hasMessageStartingWith(file + " at byte " + faultyPacket + ": ");
        if (delivered > 0) {
            assertThat(last[0].lastTUs()).isEqualTo(lastTimestampOfFirst(original, delivered));
        }
    }

    @ParameterizedTest(name = "cut {0} bytes into the records")
    @ValueSource(ints = {0, 3, 8 * 100, 8 * 100 + 5, 8 * 19_181 + 7})
    void shouldDeliverWholeRecordsOfTruncatedAedat2AndCountTheRest(int bytesOfRecords) throws IOException {
        Path original = SharedRecordings.require(SharedRecordings.DVS128);
        Path file = Files.write(dir.resolve("cut.aedat"),
                Arrays.copyOf(Files.readAllBytes(original), 4_612 + bytesOfRecords));
        Totals totals = Totals.of(file, ReaderOptions.DEFAULTS);
        assertThat(totals.events).isEqualTo(bytesOfRecords / 8);
        assertThat(totals.stats.truncatedBytes()).isEqualTo(bytesOfRecords % 8);
    }

    @Test
    void shouldDeliverNothingFromAedat2CutInsideItsHeader() throws IOException {
        Path original = SharedRecordings.require(SharedRecordings.DVS128);
        Path file = Files.write(dir.resolve("cut.aedat"), Arrays.copyOf(Files.readAllBytes(original), 2_000));
        try (RecordingReader reader = Recordings.open(file)) {
            assertThat(reader.header().dataOffset()).isEqualTo(2_000);
            assertThat(reader.hasNext()).isFalse();
        }
    }

    @Test
    void shouldAskForAnAddressLayoutWhenTheChipIsUnknown() throws IOException {
        Path file = Files.write(dir.resolve("nochip.aedat"), new Aedat2Bytes()
                .header("\r\n", "#!AER-DAT2.0", "# AEChip: org.example.MysteryChip")
                .record(Aedat2Bytes.dvs128(1, 2, true), 10).build());
        assertThatThrownBy(() -> Recordings.open(file)).isInstanceOf(MalformedRecordingException.class)
                .hasMessageContaining("MysteryChip").hasMessageContaining("withAddressLayout");
        Totals totals = Totals.of(file, ReaderOptions.DEFAULTS.withAddressLayout(AddressLayout.DVS128));
        assertThat(totals.events).isEqualTo(1);
    }

    @Test
    void shouldReportDavisAddressOutsideTheSensorWithItsOffset() throws IOException {
        int rawX1000 = 1000 << 12; // raw x 1000 on a 240-wide sensor: wrong chip or corrupt data
        Path file = Files.write(dir.resolve("badx.aedat"), new Aedat2Bytes()
                .header("\n", "#!AER-DAT2.0", Aedat2Bytes.DAVIS240_CHIP, "#End Of ASCII Header")
                .record(Aedat2Bytes.davis240(1, 1, true), 5).record(rawX1000, 6).build());
        long dataOffset = 13 + Aedat2Bytes.DAVIS240_CHIP.length() + 1 + 21;
        try (RecordingReader reader = Recordings.open(file)) {
            assertThat(reader.next().size()).isEqualTo(1);
            assertThatThrownBy(reader::hasNext).isInstanceOf(MalformedRecordingException.class)
                    .hasMessage(file + " at byte " + (dataOffset + 8) + ": event (-761, 179) is outside the davis240 240x180 sensor");
        }
    }

    // ---- independent walk of the real AEDAT 4.0 file, for expected values ----

    private static long lastPacketStartBefore(Path file, long cut) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        long pos = 18 + b.getInt(14);
        long last = pos;
        while (pos < cut) {
            last = pos;
            pos += 8 + b.getInt((int) pos + 4);
        }
        return last;
    }

    private static long eventsInEvtsPacketsBefore(Path file, long end) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        long events = 0;
        int pos = 18 + b.getInt(14);
        while (pos < end) {
            int stream = b.getInt(pos);
            int size = b.getInt(pos + 4);
            if (stream == 0) {
                try (InputStream z = new FramedLZ4CompressorInputStream(
                        new ByteArrayInputStream(b.array(), pos + 8, size))) {
                    ByteBuffer plain = ByteBuffer.wrap(z.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
                    int table = 4 + plain.getInt(4);
                    int vtable = table - plain.getInt(table);
                    int field = table + plain.getShort(vtable + 4);
                    events += plain.getInt(field + plain.getInt(field));
                }
            }
            pos += 8 + size;
        }
        return events;
    }

    private static long lastTimestampOfFirst(Path file, long n) throws IOException {
        long seen = 0;
        try (RecordingReader reader = Recordings.open(file)) {
            while (reader.hasNext()) {
                EventPacket p = reader.next();
                if (seen + p.size() >= n) {
                    return p.tUs((int) (n - seen - 1));
                }
                seen += p.size();
            }
        }
        throw new AssertionError("file has fewer than " + n + " events");
    }
}
