package io.dvstream.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Classification over windows of {@code T} steps of one stream (docs/ds2ta-spec.md sections 4.4
 * and 5): the mean of the per-step logits {@code z(t)} over the window, emitted every
 * {@code stride} steps once {@code T} steps have been seen (after frames T, T + stride, ...).
 * <ul>
 *   <li>{@code carry}: one state, never reset; the window is the last T steps of the stream.</li>
 *   <li>{@code reset}: a window starts every {@code stride} steps with a zeroed state of its own and
 *       runs its T steps; with {@code stride < T} several windows are open at once, costing
 *       {@code T / stride} times the compute of carry mode.</li>
 * </ul>
 * One stream per instance; not thread-safe.
 */
public final class WindowClassifier {

    /**
     * @param step frames consumed so far (the window ends with frame {@code step - 1})
     * @param meanLogits mean of {@code z(t)} over the window [numClasses]
     * @param predicted index of the largest mean logit
     * @param energy summed over the window's T steps
     * @param firingRate mean over the window's steps
     */
    public record Classification(long step, float[] meanLogits, int predicted, StepEnergy energy, double firingRate) {
    }

    private final Ds2ta model;
    private final StreamingConfig.WindowMode mode;
    private final int t;
    private final int stride;
    private final Ds2taState carried;
    private final ArrayDeque<StepResult> lastSteps = new ArrayDeque<>();
    private final List<Window> open = new ArrayList<>();
    private long step;

    private static final class Window {
        final Ds2taState state;
        final List<StepResult> steps = new ArrayList<>();

        Window(Ds2taState state) {
            this.state = state;
        }
    }

    public WindowClassifier(Ds2ta model, StreamingConfig.WindowMode mode, int stride) {
        if (stride < 1) {
            throw new IllegalArgumentException("stride must be >= 1, got " + stride);
        }
        this.model = model;
        this.mode = mode;
        this.t = model.config().T();
        this.stride = stride;
        this.carried = model.newState();
    }

    /** With the mode and stride recorded in the model's weight file. */
    public WindowClassifier(Ds2ta model) {
        this(model, model.streaming().mode(), model.streaming().stride());
    }

    /** Consumes the next frame; returns a classification when a window ends with it. */
    public Optional<Classification> accept(float[] frame) {
        step++;
        if (mode == StreamingConfig.WindowMode.CARRY) {
            lastSteps.addLast(model.step(frame, carried));
            if (lastSteps.size() > t) {
                lastSteps.removeFirst();
            }
            return windowEnds() ? Optional.of(classify(new ArrayList<>(lastSteps))) : Optional.empty();
        }
        if ((step - 1) % stride == 0) {
            open.add(new Window(model.newState()));
        }
        var frames = new ArrayList<float[]>();
        var states = new ArrayList<Ds2taState>();
        for (Window w : open) {
            frames.add(frame);
            states.add(w.state);
        }
        List<StepResult> results = model.step(frames, states);
        Classification done = null;
        Iterator<Window> it = open.iterator();
        int i = 0;
        while (it.hasNext()) {
            Window w = it.next();
            w.steps.add(results.get(i++));
            if (w.steps.size() == t) {
                done = classify(w.steps);
                it.remove();
            }
        }
        return Optional.ofNullable(done);
    }

    /** Starts the stream again: zeroes the carried state and drops open windows. */
    public void reset() {
        carried.reset();
        lastSteps.clear();
        open.clear();
        step = 0;
    }

    private boolean windowEnds() {
        return step >= t && (step - t) % stride == 0;
    }

    private Classification classify(List<StepResult> steps) {
        int k = model.config().numClasses();
        double[] sum = new double[k];
        StepEnergy e = StepEnergy.ZERO;
        double rate = 0;
        for (StepResult r : steps) {
            for (int j = 0; j < k; j++) {
                sum[j] += r.logits()[j];
            }
            e = e.plus(r.energy());
            rate += r.firingRate();
        }
        float[] mean = new float[k];
        int best = 0;
        for (int j = 0; j < k; j++) {
            mean[j] = (float) (sum[j] / steps.size());
            if (mean[j] > mean[best]) {
                best = j;
            }
        }
        return new Classification(step, mean, best, e, rate / steps.size());
    }
}
