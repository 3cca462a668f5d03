package io.dvstream.jobs.inference;

import java.io.IOException;
import java.io.Serializable;
import java.util.List;

/**
 * The plug point between the job and a streaming classifier: one call is one model step on one
 * frame of one camera (docs/ds2ta-spec.md section 5). The job owns the per-camera state as opaque
 * bytes in Flink keyed state, so whatever the classifier keeps between steps (membranes, TASA
 * history) is checkpointed, restored and rescaled with the camera.
 *
 * <p>Implementations travel with the job graph (serializable); heavy parts (weights, native
 * buffers) belong in transient fields set up by {@link #open()}, which each parallel instance of
 * the inference operator calls once before the first step. An adapter over the DS2TA runtime maps
 * {@code newState}/{@code step} onto its {@code Ds2taState} bytes.
 */
public interface StepClassifier extends Serializable {

    /** The outcome of one step: per-step logits, the state to keep, and what the step cost. */
    record Step(float[] logits, byte[] state, double firingRate, double energyJoules) {
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

    /** The state of a stream that has not seen a frame yet (zero membranes, empty history). */
    byte[] newState();

    /**
     * One step.
     *
     * @param frame counts as {@code [2, inputHeight, inputWidth]}, channel 0 OFF, 1 ON, row-major;
     *     the classifier must not keep it
     * @param state the bytes {@link #newState} or the previous step returned; must not be modified
     */
    Step step(float[] frame, byte[] state);
}
