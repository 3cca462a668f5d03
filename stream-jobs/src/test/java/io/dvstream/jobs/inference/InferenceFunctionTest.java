package io.dvstream.jobs.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvstream.jobs.OperatorMetrics;
import io.dvstream.jobs.binning.SparseFrame;
import io.dvstream.model.StreamingConfig.WindowMode;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.CheckpointOptions;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.memory.MemCheckpointStreamFactory;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.OperatorSnapshotFinalizer;
import org.apache.flink.streaming.api.operators.OperatorSnapshotFutures;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

class InferenceFunctionTest {

    private static final List<String> CLASSES = List.of("a", "b", "c", "d");
    private static final StandInClassifier STAND_IN = StandInClassifier.of(5, CLASSES);
    private static final InferenceSettings CARRY = new InferenceSettings(10, 5, WindowMode.CARRY);
    private static final InferenceSettings RESET = new InferenceSettings(10, 5, WindowMode.RESET);

    private static KeyedOneInputStreamOperatorTestHarness<String, SparseFrame, WindowScores> harness(
            InferenceSettings settings, OperatorMetrics metrics) throws Exception {
        return harness(settings, metrics, 0);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, SparseFrame, WindowScores> harness(
            InferenceSettings settings, OperatorMetrics metrics, long ttlMs) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new InferenceFunction<>(STAND_IN, settings, ttlMs)), (SparseFrame f) -> f.cameraId,
                Types.STRING, metrics.environment());
        h.setup(WindowScores.TYPE.createSerializer(h.getExecutionConfig().getSerializerConfig()));
        return h;
    }

    private static List<WindowScores> run(InferenceSettings settings, List<SparseFrame> frames) throws Exception {
        try (var h = harness(settings, new OperatorMetrics())) {
            h.open();
            for (SparseFrame f : frames) {
                h.processElement(f, 0);
            }
            return new ArrayList<>(h.extractOutputValues());
        }
    }

    /** Logits of every step, carried state, computed straight from the stand-in (the spec's reference loop). */
    private static List<float[]> carriedStepLogits(List<SparseFrame> frames) {
        List<float[]> out = new ArrayList<>();
        float[] state = STAND_IN.newState();
        for (SparseFrame f : frames) {
            out.add(STAND_IN.step(f.toDense(), state).logits());
        }
        return out;
    }

    private static float[] mean(List<float[]> logits, int from, int t) {
        double[] sum = new double[CLASSES.size()];
        for (int i = from; i < from + t; i++) {
            for (int c = 0; c < sum.length; c++) {
                sum[c] += logits.get(i)[c];
            }
        }
        float[] out = new float[sum.length];
        for (int c = 0; c < sum.length; c++) {
            out[c] = (float) (sum[c] / t);
        }
        return out;
    }

    @Test
    void shouldEmitTheMeanLogitsOfTheLastTStepsEveryStrideStepsWithCarriedState() throws Exception {
        List<SparseFrame> frames = SyntheticFrames.frames("cam", 0, 0, 42, 32, 32, 60, 1);
        List<WindowScores> windows = run(CARRY, frames);
        List<float[]> steps = carriedStepLogits(frames);

        assertThat(windows).hasSize((42 - 10) / 5 + 1);
        for (int w = 0; w < windows.size(); w++) {
            WindowScores s = windows.get(w);
            assertThat(s.window).isEqualTo(w);
            assertThat(s.logits).as("window %d", w).containsExactly(mean(steps, 5 * w, 10));
            assertThat(s.startUs).isEqualTo(frames.get(5 * w).startUs);
            assertThat(s.endUs).isEqualTo(frames.get(5 * w + 9).endUs);
            assertThat(s.events).isEqualTo(frames.subList(5 * w, 5 * w + 10).stream().mapToLong(f -> f.eventCount).sum());
            assertThat(s.energyJoules).isPositive();
        }
    }

    @Test
    void shouldStartEveryWindowFromAFreshStateInResetMode() throws Exception {
        List<SparseFrame> frames = SyntheticFrames.frames("cam", 0, 0, 25, 32, 32, 60, 2);
        List<WindowScores> windows = run(RESET, frames);

        assertThat(windows).hasSize(4);
        for (int w = 0; w < windows.size(); w++) {
            List<float[]> fresh = carriedStepLogits(frames.subList(5 * w, 5 * w + 10));
            assertThat(windows.get(w).logits).as("window %d", w).containsExactly(mean(fresh, 0, 10));
        }
        // Carried state gives other scores from the second window on.
        assertThat(run(CARRY, frames).get(1).logits).isNotEqualTo(windows.get(1).logits);
    }

    @Test
    void shouldStartAfreshWhenTheBinnerReportsANewStreamOrTheFrameIndexJumps() throws Exception {
        List<SparseFrame> first = SyntheticFrames.frames("cam", 0, 0, 17, 32, 32, 60, 3);
        List<SparseFrame> restarted = SyntheticFrames.frames("cam", 1, 0, 20, 32, 32, 60, 4);
        List<SparseFrame> afterExpiry = SyntheticFrames.frames("cam", 1, 0, 10, 32, 32, 60, 5); // index 0 again, same stream
        List<SparseFrame> all = new ArrayList<>(first);
        all.addAll(restarted);
        all.addAll(afterExpiry);
        OperatorMetrics metrics = new OperatorMetrics();
        List<WindowScores> windows;
        try (var h = harness(CARRY, metrics)) {
            h.open();
            for (SparseFrame f : all) {
                h.processElement(f, 0);
            }
            windows = new ArrayList<>(h.extractOutputValues());
        }

        List<WindowScores> expected = new ArrayList<>(run(CARRY, first));
        expected.addAll(run(CARRY, restarted));
        expected.addAll(run(CARRY, afterExpiry));
        assertThat(windows).containsExactlyElementsOf(expected);
        assertThat(windows).extracting(w -> w.stream + "/" + w.window)
                .containsExactly("0/0", "0/1", "1/0", "1/1", "1/2", "1/0");
        assertThat(metrics.counter("streamResets")).isEqualTo(2);
        assertThat(metrics.counter("framesIn")).isEqualTo(47);
        assertThat(metrics.counter("steps")).isEqualTo(47);
        assertThat(metrics.counter("windowsOut")).isEqualTo(6);
    }

    @Test
    void shouldCountOneStepPerOpenWindowInResetMode() throws Exception {
        OperatorMetrics metrics = new OperatorMetrics();
        try (var h = harness(RESET, metrics)) {
            h.open();
            for (SparseFrame f : SyntheticFrames.frames("cam", 0, 0, 20, 32, 32, 10, 6)) {
                h.processElement(f, 0);
            }
        }
        // Windows open at steps 0, 5, 10, 15: frames 0-4 run 1 state, 5-19 run 2.
        assertThat(metrics.counter("steps")).isEqualTo(5 + 15 * 2);
    }

    @Test
    void shouldContinueIdenticallyAfterASnapshotAndRestoreForEachCamera() throws Exception {
        List<SparseFrame> a = SyntheticFrames.frames("cam-a", 0, 0, 40, 32, 32, 50, 7);
        List<SparseFrame> b = SyntheticFrames.frames("cam-b", 3, 100, 40, 32, 32, 80, 8);
        List<SparseFrame> interleaved = interleave(a, b);
        for (InferenceSettings settings : List.of(CARRY, RESET)) {
            List<WindowScores> undisturbed = run(settings, interleaved);
            List<WindowScores> resumed = new ArrayList<>();
            OperatorSubtaskState snapshot;
            try (var h = harness(settings, new OperatorMetrics())) {
                h.open();
                for (SparseFrame f : interleaved.subList(0, 37)) { // mid-window for both cameras
                    h.processElement(f, 0);
                }
                snapshot = h.snapshot(1, 1);
                resumed.addAll(h.extractOutputValues());
            }
            try (var h = harness(settings, new OperatorMetrics())) {
                h.initializeState(snapshot);
                h.open();
                for (SparseFrame f : interleaved.subList(37, interleaved.size())) {
                    h.processElement(f, 0);
                }
                resumed.addAll(h.extractOutputValues());
            }
            assertThat(resumed).as(settings.mode().key()).containsExactlyElementsOf(undisturbed);
            assertThat(undisturbed).extracting(w -> w.cameraId).contains("cam-a", "cam-b");
        }
    }

    @Test
    void shouldForgetACameraSilentForLongerThanTheStateTtl() throws Exception {
        List<SparseFrame> frames = SyntheticFrames.frames("cam", 0, 0, 40, 32, 32, 60, 9);
        List<WindowScores> out;
        try (var h = harness(CARRY, new OperatorMetrics(), 1_000)) {
            h.open();
            h.setStateTtlProcessingTime(0);
            for (SparseFrame f : frames.subList(0, 12)) {
                h.processElement(f, 0);
            }
            h.setStateTtlProcessingTime(999); // within the TTL: the stream continues
            for (SparseFrame f : frames.subList(12, 17)) {
                h.processElement(f, 0);
            }
            h.setStateTtlProcessingTime(999 + 1_001); // silent beyond it: state gone
            for (SparseFrame f : frames.subList(17, 40)) {
                h.processElement(f, 0);
            }
            out = new ArrayList<>(h.extractOutputValues());
        }
        List<WindowScores> expected = new ArrayList<>(run(CARRY, frames.subList(0, 17)));
        expected.addAll(run(CARRY, frames.subList(17, 40)));
        assertThat(out).containsExactlyElementsOf(expected);
        assertThat(out).extracting(w -> w.window).containsExactly(0L, 1L, 0L, 1L, 2L);
    }

    @Test
    void shouldSerializeTheStateExactly() throws Exception {
        InferenceState<float[]> s = new InferenceState<>(2, 31, 31, new float[] {1, 2, 3},
                new ArrayList<>(List.of(new OpenWindow<>(25, 1_250_000, 77, null, new double[] {0.5, -1.25}, 0.1, 2e-9),
                        new OpenWindow<>(30, 1_300_000, 5, new float[0], new double[] {1e-300, 3}, 0, 0))));
        InferenceStateSerializer<float[]> ser = new InferenceStateSerializer<>(STAND_IN.stateSerializer());
        byte[] bytes = InstantiationUtil.serializeToByteArray(ser, s);
        InferenceState<float[]> back = InstantiationUtil.deserializeFromByteArray(ser, bytes);
        assertThat(InstantiationUtil.serializeToByteArray(ser, back)).isEqualTo(bytes);
        assertThat(back.carried).containsExactly(1, 2, 3);
        assertThat(back.windows.get(0).modelState).isNull();
        assertThat(back.windows.get(1).logitSum).containsExactly(1e-300, 3);

        InferenceState<float[]> copy = ser.copy(s);
        copy.windows.get(0).logitSum[0] = 9;
        copy.carried[0] = 9;
        copy.windows.get(1).firstStep = 99;
        assertThat(InstantiationUtil.serializeToByteArray(ser, s)).isEqualTo(bytes); // a deep copy
    }

    /**
     * The heap backend keeps the live state object and the operator advances it in place; a
     * snapshot's asynchronous part may run after later frames changed it. Copy-on-write (through
     * the serializer's deep copy) must keep the checkpoint at the barrier's values: restoring it
     * and replaying the later frames must give exactly the undisturbed windows.
     */
    @Test
    void shouldCheckpointTheStateAsOfTheBarrierWhenLaterFramesChangeItBeforeTheAsyncPartRuns() throws Exception {
        List<SparseFrame> a = SyntheticFrames.frames("cam-a", 0, 0, 40, 32, 32, 50, 11);
        List<SparseFrame> b = SyntheticFrames.frames("cam-b", 0, 0, 40, 32, 32, 80, 12);
        List<SparseFrame> interleaved = interleave(a, b);
        for (InferenceSettings settings : List.of(CARRY, RESET)) {
            List<WindowScores> undisturbed = run(settings, interleaved);
            List<WindowScores> resumed = new ArrayList<>();
            OperatorSubtaskState snapshot;
            try (var h = harness(settings, new OperatorMetrics())) {
                h.open();
                for (SparseFrame f : interleaved.subList(0, 37)) {
                    h.processElement(f, 0);
                }
                resumed.addAll(h.extractOutputValues());
                OperatorSnapshotFutures pending = h.getOperator().snapshotState(1, 1,
                        CheckpointOptions.forCheckpointWithDefaultLocation(), new MemCheckpointStreamFactory(64 << 20));
                for (SparseFrame f : interleaved.subList(37, 60)) { // mutate both cameras' live state in place
                    h.processElement(f, 0);
                }
                snapshot = OperatorSnapshotFinalizer.create(pending).getJobManagerOwnedState(); // async part runs now
            }
            try (var h = harness(settings, new OperatorMetrics())) {
                h.initializeState(snapshot);
                h.open();
                for (SparseFrame f : interleaved.subList(37, interleaved.size())) {
                    h.processElement(f, 0);
                }
                resumed.addAll(h.extractOutputValues());
            }
            assertThat(resumed).as(settings.mode().key()).containsExactlyElementsOf(undisturbed);
        }
    }

    /** Two cameras' frames alternating, as one subtask sees them: a0, b0, a1, b1, ... */
    private static List<SparseFrame> interleave(List<SparseFrame> a, List<SparseFrame> b) {
        List<SparseFrame> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            out.add(a.get(i));
            out.add(b.get(i));
        }
        return out;
    }
}
