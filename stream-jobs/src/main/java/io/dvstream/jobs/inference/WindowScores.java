package io.dvstream.jobs.inference;

import java.util.Arrays;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * One classification window of one camera as the inference operator closes it: the mean logits of
 * its T steps (docs/ds2ta-spec.md 4.4), where it lies on the camera clock and what it cost.
 *
 * <p>A Flink POJO; {@link #TYPE} is its type information.
 */
public class WindowScores {

    public static final TypeInformation<WindowScores> TYPE = Types.POJO(WindowScores.class);

    public String cameraId;
    /** The camera's stream (binning restarts) the window belongs to. */
    public long stream;
    /** Window number within the stream: window w covers steps {@code w*stride .. w*stride+T-1}. */
    public long window;
    /** Inclusive start of the first frame, camera microseconds. */
    public long startUs;
    /** Exclusive end of the last frame, camera microseconds. */
    public long endUs;
    /** Events in the window's frames. */
    public long events;
    /** Mean per-step logits over the window, index = class. */
    public float[] logits;
    /** Mean firing rate the classifier reported over the window's steps. */
    public double firingRate;
    /** Energy estimate of the window's steps, joules (sum). */
    public double energyJoules;
    /** Wall-clock ms when the frame that closed the window reached the operator. */
    public long closedAtMs;
    /**
     * Classifier wall time spent on the frame that closed the window, nanoseconds: one step in
     * {@code carry} mode, one per open window in {@code reset} mode; with micro-batching
     * ({@code inference.batch.max} &gt; 1) the frame's share of the batched call. A sample of the per-frame cost
     * the dashboard shows; like {@link #closedAtMs} it is wall time, so it is not part of
     * {@link #equals}.
     */
    public long inferenceNanos;

    public WindowScores() {
    }

    /** {@link #inferenceNanos} in milliseconds. */
    public double inferenceMs() {
        return inferenceNanos / 1e6;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WindowScores w && Objects.equals(cameraId, w.cameraId) && stream == w.stream && window == w.window
                && startUs == w.startUs && endUs == w.endUs && events == w.events && Arrays.equals(logits, w.logits)
                && Double.compare(firingRate, w.firingRate) == 0 && Double.compare(energyJoules, w.energyJoules) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(cameraId, stream, window, startUs) * 31 + Arrays.hashCode(logits);
    }

    @Override
    public String toString() {
        return "WindowScores{" + cameraId + " stream " + stream + " window " + window + " [" + startUs + ", " + endUs + ") us, "
                + events + " events, logits " + Arrays.toString(logits) + "}";
    }
}
