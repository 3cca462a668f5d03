package io.dvstream.jobs.decisions;

import io.dvstream.jobs.decisions.GestureEvent.Kind;
import io.dvstream.jobs.inference.WindowScores;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a camera's per-window logits into {@code dvs.gestures} records: the window's scores, and
 * gesture start/end events with hysteresis ({@link DecisionConfig}). Pure: the state goes in and
 * comes out ({@link #decide}), so the Flink operator only moves it in and out of keyed state.
 *
 * <p>Per window, in this order:
 * <ol>
 *   <li>If the window belongs to a new stream (the camera restarted), a gesture in progress ends
 *       (its record carries the old stream) and everything is forgotten.</li>
 *   <li>Idle window (too few events, or the idle class on top): a gesture in progress ends, the
 *       candidate is dropped, and nothing else is emitted.</li>
 *   <li>Otherwise a {@code window} record with the softmax probabilities of the mean logits.</li>
 *   <li>The gesture in progress holds while its probability is at least the off threshold; after
 *       {@code offWindows} windows below it, it ends.</li>
 *   <li>A class other than the one in progress that is on top with at least the on threshold for
 *       {@code onWindows} consecutive windows starts a gesture (ending the one in progress first).</li>
 * </ol>
 */
public final class GestureDecider implements Serializable {

    private static final long serialVersionUID = 1L;

    private final DecisionConfig config;
    private final List<String> classes;
    private final String modelId;
    private final int idleIndex;

    /** State after a window, and the records the window produced (possibly none). */
    public record Outcome(DecisionState state, List<GestureEvent> events) {
    }

    public GestureDecider(DecisionConfig config, List<String> classes, String modelId) {
        this.config = config;
        this.classes = List.copyOf(classes);
        this.modelId = modelId;
        if (this.classes.isEmpty()) {
            throw new IllegalArgumentException("a gesture decider needs at least one class");
        }
        this.idleIndex = config.idleClass() == null ? -1 : this.classes.indexOf(config.idleClass());
        if (config.idleClass() != null && idleIndex < 0) {
            throw new IllegalArgumentException("Invalid value " + config.idleClass() + " for configuration decision.idle.class: "
                    + "the model " + modelId + " has no such class; its classes are " + this.classes);
        }
    }

    /**
     * Decides on one window.
     *
     * @param state the camera's state, or null before its first window
     * @param w the window's scores; its logits must have one entry per class
     * @param nowMs wall time for {@link GestureEvent#emittedAtMs}
     */
    public Outcome decide(DecisionState state, WindowScores w, long nowMs) {
        if (w.logits == null || w.logits.length != classes.size()) {
            throw new IllegalArgumentException("window " + w.window + " of camera " + w.cameraId + " has "
                    + (w.logits == null ? "no" : w.logits.length) + " logits, the model " + modelId + " has " + classes.size()
                    + " classes");
        }
        DecisionState s = state == null ? DecisionState.INITIAL : state;
        List<GestureEvent> out = new ArrayList<>(2);
        if (s.stream() != w.stream) {
            if (s.hasActive()) {
                out.add(end(s, s.stream(), w, nowMs));
            }
            s = DecisionState.idle(w.stream);
        }
        float[] p = softmax(w.logits);
        int top = argmax(p);
        if (w.events < config.minEventsPerWindow() || top == idleIndex) {
            if (s.hasActive()) {
                out.add(end(s, w.stream, w, nowMs));
            }
            return new Outcome(DecisionState.idle(w.stream), out);
        }
        out.add(new GestureEvent(w.cameraId, Kind.WINDOW, classes.get(top), top, p[top], p, w.logits.clone(), w.stream, w.window,
                w.startUs, w.endUs, nowMs, modelId, w.firingRate, w.energyJoules, w.inferenceMs()));

        int active = s.active();
        long activeStartUs = s.activeStartUs();
        long activeLastEndUs = s.activeLastEndUs();
        double activePeak = s.activePeak();
        int offStreak = s.offStreak();
        if (active >= 0) {
            if (p[active] >= config.offThreshold()) {
                offStreak = 0;
                activeLastEndUs = w.endUs;
                activePeak = Math.max(activePeak, p[active]);
            } else if (++offStreak >= config.offWindows()) {
                out.add(end(s, w.stream, w, nowMs));
                active = -1;
            }
        }

        int candidate = -1;
        int streak = 0;
        long candidateStartUs = 0;
        if (top != active && p[top] >= config.onThreshold()) {
            candidate = top;
            boolean continues = s.candidate() == top;
            streak = continues ? s.candidateStreak() + 1 : 1;
            candidateStartUs = continues ? s.candidateStartUs() : w.startUs;
            if (streak >= config.onWindows()) {
                if (active >= 0) {
                    out.add(end(new DecisionState(s.stream(), active, activeStartUs, activeLastEndUs, activePeak, offStreak,
                            -1, 0, 0), w.stream, w, nowMs));
                }
                out.add(new GestureEvent(w.cameraId, Kind.START, classes.get(top), top, p[top], null, null, w.stream, w.window,
                        candidateStartUs, w.endUs, nowMs, modelId, w.firingRate, w.energyJoules, w.inferenceMs()));
                return new Outcome(new DecisionState(w.stream, top, candidateStartUs, w.endUs, p[top], 0, -1, 0, 0), out);
            }
        }
        return new Outcome(new DecisionState(w.stream, active, activeStartUs, activeLastEndUs, activePeak, offStreak,
                candidate, streak, candidateStartUs), out);
    }

    private GestureEvent end(DecisionState s, long stream, WindowScores w, long nowMs) {
        int c = s.active();
        return new GestureEvent(w.cameraId, Kind.END, classes.get(c), c, s.activePeak(), null, null, stream, w.window,
                s.activeStartUs(), s.activeLastEndUs(), nowMs, modelId, w.firingRate, w.energyJoules, w.inferenceMs());
    }

    /** Softmax in double precision (max subtracted first), rounded to float. */
    public static float[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double[] e = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            e[i] = Math.exp(logits[i] - max);
            sum += e[i];
        }
        float[] p = new float[logits.length];
        for (int i = 0; i < logits.length; i++) {
            p[i] = (float) (e[i] / sum);
        }
        return p;
    }

    /** Index of the largest value; the lowest index wins ties (offline evaluation uses it too, so both break ties alike). */
    public static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    public List<String> classes() {
        return classes;
    }

    public String modelId() {
        return modelId;
    }
}
