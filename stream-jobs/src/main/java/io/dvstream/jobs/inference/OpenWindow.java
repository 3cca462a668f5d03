package io.dvstream.jobs.inference;

/**
 * A classification window of a camera that has started and not yet seen its T steps: the sums its
 * scores are made of, and in {@code reset} mode its own model state.
 *
 * @param <S> the classifier's per-stream state
 */
public final class OpenWindow<S> {

    /** First step of the window (counted from the stream's start). */
    public long firstStep;
    /** Start of the window's first frame, camera microseconds. */
    public long startUs;
    /** Events in the window's frames so far. */
    public long events;
    /** Model state of the window in reset mode; null in carry mode (the camera's state is shared). */
    public S modelState;
    /** Per-class sums of the step logits, in step order. */
    public double[] logitSum;
    public double firingSum;
    public double energySum;

    public OpenWindow(long firstStep, long startUs, long events, S modelState, double[] logitSum, double firingSum,
                      double energySum) {
        this.firstStep = firstStep;
        this.startUs = startUs;
        this.events = events;
        this.modelState = modelState;
        this.logitSum = logitSum;
        this.firingSum = firingSum;
        this.energySum = energySum;
    }

    /** Adds one step's outcome. */
    void add(StepClassifier.Step step, int frameEvents) {
        float[] l = step.logits();
        for (int c = 0; c < logitSum.length; c++) {
            logitSum[c] += l[c];
        }
        firingSum += step.firingRate();
        energySum += step.energyJoules();
        events += frameEvents;
    }
}
