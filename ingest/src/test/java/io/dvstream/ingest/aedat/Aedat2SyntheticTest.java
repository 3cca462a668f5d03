package io.dvstream.ingest.aedat;

import static io.dvstream.ingest.aedat.Aedat4ReaderTest.assertEvent;
import static org.assertj.core.api.Assertions.assertThat;

import io.dvstream.events.EventPacket;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AEDAT 2.0 header and body cases the shared recordings do not cover, on files built byte by byte. */
class Aedat2SyntheticTest {

    @TempDir
    Path dir;

    @Test
    void shouldParseLfOnlyHeaderWithEndMarkerAndDataStartTime() throws IOException {
        Path file = write(new Aedat2Bytes()
                .header("\n", "#!AER-DAT2.0", Aedat2Bytes.DVS128_CHIP,
                        "# DataStartTime: System.currentTimeMillis() 1460739276000", "#End Of ASCII Header")
                // first data byte is '#' (0x23): the end marker says it is data
                .record(0x2300_0000 | Aedat2Bytes.dvs128(3, 4, true), 100));
        try (RecordingReader reader = Recordings.open(file)) {
            assertThat(reader.header().startTime()).contains(Instant.ofEpochMilli(1_460_739_276_000L));
            assertEvent(reader.next(), 0, 100, 3, 4, true);
        }
    }

    @Test
    void shouldTakeHashStartedDavisRecordAsDataWhenEndMarkerIsMissing() throws IOException {
        int address = Aedat2Bytes.davis240(10, 179 - 140, false); // raw y 140: first byte 0x23 '#'
        assertThat(address >>> 24).isEqualTo('#');
        Path file = write(new Aedat2Bytes()
                .header("\r\n", "#!AER-DAT2.0", Aedat2Bytes.DAVIS240_CHIP, "# created Fri Sep 18 09:50:42 CEST 2015")
                .record(address, 0x0A0A_0A0A).record(Aedat2Bytes.davis240(11, 12, true), 0x0A0A_0A0B));
        try (RecordingReader reader = Recordings.open(file)) {
            assertThat(reader.header().dataOffset()).isEqualTo(Files.size(file) - 16);
            EventPacket p = reader.next();
            assertThat(p.size()).isEqualTo(2);
            assertEvent(p, 0, 0x0A0A_0A0A, 10, 39, false);
            assertEvent(p, 1, 0x0A0A_0A0B, 11, 12, true);
        }
    }

    @Test
    void shouldCountSpecialAndApsRecordsApartFromEvents() throws IOException {
        Path dvs = write(new Aedat2Bytes().header("\r\n", "#!AER-DAT2.0", Aedat2Bytes.DVS128_CHIP)
                .record(Aedat2Bytes.dvs128(0, 0, true), 1).record(0x8000, 2).record(Aedat2Bytes.dvs128(127, 127, false), 3));
        Totals totals = Totals.of(dvs, ReaderOptions.DEFAULTS);
        assertThat(totals.events).isEqualTo(2);
        assertThat(totals.stats.specialEvents()).isEqualTo(1);

        Path davis = write(new Aedat2Bytes().header("\r\n", "#!AER-DAT2.0", Aedat2Bytes.DAVIS240_CHIP)
                .record(0x8000_0400 | (5 << 12), 1) // APS signal read
                .record(0x0000_0402, 2) // external input, falling edge
                .record(Aedat2Bytes.davis240(239, 179, true), 3));
        totals = Totals.of(davis, ReaderOptions.DEFAULTS);
        assertThat(totals.events).isEqualTo(1);
        assertThat(totals.stats.apsSamples()).isEqualTo(1);
        assertThat(totals.stats.specialEvents()).isEqualTo(1);
    }

    @Test
    void shouldUnwrap32BitTimestamps() throws IOException {
        Path file = write(new Aedat2Bytes().header("\r\n", "#!AER-DAT2.0", Aedat2Bytes.DVS128_CHIP)
                .record(Aedat2Bytes.dvs128(1, 1, true), 0x7FFF_FFF0)
                .record(Aedat2Bytes.dvs128(1, 1, true), 0x8000_0010) // negative as int32, still later
                .record(Aedat2Bytes.dvs128(1, 1, true), 0xFFFF_FFF0)
                .record(Aedat2Bytes.dvs128(1, 1, true), 0x0000_0010)); // wrapped
        try (RecordingReader reader = Recordings.open(file)) {
            EventPacket p = reader.next();
            assertThat(p.size()).as("the first two are 32 us apart, the third ~36 min later").isEqualTo(2);
            assertThat(p.lastTUs()).isEqualTo(0x8000_0010L);
            long last = p.lastTUs();
            while (reader.hasNext()) {
                last = reader.next().lastTUs();
            }
            assertThat(last).isEqualTo((1L << 32) + 0x10);
            assertThat(reader.stats().timestampWraps()).isEqualTo(1);
        }
    }

    @Test
    void shouldAssembleImuSamplesAndCountOrphanWords() throws IOException {
        Aedat2Bytes bytes = new Aedat2Bytes().header("\r\n", "#!AER-DAT2.0", Aedat2Bytes.DAVIS240_CHIP);
        bytes.record(imuWord(5, 1), 10).record(imuWord(6, 2), 10); // tail of a sample cut by the file start
        for (int code = 0; code < 7; code++) {
            bytes.record(imuWord(code, -code), 20);
        }
        bytes.record(imuWord(0, 9), 30); // head of a sample cut by the file end
        java.util.List<ImuSample> samples = new java.util.ArrayList<>();
        Totals totals = Totals.of(write(bytes), ReaderOptions.DEFAULTS.withImuListener(samples::add));
        assertThat(samples).containsExactly(new ImuSample(20, (short) 0, (short) -1, (short) -2, (short) -3,
                (short) -4, (short) -5, (short) -6));
        assertThat(totals.stats.imuOrphanWords()).isEqualTo(3);
        assertThat(totals.events).isZero();
    }

    private static int imuWord(int code, int value) {
        return 0x8000_0C00 | (code << 28) | ((value & 0xFFFF) << 12);
    }

    private Path write(Aedat2Bytes bytes) throws IOException {
        return Files.write(Files.createTempFile(dir, "synthetic", ".aedat"), bytes.build());
    }
}
