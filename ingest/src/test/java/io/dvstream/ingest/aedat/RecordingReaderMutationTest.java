package io.dvstream.ingest.aedat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fuzz property of {@link RecordingReaderFuzzTest} over seeded random mutations of the same
 * seeds, for a fixed time in every build (Jazzer's regression mode only replays saved inputs):
 * {@code dvstream.mutation.seconds} (default 10) and {@code dvstream.mutation.seed} (default: a new
 * one, printed) reproduce a run. A failing input is saved under {@code target/mutation-failures/}.
 */
class RecordingReaderMutationTest {

    private static final int[] INTERESTING_INTS = {0, 1, -1, 7, 8, 27, 28, 29, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF,
        Integer.MAX_VALUE, Integer.MIN_VALUE, 1 << 20, 1 << 28};

    @TempDir
    Path dir;

    @Test
    void shouldDeliverValidPacketsOrReportMalformedRecordingsUnderRandomMutation() throws IOException {
        long seconds = Long.getLong("dvstream.mutation.seconds", 10);
        long seed = Long.getLong("dvstream.mutation.seed", System.nanoTime());
        Random random = new Random(seed);
        List<byte[]> seeds = new ArrayList<>(FuzzSeeds.all(dir).values());
        Path file = dir.resolve("mutant");
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        long executions = 0;
        while (System.nanoTime() < deadline) {
            byte[] input = mutate(seeds.get(random.nextInt(seeds.size())), random);
            Files.write(file, input);
            executions++;
            try {
                assertTimeoutPreemptively(Duration.ofSeconds(10), () -> RecordingReaderFuzzTest.checkReader(file, input.length));
            } catch (Throwable t) {
                Path saved = Files.createDirectories(Path.of("target", "mutation-failures")).resolve("seed-" + seed + "-" + executions);
                Files.write(saved, input);
                throw new AssertionError("mutation seed " + seed + ", execution " + executions + ", input saved to "
                        + saved.toAbsolutePath() + ": " + t, t);
            }
        }
        System.out.printf("RecordingReaderMutationTest: %,d executions in %d s over %d seeds (seed %d)%n", executions,
                seconds, seeds.size(), seed);
        assertThat(executions).isPositive();
    }

    /** 1-4 mutations of the kinds that break structure: bit flips, interesting ints, cuts, splices. */
    static byte[] mutate(byte[] original, Random r) {
        byte[] b = original.clone();
        int n = 1 + r.nextInt(4);
        for (int k = 0; k < n && b.length > 0; k++) {
            switch (r.nextInt(7)) {
                case 0 -> b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
                case 1 -> b[r.nextInt(b.length)] = (byte) INTERESTING_INTS[r.nextInt(INTERESTING_INTS.length)];
                case 2 -> {
                    if (b.length >= 4) {
                        int at = r.nextInt(b.length - 3);
                        int v = INTERESTING_INTS[r.nextInt(INTERESTING_INTS.length)];
                        boolean little = r.nextBoolean();
                        for (int i = 0; i < 4; i++) {
                            b[at + i] = (byte) (little ? v >>> (8 * i) : v >>> (8 * (3 - i)));
                        }
                    }
                }
                case 3 -> b = Arrays.copyOf(b, r.nextInt(b.length + 1));
                case 4 -> {
                    int from = r.nextInt(b.length);
                    int len = Math.min(b.length - from, 1 + r.nextInt(64));
                    byte[] grown = new byte[b.length + len];
                    int at = r.nextInt(b.length + 1);
                    System.arraycopy(b, 0, grown, 0, at);
                    System.arraycopy(b, from, grown, at, len);
                    System.arraycopy(b, at, grown, at + len, b.length - at);
                    b = grown;
                }
                case 5 -> {
                    int at = r.nextInt(b.length);
                    int len = Math.min(b.length - at, 1 + r.nextInt(64));
                    byte[] shrunk = new byte[b.length - len];
                    System.arraycopy(b, 0, shrunk, 0, at);
                    System.arraycopy(b, at + len, shrunk, at, b.length - at - len);
                    b = shrunk;
                }
                default -> {
                    int at = r.nextInt(b.length);
                    b[at] = (byte) r.nextInt(256);
                }
            }
        }
        return b;
    }

    @Test
    void shouldMutateDeterministicallyForAGivenSeed() {
        byte[] seed = new byte[100];
        assertThat(mutate(seed, new Random(42))).isEqualTo(mutate(seed, new Random(42)));
    }
}
