package io.dvstream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dvstream.events.EventPacket;
import io.dvstream.events.sensor.SensorGeometry;
import io.dvstream.ingest.EventWriter;
import io.dvstream.ingest.aedat.AedatFormat;
import io.dvstream.ingest.aedat.RecordingReader;
import io.dvstream.ingest.aedat.RecordingWriters;
import io.dvstream.ingest.aedat.Recordings;
import io.dvstream.ingest.aedat.WriterOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConvertCommandTest {

    @TempDir
    Path dir;

    @Test
    void shouldConvertASharedRecordingToEveryFormatAndReadItBack() throws IOException {
        Path alex = sharedRecording("dvs128_alex_walking_again.aedat");
        Path aedat4 = dir.resolve("alex.aedat4");
        Object[] r = CommandLineTest.run("convert", alex.toString(), aedat4.toString(), "--compression", "zstd");
        assertThat(r[0]).as("stderr: %s", r[2]).isEqualTo(0);
        assertThat((String) r[1]).contains("Wrote 19,182 events (AEDAT 4.0, dvs128 128x128) to " + aedat4);
        assertThat(AedatFormat.sniff(aedat4)).isEqualTo(AedatFormat.AEDAT_4_0);

        Path aedat31 = dir.resolve("alex31.aedat");
        r = CommandLineTest.run("convert", aedat4.toString(), aedat31.toString(), "--format", "aedat31");
        assertThat(r[0]).as("stderr: %s", r[2]).isEqualTo(0);
        Path back = dir.resolve("alex-back.aedat");
        r = CommandLineTest.run("convert", aedat31.toString(), back.toString());
        assertThat(r[0]).as("stderr: %s", r[2]).isEqualTo(0);
        assertThat((String) r[2]).contains("note: .aedat is used by both AEDAT 2.0 and 3.1; writing AEDAT 2.0");
        assertThat(AedatFormat.sniff(back)).isEqualTo(AedatFormat.AEDAT_2_0);

        assertThat(checksum(back)).isEqualTo(checksum(alex));
        try (RecordingReader reader = Recordings.open(back)) {
            EventPacket first = reader.next();
            assertThat(first.tUs(0)).isEqualTo(41_306_606);
            assertThat(first.x(0)).isEqualTo(62);
            assertThat(first.y(0)).isEqualTo(9);
            assertThat(first.isOn(0)).isFalse();
        }
    }

    @Test
    void shouldWriteAedat31ForPlainAedatWhenTheSensorHasNoJaerLayout() throws IOException {
        Path in = dir.resolve("dvx.aedat4");
        EventPacket p = new EventPacket("dvx", SensorGeometry.DVXPLORER);
        for (int i = 0; i < 1_000; i++) {
            p.append(1_000L * i, i % 640, i % 480, i % 2 == 0);
        }
        try (EventWriter w = RecordingWriters.create(in, AedatFormat.AEDAT_4_0, SensorGeometry.DVXPLORER, WriterOptions.DEFAULTS)) {
            w.write(p);
        }
        Path out = dir.resolve("dvx.aedat");
        Object[] r = CommandLineTest.run("convert", in.toString(), out.toString());
        assertThat(r[0]).as("stderr: %s", r[2]).isEqualTo(0);
        assertThat((String) r[2]).contains("writing AEDAT 3.1 because AEDAT 2.0 has no layout for dvxplorer 640x480");
        assertThat((String) r[1]).contains("Wrote 1,000 events (AEDAT 3.1, dvxplorer 640x480)");
        assertThat(checksum(out)).isEqualTo(checksum(in));

        r = CommandLineTest.run("convert", in.toString(), dir.resolve("dvx.aedat2").toString());
        assertThat(r[0]).isEqualTo(2);
        assertThat((String) r[2]).contains("AEDAT 2.0 cannot store events of a dvxplorer 640x480 sensor");
    }

    @Test
    void shouldRefuseUnclearOutputsAndMisplacedCompression() throws IOException {
        Path in = dir.resolve("in.aedat4");
        RecordingWriters.create(in, AedatFormat.AEDAT_4_0, SensorGeometry.DVS128, WriterOptions.DEFAULTS).close();
        Object[] r = CommandLineTest.run("convert", in.toString(), dir.resolve("out.bin").toString());
        assertThat(r[0]).isEqualTo(2);
        assertThat((String) r[2]).contains("cannot tell the output format from 'out.bin'");
        r = CommandLineTest.run("convert", in.toString(), dir.resolve("out.aedat2").toString(), "--compression", "zstd");
        assertThat(r[0]).isEqualTo(2);
        assertThat((String) r[2]).contains("--compression applies to AEDAT 4.0 output only");
        r = CommandLineTest.run("convert", in.toString(), in.toString());
        assertThat(r[0]).isEqualTo(2);
        assertThat((String) r[2]).contains("OUT is the same file as IN");
        r = CommandLineTest.run("convert", in.toString(), dir.resolve("empty.aedat").toString());
        assertThat(r[0]).isEqualTo(0);
        assertThat((String) r[1]).contains("Wrote 0 events (AEDAT 2.0");
    }

    /** Count, and a hash over every event's time, x, y and polarity. */
    private static String checksum(Path file) throws IOException {
        long n = 0;
        long h = 17;
        try (RecordingReader reader = Recordings.open(file)) {
            while (reader.hasNext()) {
                EventPacket p = reader.next();
                for (int i = 0; i < p.size(); i++) {
                    h = 31 * (31 * (31 * (31 * h + p.tUs(i)) + p.x(i)) + p.y(i)) + p.polarity(i);
                }
                n += p.size();
            }
        }
        return n + " events, hash " + h;
    }

    /** The shared recording, looked up like the ingest tests do (a worktree sits deeper than the main checkout). */
    static Path sharedRecording(String name) {
        String property = System.getProperty("dvstream.recordings");
        if (property != null && Files.isRegularFile(Path.of(property, name))) {
            return Path.of(property, name);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared").resolve("recordings").resolve(name);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        assumeTrue(false, "shared recording " + name + " not present: skipping");
        return null;
    }
}
