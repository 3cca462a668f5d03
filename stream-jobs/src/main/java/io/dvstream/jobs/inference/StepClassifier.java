package io.dvstream.jobs.inference;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * The plug point between the job and a streaming classifier: one call is one model step on one
 * frame of one camera (docs/ds2ta-spec.md section 5). The job keeps each camera's live state object
 * {@code S} in Flink keyed state with the classifier's own {@link #stateSerializer()}, so whatever
 * the classifier keeps between steps (membranes, TASA history) is checkpointed, restored and
 * rescaled with the camera, while a step itself serialises nothing: on the heap state backend the
 * serializer runs only when a checkpoint is taken or restored (docs/gesture-job.md, "State per
 * camera").
 *
 * <p>Implementations travel with the job graph (serializable); heavy parts (weights, native
 * buffers) belong in transient fields set up by {@link #open()}, which each parallel instance of
 * the inference operator calls once before the first step.
 *
 * @param <S> the per-stream state; mutable, advanced in place by {@link #step}
 */
public interface StepClassifier<S> extends Serializable {

    /** The outcome of one step: per-step logits and what the step cost. */
    record Step(float[] logits, double firingRate, double energyJoules) {
    }

    /** Identifies the weights (or stand-in) in every decision the job emits. */
    String modelId();

    /** Input width the classifier expects; frames are sum-pooled onto it by an integer factor. */
    int inputWidth();

    /** Input height the classifier expects. */
    int inputHeight();

    /** Class names, index = logit index. */
    List<String> classNames();

    /** Loads whatever does not travel with the job graph; called once per operator instance. */
    default void open() throws IOException {
    }

    /** A new state of a stream that has not seen a frame yet (zero membranes, empty history). */
    S newState();

    /**
     * One step; {@code state} is advanced in place.
     *
     * @param frame counts as {@code [2, inputHeight, inputWidth]}, channel 0 OFF, 1 ON, row-major;
     *     the classifier must not keep it
     * @param state a state {@link #newState} made, advanced by earlier steps of the same stream
     */
    Step step(float[] frame, S state);

    /**
     * One step of several streams at once (the micro-batched inference operator, docs/gesture-job.md,
     * "Micro-batching"): entry {@code i} steps {@code states.get(i)} on {@code frames.get(i)}, in place,
     * as {@link #step} would, and the result list is in the same order. The states are distinct; the
     * frames may be the same array (reset mode steps several windows of a camera on one frame).
     * This default steps them one after the other; a runtime that computes a batch more cheaply
     * than its streams one by one (DS2TA: one stacked step) overrides it. An override may round
     * differently from {@link #step} (another summation order), but must not change what a stream
     * computes otherwise.
     */
    default List<Step> stepBatch(List<float[]> frames, List<S> states) {
        if (frames.size() != states.size()) {
            throw new IllegalArgumentException("stepBatch needs one state per frame, got " + frames.size() + " frames and "
                    + states.size() + " states");
        }
        List<Step> out = new ArrayList<>(frames.size());
        for (int i = 0; i < frames.size(); i++) {
            out.add(step(frames.get(i), states.get(i)));
        }
        return out;
    }

    /**
     * The Flink serializer of {@code S}, with its own {@link
     * org.apache.flink.api.common.typeutils.TypeSerializerSnapshot} (no Kryo). Its {@code copy} must
     * be deep: the heap backend copies a state that is modified while an asynchronous snapshot is
     * writing it (copy-on-write), and the snapshot must keep the old values.
     */
    TypeSerializer<S> stateSerializer();
}
