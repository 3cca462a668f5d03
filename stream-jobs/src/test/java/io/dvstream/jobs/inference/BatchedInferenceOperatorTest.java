package io.dvstream.jobs.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvstream.jobs.OperatorMetrics;
import io.dvstream.jobs.binning.SparseFrame;
import io.dvstream.model.StreamingConfig.WindowMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.CheckpointOptions;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.memory.MemCheckpointStreamFactory;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.OperatorSnapshotFinalizer;
import org.apache.flink.streaming.api.operators.OperatorSnapshotFutures;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The micro-batched inference operator against the per-frame one ({@link InferenceFunction}, the
 * {@code inference.batch.max=1} path) in Flink's keyed operator harness, with the stand-in (whose
 * batched step is a loop, so the windows must be identical, bit for bit, and in the same order).
 */
class BatchedInferenceOperatorTest {

    private static final List<String> CLASSES = List.of("a", "b", "c", "d");
    private static final StandInClassifier STAND_IN = StandInClassifier.of(5, CLASSES);
    private static final InferenceSettings CARRY = new InferenceSettings(10, 5, WindowMode.CARRY);
    private static final InferenceSettings RESET = new InferenceSettings(10, 5, WindowMode.RESET);

    private static KeyedOneInputStreamOperatorTestHarness<String, SparseFrame, WindowScores> harness(
            OneInputStreamOperator<SparseFrame, WindowScores> operator, OperatorMetrics metrics) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(operator, (SparseFrame f) -> f.cameraId, Types.STRING,
                metrics.environment());
        h.setup(WindowScores.TYPE.createSerializer(h.getExecutionConfig().getSerializerConfig()));
        return h;
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, SparseFrame, WindowScores> batched(
            InferenceSettings settings, int maxBatch, long maxWaitMs, long ttlMs, OperatorMetrics metrics) throws Exception {
        return harness(new BatchedInferenceOperator<>(STAND_IN, settings, new InferenceBatching(maxBatch, maxWaitMs), ttlMs),
                metrics);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, SparseFrame, WindowScores> perFrame(
            InferenceSettings settings, OperatorMetrics metrics) throws Exception {
        return harness(new KeyedProcessOperator<>(new InferenceFunction<>(STAND_IN, settings)), metrics);
    }

    /** All frames through {@code h} and to the end of the input (which steps what still waits). */
    private static List<WindowScores> runToEnd(KeyedOneInputStreamOperatorTestHarness<String, SparseFrame, WindowScores> h,
                                               List<SparseFrame> frames) throws Exception {
        h.open();
        for (SparseFrame f : frames) {
            h.processElement(f, 0);
        }
        h.close(); // finish(): the end of the input
        return new ArrayList<>(h.extractOutputValues());
    }

    /**
     * Five cameras' frames as one subtask might see them: a seeded random schedule, so that cameras
     * send at unrelated rates, sometimes several frames of one camera in a row, and one camera's
     * stream restarts (its clock jumped: the binner starts stream 1) in the middle.
     */
    private static List<SparseFrame> cameras(long seed) {
        List<List<SparseFrame>> cams = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            cams.add(SyntheticFrames.frames("cam-" + c, c, 100 * c, 30 + 7 * c, 32, 32, 40 + 10 * c, seed + c));
        }
        List<SparseFrame> restarting = new ArrayList<>(SyntheticFrames.frames("cam-r", 0, 0, 23, 32, 32, 60, seed + 10));
        restarting.addAll(SyntheticFrames.frames("cam-r", 1, 0, 21, 32, 32, 60, seed + 11));
        cams.add(restarting);
        Random r = new Random(seed);
        int[] next = new int[cams.size()];
        List<SparseFrame> out = new ArrayList<>();
        int left = cams.stream().mapToInt(List::size).sum();
        while (left > 0) {
            int c = r.nextInt(cams.size());
            if (next[c] < cams.get(c).size()) {
                out.add(cams.get(c).get(next[c]++));
                left--;
            }
        }
        return out;
    }

    @Test
    void shouldEmitExactlyTheWindowsOfThePerFrameOperatorInTheSameOrder() throws Exception {
        List<SparseFrame> frames = cameras(21);
        for (InferenceSettings settings : List.of(CARRY, RESET)) {
            OperatorMetrics single = new OperatorMetrics();
            List<WindowScores> expected = runToEnd(perFrame(settings, single), frames);
            assertThat(expected).extracting(w -> w.cameraId).contains("cam-0", "cam-1", "cam-2", "cam-3", "cam-r");
            for (int maxBatch : new int[] {2, 4, 8, 64}) {
                OperatorMetrics metrics = new OperatorMetrics();
                List<WindowScores> actual = runToEnd(batched(settings, maxBatch, 5, 0, metrics), frames);
                String as = settings.mode().key() + ", batch " + maxBatch;
                // Same windows, same logits bit for bit, same order across cameras (WindowScores.equals: all but closedAtMs).
                assertThat(actual).as(as).containsExactlyElementsOf(expected);
                for (String counter : List.of("framesIn", "steps", "windowsOut", "streamResets")) {
                    assertThat(metrics.counter(counter)).as(as + ": " + counter).isEqualTo(single.counter(counter));
                }
                assertThat(metrics.counter("streamResets")).as(as).isEqualTo(1);
                // It did batch: fewer batched steps than frames (4 cameras or more are often waiting together).
                assertThat(metrics.counter("batches")).as(as).isLessThan(metrics.counter("framesIn") * 3 / 4);
            }
        }
    }

    @Test
    void shouldStepACamerasFramesInOrderWhenItsNextFrameArrivesBeforeTheBatchIsFull() throws Exception {
        List<SparseFrame> a = SyntheticFrames.frames("cam-a", 0, 0, 12, 32, 32, 60, 31);
        List<SparseFrame> b = SyntheticFrames.frames("cam-b", 0, 0, 12, 32, 32, 60, 32);
        OperatorMetrics metrics = new OperatorMetrics();
        var h = batched(CARRY, 8, 5, 0, metrics);
        h.open();
        BatchedInferenceOperator<?> op = (BatchedInferenceOperator<?>) h.getOperator();
        h.processElement(a.get(0), 0);
        h.processElement(b.get(0), 0);
        assertThat(op.waiting()).isEqualTo(2);
        h.processElement(a.get(1), 0); // a's second frame: [a0, b0] is stepped first
        assertThat(op.waiting()).isEqualTo(1);
        assertThat(metrics.counter("batches")).isEqualTo(1);
        assertThat(metrics.counter("steps")).isEqualTo(2);
        for (int i = 2; i < 12; i++) { // camera a alone: every frame steps the one before
            h.processElement(a.get(i), 0);
        }
        for (int i = 1; i < 12; i++) {
            h.processElement(b.get(i), 0);
        }
        h.close();
        List<WindowScores> out = new ArrayList<>(h.extractOutputValues());

        List<WindowScores> expectedA = new WindowAccumulator<>(STAND_IN, CARRY).run(a);
        List<WindowScores> expectedB = new WindowAccumulator<>(STAND_IN, CARRY).run(b);
        assertThat(out.stream().filter(w -> w.cameraId.equals("cam-a")).toList()).containsExactlyElementsOf(expectedA);
        assertThat(out.stream().filter(w -> w.cameraId.equals("cam-b")).toList()).containsExactlyElementsOf(expectedB);
        assertThat(out).extracting(w -> w.window).containsExactly(0L, 0L); // 12 frames, T 10: one window each
        assertThat(metrics.counter("streamResets")).isZero(); // a frame out of order would restart the stream
    }

    @Test
    void shouldStepAWaitingFrameAfterTheMaxWaitEvenWhenNoOtherCameraSends() throws Exception {
        List<SparseFrame> frames = SyntheticFrames.frames("cam", 0, 0, 10, 32, 32, 60, 41);
        OperatorMetrics metrics = new OperatorMetrics();
        var h = batched(CARRY, 8, 5, 0, metrics);
        h.open();
        BatchedInferenceOperator<?> op = (BatchedInferenceOperator<?>) h.getOperator();
        h.setProcessingTime(1_000);
        for (SparseFrame f : frames.subList(0, 9)) {
            h.processElement(f, 0); // each frame steps the one before (same camera)
        }
        h.setProcessingTime(1_003);
        h.processElement(frames.get(9), 0); // closes window 0; waits from 1,003
        assertThat(h.extractOutputValues()).isEmpty();
        h.setProcessingTime(1_007);
        assertThat(op.waiting()).as("4 ms after it arrived").isEqualTo(1);
        assertThat(h.extractOutputValues()).isEmpty();
        h.setProcessingTime(1_008);
        assertThat(op.waiting()).as("5 ms after it arrived: the max wait").isZero();
        assertThat(h.extractOutputValues()).containsExactlyElementsOf(new WindowAccumulator<>(STAND_IN, CARRY).run(frames));
        assertThat(metrics.counter("batches")).isEqualTo(10);
        h.close();
    }

    @Test
    void shouldNotLetTheTimerOfAnEarlierBatchCutTheWaitOfTheNextShort() throws Exception {
        var h = batched(CARRY, 2, 5, 0, new OperatorMetrics());
        h.open();
        BatchedInferenceOperator<?> op = (BatchedInferenceOperator<?>) h.getOperator();
        h.setProcessingTime(0);
        h.processElement(SyntheticFrames.frames("cam-a", 0, 0, 1, 32, 32, 10, 51).get(0), 0); // timer for 5
        h.setProcessingTime(1);
        h.processElement(SyntheticFrames.frames("cam-b", 0, 0, 1, 32, 32, 10, 52).get(0), 0); // full: stepped
        assertThat(op.waiting()).isZero();
        h.setProcessingTime(4);
        h.processElement(SyntheticFrames.frames("cam-c", 0, 0, 1, 32, 32, 10, 53).get(0), 0); // waits until 9
        h.setProcessingTime(5);
        assertThat(op.waiting()).isEqualTo(1);
        h.setProcessingTime(9);
        assertThat(op.waiting()).isZero();
        h.close();
    }

    /**
     * A snapshot mid-stream with frames waiting: the task calls {@code prepareSnapshotPreBarrier}
     * before it forwards the barrier and snapshots the state (as the harness calls here), which
     * steps them into state. Restored from that snapshot, the job continues exactly as an
     * undisturbed run: nothing lost, nothing twice.
     */
    @Test
    void shouldContinueIdenticallyAfterASnapshotWithFramesWaitingAndARestore() throws Exception {
        List<SparseFrame> frames = cameras(61);
        for (InferenceSettings settings : List.of(CARRY, RESET)) {
            List<WindowScores> undisturbed = runToEnd(perFrame(settings, new OperatorMetrics()), frames);
            for (int cut : new int[] {37, 38, 101}) {
                List<WindowScores> resumed = new ArrayList<>();
                OperatorSubtaskState snapshot;
                var h = batched(settings, 8, 5, 0, new OperatorMetrics());
                h.open();
                for (SparseFrame f : frames.subList(0, cut)) {
                    h.processElement(f, 0);
                }
                BatchedInferenceOperator<?> op = (BatchedInferenceOperator<?>) h.getOperator();
                assertThat(op.waiting()).as("frames waiting at the barrier").isPositive();
                h.prepareSnapshotPreBarrier(1);
                assertThat(op.waiting()).isZero();
                snapshot = h.snapshot(1, 1);
                resumed.addAll(h.extractOutputValues());
                h.getOutput().clear();
                h.close(); // the failed attempt: whatever it does after the checkpoint is lost with it
                resumed.addAll(runToEnd(restored(settings, snapshot), frames.subList(cut, frames.size())));
                assertThat(resumed).as(settings.mode().key() + ", cut at " + cut).containsExactlyElementsOf(undisturbed);
            }
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, SparseFrame, WindowScores> restored(
            InferenceSettings settings, OperatorSubtaskState snapshot) throws Exception {
        var h = batched(settings, 8, 5, 0, new OperatorMetrics());
        h.initializeState(snapshot);
        return h;
    }

    /** Shows that the test above can fail: a snapshot without the pre-barrier step loses the waiting frames. */
    @Test
    void shouldLoseTheWaitingFramesIfTheyWereNotSteppedBeforeTheSnapshot() throws Exception {
        List<SparseFrame> frames = cameras(61);
        List<WindowScores> undisturbed = runToEnd(perFrame(CARRY, new OperatorMetrics()), frames);
        var h = batched(CARRY, 8, 5, 0, new OperatorMetrics());
        h.open();
        for (SparseFrame f : frames.subList(0, 38)) {
            h.processElement(f, 0);
        }
        OperatorSubtaskState snapshot = h.snapshot(1, 1); // no prepareSnapshotPreBarrier
        List<WindowScores> resumed = new ArrayList<>(h.extractOutputValues());
        OperatorMetrics metrics = new OperatorMetrics();
        var r = batched(CARRY, 8, 5, 0, metrics);
        r.initializeState(snapshot);
        resumed.addAll(runToEnd(r, frames.subList(38, frames.size())));
        h.close();
        assertThat(resumed).isNotEqualTo(undisturbed);
    }

    /** The heap backend's copy-on-write must keep the barrier's state although a batch changes it before the async part runs. */
    @Test
    void shouldCheckpointTheStateAsOfTheBarrierWhenLaterBatchesChangeItBeforeTheAsyncPartRuns() throws Exception {
        List<SparseFrame> frames = cameras(71);
        for (InferenceSettings settings : List.of(CARRY, RESET)) {
            List<WindowScores> undisturbed = runToEnd(perFrame(settings, new OperatorMetrics()), frames);
            List<WindowScores> resumed = new ArrayList<>();
            OperatorSubtaskState snapshot;
            var h = batched(settings, 4, 5, 0, new OperatorMetrics());
            h.open();
            for (SparseFrame f : frames.subList(0, 50)) {
                h.processElement(f, 0);
            }
            h.prepareSnapshotPreBarrier(1);
            resumed.addAll(h.extractOutputValues());
            OperatorSnapshotFutures pending = h.getOperator().snapshotState(1, 1,
                    CheckpointOptions.forCheckpointWithDefaultLocation(), new MemCheckpointStreamFactory(64 << 20));
            for (SparseFrame f : frames.subList(50, 90)) { // batches mutate the live states in place
                h.processElement(f, 0);
            }
            snapshot = OperatorSnapshotFinalizer.create(pending).getJobManagerOwnedState();
            h.close();
            resumed.addAll(runToEnd(restored(settings, snapshot), frames.subList(50, frames.size())));
            assertThat(resumed).as(settings.mode().key()).containsExactlyElementsOf(undisturbed);
        }
    }

    /**
     * Same state name, serializer and TTL as {@link InferenceFunction}: a snapshot of either operator
     * restores into the other (in the job both run under uid stateful-inference), so a savepoint
     * survives turning batching on or off.
     */
    @Test
    void shouldRestoreTheStateOfThePerFrameOperatorAndTheOtherWayRound() throws Exception {
        List<SparseFrame> frames = cameras(81);
        List<WindowScores> undisturbed = runToEnd(perFrame(CARRY, new OperatorMetrics()), frames);
        int cut = 77;

        var single = perFrame(CARRY, new OperatorMetrics());
        single.open();
        for (SparseFrame f : frames.subList(0, cut)) {
            single.processElement(f, 0);
        }
        OperatorSubtaskState fromSingle = single.snapshot(1, 1);
        List<WindowScores> resumed = new ArrayList<>(single.extractOutputValues());
        single.close();
        OperatorMetrics metrics = new OperatorMetrics();
        var intoBatched = batched(CARRY, 8, 5, 0, metrics);
        intoBatched.initializeState(fromSingle);
        resumed.addAll(runToEnd(intoBatched, frames.subList(cut, frames.size())));
        assertThat(resumed).as("per-frame -> batched").containsExactlyElementsOf(undisturbed);
        assertThat(metrics.counter("streamResets")).as("every camera's stream continued").isEqualTo(1);

        var batchedFirst = batched(CARRY, 8, 5, 0, new OperatorMetrics());
        batchedFirst.open();
        for (SparseFrame f : frames.subList(0, cut)) {
            batchedFirst.processElement(f, 0);
        }
        batchedFirst.prepareSnapshotPreBarrier(2);
        OperatorSubtaskState fromBatched = batchedFirst.snapshot(2, 2);
        resumed = new ArrayList<>(batchedFirst.extractOutputValues());
        batchedFirst.getOutput().clear();
        batchedFirst.close();
        var intoSingle = perFrame(CARRY, new OperatorMetrics());
        intoSingle.initializeState(fromBatched);
        resumed.addAll(runToEnd(intoSingle, frames.subList(cut, frames.size())));
        assertThat(resumed).as("batched -> per-frame").containsExactlyElementsOf(undisturbed);
    }

    @Test
    void shouldForgetACameraSilentForLongerThanTheStateTtl() throws Exception {
        List<SparseFrame> frames = SyntheticFrames.frames("cam", 0, 0, 40, 32, 32, 60, 9);
        var h = batched(CARRY, 4, 5, 1_000, new OperatorMetrics());
        h.open();
        h.setStateTtlProcessingTime(0);
        for (SparseFrame f : frames.subList(0, 12)) {
            h.processElement(f, 0);
        }
        h.setStateTtlProcessingTime(999); // frame 11 (waiting) is stepped and written at 999: within the TTL of frame 10
        for (SparseFrame f : frames.subList(12, 17)) {
            h.processElement(f, 0);
        }
        h.prepareSnapshotPreBarrier(1); // frame 16 written at 999
        h.setStateTtlProcessingTime(999 + 1_001); // silent beyond the TTL: state gone
        for (SparseFrame f : frames.subList(17, 40)) {
            h.processElement(f, 0);
        }
        h.close();
        List<WindowScores> out = new ArrayList<>(h.extractOutputValues());
        List<WindowScores> expected = new ArrayList<>(new WindowAccumulator<>(STAND_IN, CARRY).run(frames.subList(0, 17)));
        expected.addAll(new WindowAccumulator<>(STAND_IN, CARRY).run(frames.subList(17, 40)));
        assertThat(out).containsExactlyElementsOf(expected);
        assertThat(out).extracting(w -> w.window).containsExactly(0L, 1L, 0L, 1L, 2L);
    }

    @Test
    void shouldRefuseToRunWithoutBatching() {
        assertThatThrownBy(() -> new BatchedInferenceOperator<>(STAND_IN, CARRY, InferenceBatching.off(), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("inference.batch.max is 1");
    }
}
