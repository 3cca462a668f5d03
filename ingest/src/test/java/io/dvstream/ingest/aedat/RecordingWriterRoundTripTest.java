package io.dvstream.ingest.aedat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvstream.events.EventPacket;
import io.dvstream.events.sensor.SensorGeometry;
import io.dvstream.ingest.EventWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Read, write, read back: every writer must give back exactly the events it was given. */
class RecordingWriterRoundTripTest {

    private static final long WRAP_32 = 1L << 32;
    private static final long HALF_WRAP_32 = 1L << 31;

    @TempDir
    Path dir;

    /** Each writer variant: format and AEDAT 4.0 compression. */
    static Stream<Arguments> writers() {
        return Stream.of(
                Arguments.of(AedatFormat.AEDAT_2_0, Aedat4Compression.NONE),
                Arguments.of(AedatFormat.AEDAT_3_1, Aedat4Compression.NONE),
                Arguments.of(AedatFormat.AEDAT_4_0, Aedat4Compression.NONE),
                Arguments.of(AedatFormat.AEDAT_4_0, Aedat4Compression.LZ4),
                Arguments.of(AedatFormat.AEDAT_4_0, Aedat4Compression.LZ4_HIGH),
                Arguments.of(AedatFormat.AEDAT_4_0, Aedat4Compression.ZSTD));
    }

    static Stream<Arguments> sharedRecordingsThroughEveryWriter() {
        List<Arguments> all = new ArrayList<>();
        for (String name : List.of(SharedRecordings.DVS128, SharedRecordings.DAVIS240, SharedRecordings.AEDAT4)) {
            writers().forEach(w -> all.add(Arguments.of(name, w.get()[0], w.get()[1])));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @MethodSource("sharedRecordingsThroughEveryWriter")
    void shouldWriteEverySharedRecordingBackExactly(String name, AedatFormat format, Aedat4Compression compression)
            throws IOException {
        Path source = SharedRecordings.require(name);
        RecordedEvents original = RecordedEvents.read(source);
        Path target = dir.resolve("copy");
        WriterOptions options = WriterOptions.DEFAULTS.withCompression(compression).withEventsPerPacket(5_000);
        try (RecordingReader in = Recordings.open(source);
                EventWriter out = RecordingWriters.create(target, format, in.sensor(), options)) {
            while (in.hasNext()) {
                out.write(in.next());
            }
            assertThat(out.eventsWritten()).isEqualTo(original.size());
        }
        assertSameEvents(original, RecordedEvents.read(target));
        assertThat(AedatFormat.sniff(target)).isEqualTo(format);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("writers")
    void shouldRoundTripAcrossThe32BitWrapAndThe31BitOverflow(AedatFormat format, Aedat4Compression compression)
            throws IOException {
        EventPacket p = new EventPacket("wrap", SensorGeometry.DVS128);
        // from 1 ms through 2^31 (AEDAT 3.1 overflow 0 -> 1) and 2^32 (AEDAT 2.0 wraps) to 3 * 2^32
        long t = 1_000;
        for (int i = 0; t < 3 * WRAP_32; i++) {
            p.append(t, i % 128, (i * 7) % 128, i % 3 == 0);
            t += (i % 5 == 0) ? HALF_WRAP_32 - 1 : 17;
        }
        p.append(WRAP_32 * 3 + 5, 127, 127, true);
        assertRoundTrip(format, compression, p);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("writers")
    void shouldRoundTripTimesJustBelowAndAbove2To32(AedatFormat format, Aedat4Compression compression)
            throws IOException {
        EventPacket p = new EventPacket("edge", SensorGeometry.DVS128);
        for (int i = 0; i < 200; i++) {
            p.append(WRAP_32 - 100 + i, i % 128, 0, true);
        }
        assertRoundTrip(format, compression, p);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("writers")
    void shouldRoundTripUnixMicrosecondTimes(AedatFormat format, Aedat4Compression compression) throws IOException {
        EventPacket p = new EventPacket("unix", SensorGeometry.DAVIS346);
        for (int i = 0; i < 3_000; i++) {
            p.append(1_633_953_690_975_950L + 3L * i, (i * 11) % 346, (i * 5) % 260, i % 2 == 0);
        }
        assertRoundTrip(format, compression, p);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("writers")
    void shouldRoundTripOneEvent(AedatFormat format, Aedat4Compression compression) throws IOException {
        EventPacket p = new EventPacket("one", SensorGeometry.DAVIS240);
        p.append(42, 239, 0, false);
        assertRoundTrip(format, compression, p);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("writers")
    void shouldWriteAnEmptyRecordingThatReadsAsNoEvents(AedatFormat format, Aedat4Compression compression)
            throws IOException {
        Path file = dir.resolve("empty");
        RecordingWriters.create(file, format, SensorGeometry.DAVIS346, WriterOptions.DEFAULTS.withCompression(compression))
                .close();
        try (RecordingReader reader = Recordings.open(file)) {
            assertThat(reader.sensor()).isEqualTo(SensorGeometry.DAVIS346);
            assertThat(reader.hasNext()).isFalse();
            assertThat(reader.stats().events()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(AedatFormat.class)
    void shouldAcceptManySmallPacketsAndCloseTwice(AedatFormat format) throws IOException {
        Path file = dir.resolve("small");
        EventPacket all = new EventPacket("small", SensorGeometry.DVS128);
        try (EventWriter out = RecordingWriters.create(file, format, SensorGeometry.DVS128,
                WriterOptions.DEFAULTS.withEventsPerPacket(7))) {
            for (int i = 0; i < 100; i++) {
                EventPacket p = new EventPacket("small", SensorGeometry.DVS128);
                p.append(10L * i, i, 127 - i, i % 2 == 1);
                p.append(10L * i + 1, i, i, i % 2 == 0);
                out.write(p);
                all.append(10L * i, i, 127 - i, i % 2 == 1);
                all.append(10L * i + 1, i, i, i % 2 == 0);
            }
            out.close();
            assertThat(out.eventsWritten()).isEqualTo(200);
        }
        assertSameEvents(RecordedEvents.of(all), RecordedEvents.read(file));
    }

    @Test
    void shouldRefuseSensorsAedat2CannotDescribe() {
        assertThatThrownBy(() -> RecordingWriters.create(dir.resolve("x.aedat"), AedatFormat.AEDAT_2_0,
                SensorGeometry.DVXPLORER, WriterOptions.DEFAULTS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("AEDAT 2.0 cannot store events of a dvxplorer 640x480 sensor: jAER address layouts exist only "
                        + "for DVS128 (128x128), DAVIS240 (240x180) and DAVIS346 (346x260); write AEDAT 3.1 or 4.0 instead");
        assertThat(RecordingWriters.canWrite(AedatFormat.AEDAT_2_0, SensorGeometry.DVXPLORER)).isFalse();
        assertThat(RecordingWriters.canWrite(AedatFormat.AEDAT_3_1, SensorGeometry.DVXPLORER)).isTrue();
    }

    @Test
    void shouldRefuseCustomSensorsInAedat31ButWriteThemInAedat4() throws IOException {
        SensorGeometry atis = SensorGeometry.custom(304, 240);
        assertThatThrownBy(() -> RecordingWriters.create(dir.resolve("x.aedat"), AedatFormat.AEDAT_3_1, atis,
                WriterOptions.DEFAULTS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("AEDAT 3.1 cannot store events of a custom 304x240 sensor")
                .hasMessageContaining("write AEDAT 4.0 instead");
        EventPacket p = new EventPacket("atis", atis);
        p.append(5, 303, 239, true);
        assertRoundTrip(AedatFormat.AEDAT_4_0, Aedat4Compression.LZ4, p);
    }

    @Test
    void shouldRefuseGapsAedat2CannotStore() throws IOException {
        try (EventWriter out = RecordingWriters.create(dir.resolve("gap.aedat"), AedatFormat.AEDAT_2_0,
                SensorGeometry.DVS128, WriterOptions.DEFAULTS)) {
            EventPacket p = new EventPacket("gap", SensorGeometry.DVS128);
            p.append(0, 1, 1, true);
            p.append(HALF_WRAP_32, 1, 1, true);
            assertThatThrownBy(() -> out.write(p)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("events must be less than 2^31 us apart; event 1 at 2147483648 us");
            assertThat(out.eventsWritten()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(AedatFormat.class)
    void shouldRefuseOutOfOrderPacketsAndOtherSensors(AedatFormat format) throws IOException {
        try (EventWriter out = RecordingWriters.create(dir.resolve("order"), format, SensorGeometry.DVS128,
                WriterOptions.DEFAULTS)) {
            EventPacket late = new EventPacket("cam", SensorGeometry.DVS128);
            late.append(1_000, 0, 0, true);
            out.write(late);
            EventPacket early = new EventPacket("cam", SensorGeometry.DVS128);
            early.append(999, 0, 0, true);
            assertThatThrownBy(() -> out.write(early)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("camera cam: packet starts at 999 us, before the last event written");
            EventPacket davis = new EventPacket("cam", SensorGeometry.DAVIS346);
            davis.append(2_000, 0, 0, true);
            assertThatThrownBy(() -> out.write(davis)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("differs from the dvs128 128x128 sensor");
        }
    }

    @Test
    void shouldWriteAJaerCompatibleAedat2Header() throws IOException {
        Path file = dir.resolve("h.aedat");
        EventPacket p = new EventPacket("h", SensorGeometry.DAVIS346);
        p.append(1_000, 0, 0, true);
        try (EventWriter out = RecordingWriters.create(file, AedatFormat.AEDAT_2_0, SensorGeometry.DAVIS346,
                WriterOptions.DEFAULTS.withStartTime(java.time.Instant.ofEpochMilli(1_460_739_276_000L)))) {
            out.write(p);
        }
        byte[] bytes = Files.readAllBytes(file);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        String header = text.substring(0, text.indexOf("#End Of ASCII Header\r\n") + 22);
        assertThat(header).startsWith("#!AER-DAT2.0\r\n")
                .contains("# AEChip: eu.seebetter.ini.chips.davis.Davis346B\r\n")
                .contains("# DataStartTime: System.currentTimeMillis() 1460739276000\r\n")
                .doesNotContain("TimestampOffsetUs");
        assertThat(header.lines()).allMatch(l -> l.startsWith("#"));
        ByteBuffer record = ByteBuffer.wrap(bytes, header.length(), 8);
        assertThat(record.getInt()).isEqualTo((345 << 12) | (259 << 22) | 0x800); // raw x, y flipped; ON = bit 11
        assertThat(record.getInt()).isEqualTo(1_000);
        try (RecordingReader reader = Recordings.open(file)) {
            assertThat(reader.header().startTime()).contains(java.time.Instant.ofEpochMilli(1_460_739_276_000L));
        }
    }

    @Test
    void shouldWriteCorrectAedat31PacketHeaders() throws IOException {
        Path file = dir.resolve("p.aedat");
        EventPacket p = new EventPacket("p", SensorGeometry.DVS128);
        p.append(HALF_WRAP_32 - 1, 3, 4, true);
        p.append(HALF_WRAP_32 + 9, 5, 6, false);
        try (EventWriter out = RecordingWriters.create(file, AedatFormat.AEDAT_3_1, SensorGeometry.DVS128,
                WriterOptions.DEFAULTS)) {
            out.write(p);
        }
        byte[] bytes = Files.readAllBytes(file);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int data = text.indexOf("#!END-HEADER\r\n") + 14;
        assertThat(text.substring(0, data)).startsWith("#!AER-DAT3.1\r\n#Format: RAW\r\n#Source 1: DVS128\r\n#Start-Time: ");
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        // two packets, one per overflow value, each: type, source, size, tsOffset, overflow, capacity, number, valid
        int second = data + 28 + 8;
        assertThat(bytes.length).isEqualTo(second + 28 + 8);
        assertPacketHeader(b, data, 0);
        assertPacketHeader(b, second, 1);
        assertThat(b.getInt(data + 28)).isEqualTo((3 << 17) | (4 << 2) | 2 | 1);
        assertThat(b.getInt(data + 32)).isEqualTo(Integer.MAX_VALUE);
        assertThat(b.getInt(second + 28)).isEqualTo((5 << 17) | (6 << 2) | 1);
        assertThat(b.getInt(second + 32)).isEqualTo(9);
    }

    @Test
    void shouldPatchTheDataTablePositionAndListEveryPacketInTheTable() throws IOException {
        Path file = dir.resolve("t.aedat4");
        EventPacket p = new EventPacket("t", SensorGeometry.DVS128);
        for (int i = 0; i < 25; i++) {
            p.append(100L + i, i, i, true);
        }
        try (EventWriter out = RecordingWriters.create(file, AedatFormat.AEDAT_4_0, SensorGeometry.DVS128,
                WriterOptions.DEFAULTS.withCompression(Aedat4Compression.NONE).withEventsPerPacket(10))) {
            out.write(p);
        }
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        int headerSize = b.getInt(14);
        ByteBuffer header = b.slice(18, headerSize).order(ByteOrder.LITTLE_ENDIAN);
        FlatBufferTable ioHeader = FlatBufferTable.root(header, 0);
        long tableAt = ioHeader.getLong(1, -1);
        assertThat(ioHeader.getInt(0, -1)).isZero();
        assertThat(ioHeader.getString(2)).contains("<attr key=\"typeIdentifier\" type=\"string\">EVTS</attr>")
                .contains("<attr key=\"sizeX\" type=\"int\">128</attr>");
        ByteBuffer ftab = b.slice((int) tableAt, b.limit() - (int) tableAt).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(FlatBufferTable.identifier(ftab, 4)).isEqualTo("FTAB");
        FlatBufferTable table = FlatBufferTable.root(ftab, 4);
        assertThat(table.vectorLength(0, 4)).isEqualTo(3);
        long firstPayload = 18 + headerSize + 8;
        int firstEntry = table.vectorData(0);
        int entry = firstEntry + ftab.getInt(firstEntry);
        int vtable = entry - ftab.getInt(entry);
        assertThat(ftab.getLong(entry + ftab.getShort(vtable + 4))).isEqualTo(firstPayload);
        assertThat(ftab.getLong(entry + ftab.getShort(vtable + 8))).isEqualTo(10); // NumElements
        assertThat(ftab.getLong(entry + ftab.getShort(vtable + 10))).isEqualTo(100); // TimestampStart
        assertThat(ftab.getLong(entry + ftab.getShort(vtable + 12))).isEqualTo(109); // TimestampEnd
        assertThat(FlatBufferTable.identifier(b.slice((int) firstPayload, 12).order(ByteOrder.LITTLE_ENDIAN), 4))
                .isEqualTo("EVTS");
    }

    private static void assertPacketHeader(ByteBuffer b, int at, int overflow) {
        assertThat(b.getShort(at)).isEqualTo((short) 1);
        assertThat(b.getShort(at + 2)).isEqualTo((short) 1);
        assertThat(b.getInt(at + 4)).isEqualTo(8);
        assertThat(b.getInt(at + 8)).isEqualTo(4);
        assertThat(b.getInt(at + 12)).isEqualTo(overflow);
        assertThat(b.getInt(at + 16)).isEqualTo(1);
        assertThat(b.getInt(at + 20)).isEqualTo(1);
        assertThat(b.getInt(at + 24)).isEqualTo(1);
    }

    private void assertRoundTrip(AedatFormat format, Aedat4Compression compression, EventPacket events)
            throws IOException {
        Path file = dir.resolve("rt-" + format + "-" + compression);
        try (EventWriter out = RecordingWriters.create(file, format, events.sensor(),
                WriterOptions.DEFAULTS.withCompression(compression).withEventsPerPacket(64))) {
            out.write(events);
        }
        assertSameEvents(RecordedEvents.of(events), RecordedEvents.read(file));
    }

    static void assertSameEvents(RecordedEvents expected, RecordedEvents actual) {
        int diff = expected.firstDifference(actual);
        assertThat(diff).as("first differing event: expected %s, got %s (of %d expected, %d read)",
                expected.describe(diff), actual.describe(diff), expected.size(), actual.size()).isEqualTo(-1);
        assertThat(actual.sensor().width()).isEqualTo(expected.sensor().width());
        assertThat(actual.sensor().height()).isEqualTo(expected.sensor().height());
    }
}
