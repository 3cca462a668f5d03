package io.dvstream.jobs.inference;

import io.dvstream.jobs.CameraStateTtl;
import io.dvstream.jobs.binning.SparseFrame;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Stateful inference, keyed by camera: every frame is one step of the camera's classifier state,
 * and every {@code stride} steps a window of T steps closes with its mean logits
 * ({@link WindowAccumulator}; docs/ARCHITECTURE.md, "Stateful inference").
 *
 * <ul>
 *   <li><b>Input:</b> the camera's {@link SparseFrame}s in order, empty ones included, at the
 *       classifier's input size or an integer multiple of it (sum-pooled, {@link FramePooling}).</li>
 *   <li><b>Output:</b> one {@link WindowScores} per closed window.</li>
 *   <li><b>State</b> {@value #STATE}: {@link InferenceState} (stream, next frame, steps, the
 *       classifier's live state object, open windows) with {@link InferenceStateSerializer} over
 *       the classifier's {@link StepClassifier#stateSerializer()}; so it is checkpointed with the
 *       source offsets and the binner, and moves with the key group when the job is rescaled. The
 *       state object is advanced in place and written back with {@code update} after every frame:
 *       on the heap backend that stores a reference (no serialisation per step; the serializer
 *       runs at checkpoints, and its deep {@code copy} when copy-on-write protects a running
 *       snapshot); on RocksDB it would serialise the whole state per frame, still correct. It
 *       expires (state TTL) when the camera has sent no frame for the TTL the job sets: the
 *       binning operator's expiry of a departed camera.</li>
 *   <li><b>Restarts:</b> when the binner reports a new stream (clock jump, gap beyond max.gap.us)
 *       or a frame index that does not follow (the binner dropped an expired camera), the state
 *       starts afresh and window numbers restart at 0.</li>
 * </ul>
 *
 * <p><b>Metrics</b> (operator group): counters {@code framesIn}, {@code steps}, {@code windowsOut},
 * {@code streamResets}; meter {@code stepsPerSecond}; histogram {@code inferenceUs} (classifier time
 * per frame, microseconds; in reset mode a frame costs several steps).
 */
public class InferenceFunction<S> extends KeyedProcessFunction<String, SparseFrame, WindowScores> {

    private static final long serialVersionUID = 1L;

    public static final String UID = "stateful-inference";
    public static final String STATE = "inference";

    private final StepClassifier<S> classifier;
    private final InferenceSettings settings;
    private final long stateTtlMs;

    private transient ValueState<InferenceState<S>> state;
    private transient WindowAccumulator<S> accumulator;
    private transient InferenceMetrics metrics;

    /** State kept until the job's state is reset. */
    public InferenceFunction(StepClassifier<S> classifier, InferenceSettings settings) {
        this(classifier, settings, 0);
    }

    /**
     * @param stateTtlMs processing time without a frame after which a camera's state expires
     *     ({@link CameraStateTtl}); 0 keeps it
     */
    public InferenceFunction(StepClassifier<S> classifier, InferenceSettings settings, long stateTtlMs) {
        this.classifier = classifier;
        this.settings = settings;
        this.stateTtlMs = stateTtlMs;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        classifier.open();
        state = getRuntimeContext().getState(
                CameraStateTtl.expireAfter(new ValueStateDescriptor<>(STATE,
                        new InferenceStateSerializer<>(classifier.stateSerializer())), stateTtlMs));
        accumulator = new WindowAccumulator<>(classifier, settings);
        metrics = new InferenceMetrics(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(SparseFrame frame, Context ctx, Collector<WindowScores> out) throws Exception {
        metrics.framesIn.inc();
        InferenceState<S> stored = state.value();
        InferenceState<S> s = accumulator.stateFor(stored, frame);
        if (stored != null && s != stored) {
            metrics.streamResets.inc();
        }
        accumulator.step(s, frame, System.currentTimeMillis(), w -> {
            metrics.windowsOut.inc();
            out.collect(w);
        });
        state.update(s); // the same object on the heap backend; RocksDB would serialise it here
        metrics.steps.inc(accumulator.takeSteps());
        metrics.inferenceUs.update(accumulator.takeStepNanos() / 1_000);
    }
}
