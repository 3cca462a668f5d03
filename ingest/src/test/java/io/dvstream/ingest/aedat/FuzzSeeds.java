package io.dvstream.ingest.aedat;

import io.dvstream.events.EventPacket;
import io.dvstream.events.sensor.SensorGeometry;
import io.dvstream.ingest.EventWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Small valid files of every format for the fuzz tests to mutate: synthetic ones always, and ones
 * cut from or re-written from the shared recordings when those are present. Kept small (a few KiB)
 * so that a fuzzer's mutations are likely to hit structure rather than event payload.
 *
 * <p>{@code main(dir)} writes them as the Jazzer seed corpus.
 */
final class FuzzSeeds {

    private FuzzSeeds() {
    }

    static Map<String, byte[]> all(Path scratch) {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        Aedat2Bytes dvs = new Aedat2Bytes().header("\r\n", "#!AER-DAT2.0", Aedat2Bytes.DVS128_CHIP);
        for (int i = 0; i < 200; i++) {
            dvs.record(Aedat2Bytes.dvs128(i % 128, (i * 3) % 128, i % 2 == 0), i == 100 ? 5 : 1_000 + 13 * i);
        }
        dvs.record(0x8000, 4_000); // external event
        seeds.put("aedat2-dvs128-synthetic", dvs.build());
        Aedat2Bytes davis = new Aedat2Bytes().header("\n", "#!AER-DAT2.0", Aedat2Bytes.DAVIS240_CHIP, "#End Of ASCII Header");
        for (int i = 0; i < 100; i++) {
            davis.record(Aedat2Bytes.davis240(i % 240, i % 180, i % 3 == 0), 2_000_000_000 + 997 * i);
            if (i % 20 == 0) {
                for (int w = 0; w < 7; w++) {
                    davis.record(0x8000_0C00 | (w << 28) | ((i * 5 + w) << 12), 2_000_000_000 + 997 * i);
                }
                davis.record(0x8000_0400 | (3 << 12), 2_000_000_000 + 997 * i); // APS sample
            }
        }
        seeds.put("aedat2-davis240-imu-wrap", davis.build());
        seeds.put("aedat31-gesture-synthetic", Aedat31Bytes.gesture(700));
        seeds.put("aedat4-lz4-dependent-blocks", new Aedat4Bytes(Aedat4Bytes.LZ4)
                .stream(0, "EVTS", 346, 260, "capture").stream(2, "IMUS", 0, 0, "capture").stream(5, "TRIG", 0, 0, "capture")
                .events(0, Aedat4Bytes.rows(120, 1_633_953_690_975_950L)).tables(2, "IMUS", 3).tables(5, "TRIG", 2)
                .events(0, Aedat4Bytes.rows(80, 1_633_953_690_985_950L)).withDataTable().build());
        seeds.put("aedat4-none-jaer", new Aedat4Bytes(Aedat4Bytes.NONE).stream(1, "EVTS", 240, 180, "jAER")
                .events(1, Aedat4Bytes.rows(50, 10).clone()).build());

        for (String name : new String[] {SharedRecordings.DVS128, SharedRecordings.DAVIS240, SharedRecordings.AEDAT4}) {
            Path real = sharedOrNull(name);
            if (real == null) {
                continue;
            }
            if (name.equals(SharedRecordings.DVS128)) {
                seeds.put("real-dvs128-head", head(real, 4_612 + 8 * 300));
            }
            for (AedatFormat format : AedatFormat.values()) {
                for (Aedat4Compression c : format == AedatFormat.AEDAT_4_0
                        ? new Aedat4Compression[] {Aedat4Compression.LZ4, Aedat4Compression.ZSTD, Aedat4Compression.NONE}
                        : new Aedat4Compression[] {Aedat4Compression.NONE}) {
                    seeds.put("real-" + name.substring(0, name.indexOf('_')) + "-as-" + format + "-" + c,
                            rewrite(real, 250, format, c, scratch));
                }
            }
        }
        return seeds;
    }

    /** The first {@code events} events of a recording written by our writer: a real header and clock, small. */
    private static byte[] rewrite(Path real, int events, AedatFormat format, Aedat4Compression compression, Path scratch) {
        try {
            Path out = scratch.resolve("seed-" + format + "-" + compression);
            try (RecordingReader in = Recordings.open(real);
                    EventWriter w = RecordingWriters.create(out, format, in.sensor(),
                            WriterOptions.DEFAULTS.withCompression(compression).withEventsPerPacket(100))) {
                EventPacket p = in.next();
                EventPacket head = new EventPacket("seed", p.sensor());
                for (int i = 0; i < Math.min(events, p.size()); i++) {
                    head.append(p.tUs(i), p.x(i), p.y(i), p.isOn(i));
                }
                w.write(head);
            }
            return Files.readAllBytes(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] head(Path file, int bytes) {
        try {
            byte[] all = Files.readAllBytes(file);
            return Arrays.copyOf(all, Math.min(bytes, all.length));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path sharedOrNull(String name) {
        try {
            return SharedRecordings.require(name);
        } catch (org.opentest4j.TestAbortedException e) {
            return null;
        }
    }

    /** Writes the seeds into {@code args[0]} (the Jazzer inputs directory of the fuzz test). */
    public static void main(String[] args) throws IOException {
        Path dir = Files.createDirectories(Path.of(args[0]));
        Path scratch = Files.createTempDirectory("seeds");
        for (Map.Entry<String, byte[]> e : all(scratch).entrySet()) {
            Files.write(dir.resolve(e.getKey()), e.getValue());
        }
    }
}
