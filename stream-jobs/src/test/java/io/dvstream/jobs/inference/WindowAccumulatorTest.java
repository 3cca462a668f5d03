package io.dvstream.jobs.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvstream.jobs.binning.SparseFrame;
import io.dvstream.model.StreamingConfig.WindowMode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.junit.jupiter.api.Test;

class WindowAccumulatorTest {

    private static final List<String> CLASSES = List.of("a", "b", "c", "d");
    private static final long STEP_NANOS = TimeUnit.MILLISECONDS.toNanos(3);

    /** The stand-in, made to take at least {@link #STEP_NANOS} of wall time per step. */
    private static final class SlowStandIn implements StepClassifier<float[]> {
        private static final long serialVersionUID = 1L;
        private final StandInClassifier inner = StandInClassifier.of(5, CLASSES);

        @Override
        public String modelId() {
            return "slow-" + inner.modelId();
        }

        @Override
        public int inputWidth() {
            return inner.inputWidth();
        }

        @Override
        public int inputHeight() {
            return inner.inputHeight();
        }

        @Override
        public List<String> classNames() {
            return inner.classNames();
        }

        @Override
        public float[] newState() {
            return inner.newState();
        }

        @Override
        public Step step(float[] frame, float[] state) {
            long until = System.nanoTime() + STEP_NANOS;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            return inner.step(frame, state);
        }

        @Override
        public TypeSerializer<float[]> stateSerializer() {
            return inner.stateSerializer();
        }
    }

    @Test
    void shouldReportTheClassifierTimeOfTheClosingFramePerWindow() {
        List<SparseFrame> frames = SyntheticFrames.frames("cam", 0, 0, 20, 32, 32, 60, 1);
        SlowStandIn slow = new SlowStandIn();

        List<WindowScores> carry = new WindowAccumulator<>(slow, new InferenceSettings(10, 5, WindowMode.CARRY)).run(frames);
        List<WindowScores> reset = new WindowAccumulator<>(slow, new InferenceSettings(10, 5, WindowMode.RESET)).run(frames);

        // Carry: one step per frame. Reset with T = 10, stride 5: the closing frame steps two open windows.
        // Lower bounds only: a loaded machine may stretch any step, so an upper bound would be flaky.
        assertThat(carry).hasSize(3).allSatisfy(w -> assertThat(w.inferenceNanos).isGreaterThanOrEqualTo(STEP_NANOS));
        assertThat(reset).hasSize(3).allSatisfy(w -> assertThat(w.inferenceNanos).isGreaterThanOrEqualTo(2 * STEP_NANOS));
        assertThat(carry.get(0).inferenceMs()).isEqualTo(carry.get(0).inferenceNanos / 1e6);
    }

    @Test
    void shouldGiveEachCameraOfABatchItsShareOfTheBatchedCall() {
        // Four cameras, one frame each per call; the slow stand-in's batch is a loop of 3 ms steps.
        WindowAccumulator<float[]> acc = new WindowAccumulator<>(new SlowStandIn(), new InferenceSettings(10, 5, WindowMode.CARRY));
        List<List<SparseFrame>> cams = List.of(SyntheticFrames.frames("a", 0, 0, 10, 32, 32, 60, 2),
                SyntheticFrames.frames("b", 0, 0, 10, 32, 32, 60, 3), SyntheticFrames.frames("c", 0, 0, 10, 32, 32, 60, 4),
                SyntheticFrames.frames("d", 0, 0, 10, 32, 32, 60, 5));
        List<InferenceState<float[]>> states = new ArrayList<>();
        for (List<SparseFrame> cam : cams) {
            states.add(acc.fresh(0, 0));
        }
        List<WindowScores> closed = new ArrayList<>();
        List<Integer> entries = new ArrayList<>();
        for (int t = 0; t < 10; t++) {
            int step = t;
            acc.stepBatch(states, cams.stream().map(c -> c.get(step)).toList(), new long[4], (w, i) -> {
                closed.add(w);
                entries.add(i);
            });
        }
        // The 10th call closes window 0 of every camera, in entry order; each gets a quarter of a call of 4 steps.
        assertThat(entries).containsExactly(0, 1, 2, 3);
        assertThat(closed).extracting(w -> w.cameraId).containsExactly("a", "b", "c", "d");
        assertThat(closed).allSatisfy(w -> assertThat(w.inferenceNanos).isGreaterThanOrEqualTo(STEP_NANOS));
        assertThat(acc.takeSteps()).isEqualTo(40);
    }
}
