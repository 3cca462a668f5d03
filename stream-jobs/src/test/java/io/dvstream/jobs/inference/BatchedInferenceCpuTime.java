package io.dvstream.jobs.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvstream.jobs.OperatorMetrics;
import io.dvstream.jobs.binning.SparseFrame;
import io.dvstream.model.Ds2ta;
import io.dvstream.model.ModelConfig;
import io.dvstream.model.StreamingConfig.WindowMode;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A measurement, not a test (skipped unless {@code -Ddvstream.bench.cpu=true}): the inference
 * operator's <b>thread CPU time per frame</b> with micro-batching off ({@link InferenceFunction})
 * and at {@code inference.batch.max} 2, 4, 8, everything the operator does included (pooling,
 * keyed state, windows, the classifier). DS2TA with seeded random weights (synthetic), 8 cameras
 * whose frames arrive round robin (the case batching is for: a backlog, frames of many cameras back
 * to back), 128x128 frames of about 400 events pooled onto the model's input. The harness calls the
 * operator on this thread, so this thread's CPU time is the operator's (ND4J: 1 thread). Thread CPU
 * time, because the machine is shared (docs/benchmarks.md); the minimum over rounds is the least
 * disturbed figure.
 *
 * <pre>
 * nice -n 10 ./mvnw -B -o -pl stream-jobs -am test -Dtest=BatchedInferenceCpuTime -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Ddvstream.bench.cpu=true [-Ddvstream.bench.preset=small-1-64] [-Ddvstream.bench.rounds=5] [-Ddvstream.bench.frames=40]
 * </pre>
 */
@EnabledIfSystemProperty(named = "dvstream.bench.cpu", matches = "true")
class BatchedInferenceCpuTime {

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    private static final int CAMERAS = 8;

    @Test
    void measure() throws Exception {
        String preset = System.getProperty("dvstream.bench.preset", ModelConfig.SMALL_1_64);
        int rounds = Integer.getInteger("dvstream.bench.rounds", 5);
        int perCamera = Integer.getInteger("dvstream.bench.frames", 40);
        Ds2ta model = Ds2ta.random(ModelConfig.preset(preset), 1);
        // open() of every run would warm the model up again: once here, outside the timing, is enough.
        System.setProperty(Ds2taClassifier.WARMUP_PROPERTY, "0");
        Ds2taClassifier classifier = Ds2taClassifier.of(model, "random:" + preset);
        InferenceSettings windows = new InferenceSettings(model.config().T(), 5, WindowMode.CARRY);
        List<SparseFrame> frames = new ArrayList<>();
        List<List<SparseFrame>> cams = new ArrayList<>();
        for (int c = 0; c < CAMERAS; c++) {
            cams.add(SyntheticFrames.frames("cam-" + c, 0, 0, perCamera, 128, 128, 400, 300 + c));
        }
        for (int i = 0; i < perCamera; i++) {
            for (List<SparseFrame> cam : cams) {
                frames.add(cam.get(i));
            }
        }
        int[] batches = {1, 2, 4, 8};
        double[][] msPerFrame = new double[batches.length][rounds];
        List<WindowScores> reference = null;
        run(classifier, windows, 1, frames.subList(0, 4 * CAMERAS)); // JIT, ND4J start-up, both paths
        run(classifier, windows, 4, frames.subList(0, 4 * CAMERAS));
        for (int r = 0; r < rounds; r++) {
            for (int b = 0; b < batches.length; b++) {
                long t0 = CPU.getCurrentThreadCpuTime();
                List<WindowScores> out = run(classifier, windows, batches[b], frames);
                msPerFrame[b][r] = (CPU.getCurrentThreadCpuTime() - t0) / 1e6 / frames.size();
                if (reference == null) {
                    reference = out;
                }
                assertThat(out).hasSameSizeAs(reference);
            }
        }
        System.clearProperty(Ds2taClassifier.WARMUP_PROPERTY);
        System.out.printf(Locale.ROOT, "BatchedInferenceCpuTime: %s, %d cameras round robin x %d frames, %d rounds; "
                + "operator thread CPU ms per frame, median [min .. max]; load average %s%n", preset, CAMERAS, perCamera, rounds,
                Files.readString(Path.of("/proc/loadavg")).trim());
        for (int b = 0; b < batches.length; b++) {
            double[] s = msPerFrame[b].clone();
            Arrays.sort(s);
            System.out.printf(Locale.ROOT, "  inference.batch.max=%d  %7.3f  [%.3f .. %.3f]  (min: %.2fx the per-frame operator's)%n",
                    batches[b], s[s.length / 2], s[0], s[s.length - 1], min(msPerFrame[0]) / s[0]);
        }
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElseThrow();
    }

    private static List<WindowScores> run(Ds2taClassifier classifier, InferenceSettings windows, int maxBatch,
                                          List<SparseFrame> frames) throws Exception {
        OneInputStreamOperator<SparseFrame, WindowScores> op = maxBatch == 1
                ? new KeyedProcessOperator<>(new InferenceFunction<>(classifier, windows))
                : new BatchedInferenceOperator<>(classifier, windows, new InferenceBatching(maxBatch, 5), 0);
        var h = new KeyedOneInputStreamOperatorTestHarness<>(op, (SparseFrame f) -> f.cameraId, Types.STRING,
                new OperatorMetrics().environment());
        h.setup(WindowScores.TYPE.createSerializer(h.getExecutionConfig().getSerializerConfig()));
        h.open();
        for (SparseFrame f : frames) {
            h.processElement(f, 0);
        }
        h.close();
        return new ArrayList<>(h.extractOutputValues());
    }
}
