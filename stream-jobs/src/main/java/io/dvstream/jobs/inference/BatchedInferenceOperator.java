package io.dvstream.jobs.inference;

import io.dvstream.jobs.CameraStateTtl;
import io.dvstream.jobs.binning.SparseFrame;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stateful inference with micro-batching across cameras (docs/gesture-job.md, "Micro-batching"):
 * the same windows, state and metrics as {@link InferenceFunction}, but the frames of different
 * cameras that reach this subtask close together are stepped in one batched classifier call
 * ({@link StepClassifier#stepBatch}; DS2TA stacks their states and runs each layer once).
 *
 * <p><b>Buffer.</b> At most one frame per camera waits (a frame of a camera that already has one
 * waiting steps the batch first, so each camera's frames are stepped in order). The batch is
 * stepped when
 * <ul>
 *   <li>{@link InferenceBatching#maxBatch()} frames wait;</li>
 *   <li>its first frame has waited {@link InferenceBatching#maxWaitMs()} of processing time (a
 *       timer; the latency batching can add);</li>
 *   <li>before a checkpoint barrier is forwarded ({@link #prepareSnapshotPreBarrier}): the waiting
 *       frames are in no state, so none may be left when the snapshot is taken;</li>
 *   <li>before a watermark is forwarded, and at the end of the input ({@link #finish}).</li>
 * </ul>
 * Stepping a batch reads each camera's state with {@code setCurrentKey}, steps them all
 * ({@link WindowAccumulator#stepBatch}), writes every state back, and then emits the windows the
 * batch closed in the order its frames arrived: the output sequence is the one the per-frame
 * operator gives for the same input, only later by the wait. A window's {@code closedAtMs} is
 * when its last frame arrived here, so the decisions' latency metric includes the wait.
 *
 * <p><b>State</b> (savepoint-compatible with {@link InferenceFunction}): the same keyed
 * {@link ValueState} {@value InferenceFunction#STATE}, {@link InferenceStateSerializer} over the
 * classifier's serializer, the same TTL, and in the job the same uid {@value InferenceFunction#UID};
 * a savepoint of either can be restored into the other. Frames are held as the objects the binner
 * emitted (it makes a new one per frame), so holding them is safe with object reuse as well.
 *
 * <p><b>Metrics</b> as {@link InferenceFunction} ({@code framesIn}, {@code steps}, {@code windowsOut},
 * {@code streamResets}, meter {@code stepsPerSecond}, histogram {@code inferenceUs}: per frame, the
 * batch's classifier time divided by its frames), plus histogram {@code batchSize} (frames per
 * batched step) and counter {@code batches}.
 *
 * @param <S> the classifier's per-stream state
 */
public final class BatchedInferenceOperator<S> extends AbstractStreamOperator<WindowScores>
        implements OneInputStreamOperator<SparseFrame, WindowScores> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOGGER = LoggerFactory.getLogger(BatchedInferenceOperator.class);

    private final StepClassifier<S> classifier;
    private final InferenceSettings settings;
    private final InferenceBatching batching;
    private final long stateTtlMs;

    private transient ValueState<InferenceState<S>> state;
    private transient WindowAccumulator<S> accumulator;
    /** The waiting frames in arrival order, with their keys, arrival wall times and record timestamps. */
    private transient List<SparseFrame> frames;
    private transient List<Object> keys;
    private transient Set<Object> waitingKeys;
    private transient long[] arrivedAtMs;
    private transient long[] timestamps;
    private transient boolean[] hasTimestamp;
    /** Counts the batches stepped; a timer only steps the batch it was set for. */
    private transient long batchNumber;
    private transient ScheduledFuture<?> timer;
    private transient StreamRecord<WindowScores> outRecord;
    /** For the closing log line: how full the batches were (the metrics say it while running). */
    private transient long framesStepped;
    private transient int largestBatch;
    private transient long[] triggered;

    /** What made a batch be stepped (the closing log line counts them). */
    private enum Trigger { CAMERA_AGAIN, FULL, MAX_WAIT, BARRIER, WATERMARK, END }

    private transient Counter batches;
    private transient InferenceMetrics metrics;
    private transient Histogram batchSize;

    /**
     * @param stateTtlMs processing time without a frame after which a camera's state expires
     *     ({@link CameraStateTtl}); 0 keeps it
     * @throws IllegalArgumentException when {@code batching} does not batch (use {@link InferenceFunction})
     */
    public BatchedInferenceOperator(StepClassifier<S> classifier, InferenceSettings settings, InferenceBatching batching,
                                    long stateTtlMs) {
        if (!batching.enabled()) {
            throw new IllegalArgumentException("inference.batch.max is " + batching.maxBatch()
                    + ": without batching the job runs InferenceFunction");
        }
        this.classifier = classifier;
        this.settings = settings;
        this.batching = batching;
        this.stateTtlMs = stateTtlMs;
    }

    @Override
    public void open() throws Exception {
        super.open();
        classifier.open();
        state = getRuntimeContext().getState(
                CameraStateTtl.expireAfter(new ValueStateDescriptor<>(InferenceFunction.STATE,
                        new InferenceStateSerializer<>(classifier.stateSerializer())), stateTtlMs));
        accumulator = new WindowAccumulator<>(classifier, settings);
        int b = batching.maxBatch();
        frames = new ArrayList<>(b);
        keys = new ArrayList<>(b);
        waitingKeys = new HashSet<>();
        arrivedAtMs = new long[b];
        timestamps = new long[b];
        hasTimestamp = new boolean[b];
        outRecord = new StreamRecord<>(null);
        triggered = new long[Trigger.values().length];
        MetricGroup group = getRuntimeContext().getMetricGroup();
        metrics = new InferenceMetrics(group);
        batches = group.counter("batches");
        batchSize = group.histogram("batchSize", new DescriptiveStatisticsHistogram(10_000));
    }

    @Override
    public void processElement(StreamRecord<SparseFrame> element) throws Exception {
        metrics.framesIn.inc();
        Object key = getCurrentKey();
        if (waitingKeys.contains(key)) {
            stepBatch(Trigger.CAMERA_AGAIN); // this camera's previous frame first: per-camera order
            setCurrentKey(key);
        }
        int i = frames.size();
        frames.add(element.getValue());
        keys.add(key);
        waitingKeys.add(key);
        arrivedAtMs[i] = System.currentTimeMillis();
        hasTimestamp[i] = element.hasTimestamp();
        timestamps[i] = element.getTimestamp();
        if (frames.size() >= batching.maxBatch()) {
            stepBatch(Trigger.FULL);
            setCurrentKey(key);
        } else if (i == 0) {
            long batch = batchNumber;
            timer = getProcessingTimeService().registerTimer(
                    getProcessingTimeService().getCurrentProcessingTime() + batching.maxWaitMs(), t -> onMaxWait(batch));
        }
    }

    /** The first frame of batch {@code batch} has waited long enough; a batch stepped since is not touched. */
    private void onMaxWait(long batch) throws Exception {
        if (batch == batchNumber && !frames.isEmpty()) {
            stepBatch(Trigger.MAX_WAIT);
        }
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        stepBatch(Trigger.BARRIER); // the waiting frames are in no state: they must be stepped (and in state) before the barrier
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        stepBatch(Trigger.WATERMARK); // windows of frames before the watermark go out before it
        super.processWatermark(mark);
    }

    @Override
    public void finish() throws Exception {
        stepBatch(Trigger.END);
        super.finish();
    }

    /** Steps the waiting frames, if any, in one batched call; writes the states back; emits the closed windows. */
    private void stepBatch(Trigger trigger) throws Exception {
        int n = frames.size();
        if (n == 0) {
            return;
        }
        triggered[trigger.ordinal()]++;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        batchNumber++;
        List<InferenceState<S>> states = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            setCurrentKey(keys.get(i));
            InferenceState<S> stored = state.value();
            InferenceState<S> s = accumulator.stateFor(stored, frames.get(i));
            if (stored != null && s != stored) {
                metrics.streamResets.inc();
            }
            states.add(s);
        }
        List<WindowScores> closed = new ArrayList<>();
        List<Integer> closedBy = new ArrayList<>();
        accumulator.stepBatch(states, frames, Arrays.copyOf(arrivedAtMs, n), (w, i) -> {
            closed.add(w);
            closedBy.add(i);
        });
        for (int i = 0; i < n; i++) {
            setCurrentKey(keys.get(i));
            state.update(states.get(i)); // the same object on the heap backend; RocksDB would serialise it here
        }
        metrics.steps.inc(accumulator.takeSteps());
        long perFrameUs = accumulator.takeStepNanos() / 1_000 / n;
        for (int i = 0; i < n; i++) {
            metrics.inferenceUs.update(perFrameUs);
        }
        batchSize.update(n);
        batches.inc();
        framesStepped += n;
        largestBatch = Math.max(largestBatch, n);
        for (int j = 0; j < closed.size(); j++) {
            int i = closedBy.get(j);
            if (hasTimestamp[i]) {
                outRecord.replace(closed.get(j), timestamps[i]);
            } else {
                outRecord.replace(closed.get(j));
                outRecord.eraseTimestamp();
            }
            metrics.windowsOut.inc();
            output.collect(outRecord);
        }
        frames.clear();
        keys.clear();
        waitingKeys.clear();
    }

    /** Says how full the batches were: whether batching had anything to batch (docs/gesture-job.md, "When it pays"). */
    @Override
    public void close() throws Exception {
        if (batches != null && batches.getCount() > 0) {
            StringBuilder why = new StringBuilder();
            for (Trigger t : Trigger.values()) {
                why.append(why.length() == 0 ? "" : ", ").append(t.name().toLowerCase(Locale.ROOT)).append(' ')
                        .append(triggered[t.ordinal()]);
            }
            LOGGER.info("{} subtask {}: {} frames in {} batched steps, {} frames per step on average, largest {} "
                            + "(inference.batch.max {}); stepped because: {}", InferenceFunction.UID,
                    getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(), framesStepped, batches.getCount(),
                    String.format(Locale.ROOT, "%.2f", framesStepped / (double) batches.getCount()), largestBatch,
                    batching.maxBatch(), why);
        }
        super.close();
    }

    /** Frames waiting for the next batched step (tests). */
    int waiting() {
        return frames.size();
    }
}
