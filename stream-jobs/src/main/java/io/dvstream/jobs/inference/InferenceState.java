package io.dvstream.jobs.inference;

import java.util.List;

/**
 * A camera's inference state (keyed state, {@link InferenceStateSerializer}): where its stream
 * stands, the classifier's live carried state, and the windows in progress. Mutable: the operator
 * advances it in place and writes the same object back ({@code update}); deep copies are the
 * serializer's ({@link InferenceStateSerializer#copy}).
 *
 * @param <S> the classifier's per-stream state
 */
public final class InferenceState<S> {

    /** The binning stream the steps belong to. */
    public long stream;
    /** Frame index expected next; any other index means the binner restarted or dropped the camera. */
    public long nextIndex;
    /** Steps taken in this stream. */
    public long steps;
    /** The classifier's state in carry mode; null in reset mode. */
    public S carried;
    /** Windows in progress, oldest first. */
    public List<OpenWindow<S>> windows;

    public InferenceState(long stream, long nextIndex, long steps, S carried, List<OpenWindow<S>> windows) {
        this.stream = stream;
        this.nextIndex = nextIndex;
        this.steps = steps;
        this.carried = carried;
        this.windows = windows;
    }

    @Override
    public String toString() {
        return "InferenceState{stream " + stream + ", next frame " + nextIndex + ", steps " + steps + ", carried "
                + (carried == null ? "none" : "state") + ", open windows " + windows.size() + "}";
    }
}
