package io.dvstream.bench;

import io.dvstream.model.Ds2ta;
import io.dvstream.model.Ds2taState;
import io.dvstream.model.ModelConfig;
import io.dvstream.model.Nd4jThreads;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The gesture job's per-step costs in <b>thread CPU time</b>, which a crowded machine distorts far
 * less than wall time (JMH's measure): on the 2 shared vCPUs of this project, wall-clock step times
 * swing 10-50x with other builds while the CPU time a step needs stays put (caches and frequency
 * aside). One stream state per camera, AUTO accumulation, 1 ND4J thread (so ND4J and OpenBLAS run
 * on the calling thread and its CPU time covers them), seeded random weights (synthetic) on
 * synthetic frames of density 0.05, as {@link ModelBenchmark}. Reports, median over rounds:
 *
 * <ul>
 *   <li>{@code live}: one {@code Ds2ta.step} on a live state (the inference operator now);</li>
 *   <li>{@code bytes round trip}: {@code Ds2taState.fromBytes} + {@code toBytes} alone (what the
 *       operator paid per frame before, on top of the step);</li>
 *   <li>{@code batch B}: one {@code Ds2ta.step(List, List)} of B streams, per stream (what
 *       micro-batching cameras on one subtask would cost per camera step).</li>
 * </ul>
 * Usage: {@code java -cp bench/target/benchmarks.jar io.dvstream.bench.StepCpuTime [PRESET [ROUNDS [STEPS]]]}.
 */
public final class StepCpuTime {

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private StepCpuTime() {
    }

    public static void main(String[] args) {
        String preset = args.length > 0 ? args[0] : ModelConfig.SMALL_1_64;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 40;
        Nd4jThreads.set(1);
        ModelConfig c = ModelConfig.preset(preset);
        long w0 = System.nanoTime();
        long c0 = CPU.getCurrentThreadCpuTime();
        Ds2ta model = Ds2ta.random(c, 1);
        System.out.printf(Locale.ROOT, "model built in a fresh JVM (ND4J start-up, weights): wall %.0f ms, CPU %.0f ms%n",
                (System.nanoTime() - w0) / 1e6, (CPU.getCurrentThreadCpuTime() - c0) / 1e6);
        List<float[]> cycle = frames(c, 32);
        int[] batches = {1, 2, 4, 8, 16};
        double[][] batchMs = new double[batches.length][rounds];
        double[] liveMs = new double[rounds];
        double[] bytesMs = new double[rounds];
        Ds2taState live = model.newState();
        StringBuilder first = new StringBuilder("first 10 steps, CPU ms (what Ds2taClassifier.open() now warms up):");
        for (int i = 0; i < 10; i++) { // warm-up: JIT and ND4J start-up
            c0 = CPU.getCurrentThreadCpuTime();
            model.step(cycle.get(i), live);
            first.append(String.format(Locale.ROOT, " %.1f", (CPU.getCurrentThreadCpuTime() - c0) / 1e6));
        }
        System.out.println(first);
        byte[] bytes = live.toBytes();
        for (int r = 0; r < rounds; r++) {
            long t0 = CPU.getCurrentThreadCpuTime();
            for (int i = 0; i < steps; i++) {
                model.step(cycle.get(i & 31), live);
            }
            liveMs[r] = (CPU.getCurrentThreadCpuTime() - t0) / 1e6 / steps;
            t0 = CPU.getCurrentThreadCpuTime();
            for (int i = 0; i < steps; i++) {
                bytes = Ds2taState.fromBytes(c, bytes).toBytes();
            }
            bytesMs[r] = (CPU.getCurrentThreadCpuTime() - t0) / 1e6 / steps;
            for (int b = 0; b < batches.length; b++) {
                int n = batches[b];
                List<Ds2taState> states = new ArrayList<>();
                for (int k = 0; k < n; k++) {
                    states.add(model.newState());
                }
                int calls = Math.max(2, steps / n);
                List<float[]> in = new ArrayList<>(cycle.subList(0, n));
                model.step(in, states); // this batch size's first call (shapes) outside the timing
                t0 = CPU.getCurrentThreadCpuTime();
                for (int i = 0; i < calls; i++) {
                    for (int k = 0; k < n; k++) {
                        in.set(k, cycle.get((i * n + k) & 31));
                    }
                    model.step(in, states);
                }
                batchMs[b][r] = (CPU.getCurrentThreadCpuTime() - t0) / 1e6 / calls / n;
            }
        }
        System.out.printf(Locale.ROOT, "%s, %d rounds x %d steps, thread CPU ms, median [min..max] over rounds; state %,d bytes%n",
                preset, rounds, steps, live.sizeBytes());
        print("live step", liveMs);
        print("bytes round trip", bytesMs);
        for (int b = 0; b < batches.length; b++) {
            print("batch " + batches[b] + " per stream", batchMs[b]);
        }
        String load;
        try {
            load = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            load = "unknown";
        }
        System.out.println("load average: " + load);
    }

    private static void print(String what, double[] ms) {
        double[] s = ms.clone();
        Arrays.sort(s);
        System.out.printf(Locale.ROOT, "  %-22s %8.3f  [%.3f .. %.3f]%n", what, s[s.length / 2], s[0], s[s.length - 1]);
    }

    private static List<float[]> frames(ModelConfig c, int n) {
        var rnd = new SplittableRandom(2);
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] f = new float[2 * c.inputHeight() * c.inputWidth()];
            for (int j = 0; j < f.length; j++) {
                f[j] = rnd.nextDouble() < 0.05 ? 1 + rnd.nextInt(3) : 0;
            }
            out.add(f);
        }
        return out;
    }
}
