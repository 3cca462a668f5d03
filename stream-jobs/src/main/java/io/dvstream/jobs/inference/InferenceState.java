package io.dvstream.jobs.inference;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A camera's inference state (keyed state, {@link InferenceStateSerializer}): where its stream
 * stands, the classifier's carried state, and the windows in progress.
 */
public final class InferenceState {

    /** The binning stream the steps belong to. */
    public long stream;
    /** Frame index expected next; any other index means the binner restarted or dropped the camera. */
    public long nextIndex;
    /** Steps taken in this stream. */
    public long steps;
    /** The classifier's state in carry mode; null in reset mode. */
    public byte[] carried;
    /** Windows in progress, oldest first. */
    public List<OpenWindow> windows;

    public InferenceState(long stream, long nextIndex, long steps, byte[] carried, List<OpenWindow> windows) {
        this.stream = stream;
        this.nextIndex = nextIndex;
        this.steps = steps;
        this.carried = carried;
        this.windows = windows;
    }

    public InferenceState copy() {
        List<OpenWindow> w = new ArrayList<>(windows.size());
        windows.forEach(x -> w.add(x.copy()));
        return new InferenceState(stream, nextIndex, steps, carried == null ? null : carried.clone(), w);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InferenceState s && stream == s.stream && nextIndex == s.nextIndex && steps == s.steps
                && java.util.Arrays.equals(carried, s.carried) && Objects.equals(windows, s.windows);
    }

    @Override
    public int hashCode() {
        return Objects.hash(stream, nextIndex, steps, windows.size());
    }

    @Override
    public String toString() {
        return "InferenceState{stream " + stream + ", next frame " + nextIndex + ", steps " + steps + ", carried "
                + (carried == null ? "none" : carried.length + " bytes") + ", open windows " + windows.size() + "}";
    }
}
