package io.dvstream.ingest.aedat;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dvstream.events.EventPacket;
import io.dvstream.ingest.PacketLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes every reader through {@link Recordings#open}: whatever the bytes, a reader either delivers
 * valid packets (numbered, bounded, monotone, inside the sensor) or throws
 * {@link MalformedRecordingException} naming the file. Any other exception, a hang or running out of
 * memory is a finding.
 *
 * <p>The seed corpus ({@code RecordingReaderFuzzTestInputs/readersDeliverValidPacketsOrMalformedRecording/})
 * holds small synthetic files of each format written by {@code FuzzSeeds}; in fuzzing mode files
 * cut from and re-written from the shared recordings join them. Modes:
 * <ul>
 *   <li>{@code ./mvnw -pl ingest test}: regression mode, every seed and every saved finding once;</li>
 *   <li>{@code ./mvnw -pl ingest -am verify -Pfuzz}: libFuzzer for {@code dvstream.fuzz.duration}
 *       (default 10m), mutating the seeds with coverage feedback; findings are saved next to the
 *       seeds, where they become regression inputs.</li>
 * </ul>
 */
class RecordingReaderFuzzTest {

    private static final PacketLimits LIMITS = new PacketLimits(500, 5_000);
    private static final Path FILE = tempFile();

    /**
     * In fuzzing mode, adds seeds cut from the shared recordings (not redistributed, so not in the
     * committed corpus) to Jazzer's generated corpus directory.
     */
    @BeforeAll
    static void addRealSeedsWhenFuzzing() throws IOException {
        String fuzz = System.getenv("JAZZER_FUZZ");
        if (fuzz == null || fuzz.isEmpty()) {
            return;
        }
        Path corpus = Files.createDirectories(Path.of(".cifuzz-corpus", RecordingReaderFuzzTest.class.getName(),
                "readersDeliverValidPacketsOrMalformedRecording"));
        Path scratch = Files.createTempDirectory("seeds");
        for (Map.Entry<String, byte[]> e : FuzzSeeds.all(scratch).entrySet()) {
            Files.write(corpus.resolve(e.getKey()), e.getValue());
        }
    }

    @FuzzTest(maxDuration = "10m")
    void readersDeliverValidPacketsOrMalformedRecording(byte[] bytes) throws IOException {
        Files.write(FILE, bytes);
        checkReader(FILE, bytes.length);
    }

    /** The property, shared with {@link RecordingReaderMutationTest}. */
    static void checkReader(Path file, long fileBytes) throws IOException {
        try (RecordingReader reader = Recordings.open(file, ReaderOptions.DEFAULTS.withLimits(LIMITS)
                .withReadBufferBytes(ReaderOptions.MIN_READ_BUFFER_BYTES))) {
            long sequence = 0;
            long previous = Long.MIN_VALUE;
            long events = 0;
            while (reader.hasNext()) {
                EventPacket p = reader.next();
                assertThat(p.sequence()).isEqualTo(sequence++);
                assertThat(p.size()).isBetween(1, LIMITS.maxEvents());
                assertThat(p.lastTUs() - p.firstTUs()).isLessThan(LIMITS.maxSpanUs());
                for (int i = 0; i < p.size(); i++) {
                    if (p.tUs(i) < previous || !reader.sensor().contains(p.x(i), p.y(i))) {
                        throw new AssertionError("invalid event " + i + " of packet " + p.sequence() + ": (" + p.tUs(i)
                                + ", " + p.x(i) + ", " + p.y(i) + ") after " + previous + " on " + reader.sensor());
                    }
                    previous = p.tUs(i);
                }
                events += p.size();
                // bounded output: uncompressed formats need >= 8 bytes per event; compressed AEDAT 4.0
                // payloads are capped by the reader (256 MiB per packet) - far below this bound for a test input
                assertThat(events).isLessThanOrEqualTo(Math.max(fileBytes, 1) * 1_100L);
            }
            assertThat(reader.stats().events()).isEqualTo(events);
        } catch (MalformedRecordingException e) {
            assertThat(e.getMessage()).startsWith(file + " at byte ");
            assertThat(e.offset()).isBetween(0L, Math.max(fileBytes, 0L));
        }
    }

    private static Path tempFile() {
        try {
            Path f = Files.createTempFile("dvstream-fuzz", ".rec");
            f.toFile().deleteOnExit();
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
