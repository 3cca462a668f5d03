package io.dvstream.jobs.inference;

import io.dvstream.jobs.binning.SparseFrame;
import io.dvstream.model.StreamingConfig.WindowMode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/**
 * The stepping and windowing of one camera, without Flink: feeds frames to a {@link StepClassifier}
 * and closes windows (docs/ds2ta-spec.md section 5). A window opens every {@code stride} steps and
 * closes after T steps with the mean of its step logits. In {@code carry} mode one state runs
 * through all frames of a stream; in {@code reset} mode each window runs its own state from
 * {@link StepClassifier#newState}, so overlapping windows cost T/stride steps per frame.
 * The classifier states are advanced in place.
 *
 * <p>The stream restarts (state zeroed, step count 0) when a frame's stream differs from the last
 * one's or its index does not follow it.
 *
 * @param <S> the classifier's per-stream state
 */
public final class WindowAccumulator<S> {

    private final StepClassifier<S> classifier;
    private final InferenceSettings settings;
    private final int classes;
    private final float[] input;
    private long stepNanos;
    private long steps;

    public WindowAccumulator(StepClassifier<S> classifier, InferenceSettings settings) {
        this.classifier = classifier;
        this.settings = settings;
        this.classes = classifier.classNames().size();
        this.input = new float[2 * classifier.inputWidth() * classifier.inputHeight()];
    }

    /** The state of a camera whose next frame starts stream {@code stream} at frame {@code index}. */
    public InferenceState<S> fresh(long stream, long index) {
        return new InferenceState<>(stream, index, 0, settings.mode() == WindowMode.CARRY ? classifier.newState() : null,
                new ArrayList<>());
    }

    /** Whether {@code f} continues the stream of {@code s} (else the camera restarts). */
    public static boolean continues(InferenceState<?> s, SparseFrame f) {
        return s != null && s.stream == f.stream && s.nextIndex == f.index;
    }

    /**
     * Steps {@code s} (modified in place) on frame {@code f}, which must continue it, and hands each
     * window the frame closes to {@code closed}.
     */
    public void step(InferenceState<S> s, SparseFrame f, long closedAtMs, Consumer<WindowScores> closed) {
        FramePooling.pool(f, classifier.inputWidth(), classifier.inputHeight(), input);
        long nanosBefore = stepNanos;
        if (s.steps % settings.stride() == 0) {
            s.windows.add(new OpenWindow<>(s.steps, f.startUs, 0,
                    settings.mode() == WindowMode.RESET ? classifier.newState() : null, new double[classes], 0, 0));
        }
        if (settings.mode() == WindowMode.CARRY) {
            StepClassifier.Step r = timedStep(s.carried);
            for (OpenWindow<S> w : s.windows) {
                w.add(r, f.eventCount);
            }
        } else {
            for (OpenWindow<S> w : s.windows) {
                StepClassifier.Step r = timedStep(w.modelState);
                w.add(r, f.eventCount);
            }
        }
        long frameNanos = stepNanos - nanosBefore;
        int t = settings.windowSteps();
        for (Iterator<OpenWindow<S>> it = s.windows.iterator(); it.hasNext(); ) {
            OpenWindow<S> w = it.next();
            if (s.steps - w.firstStep + 1 == t) {
                it.remove();
                closed.accept(scores(f, s.stream, w, closedAtMs, frameNanos));
            }
        }
        s.steps++;
        s.nextIndex = f.index + 1;
    }

    private StepClassifier.Step timedStep(S state) {
        long t0 = System.nanoTime();
        StepClassifier.Step r = classifier.step(input, state);
        stepNanos += System.nanoTime() - t0;
        steps++;
        if (r.logits() == null || r.logits().length != classes) {
            throw new IllegalStateException("classifier " + classifier.modelId() + " returned "
                    + (r.logits() == null ? "no" : r.logits().length) + " logits for " + classes + " classes");
        }
        return r;
    }

    private WindowScores scores(SparseFrame last, long stream, OpenWindow<?> w, long closedAtMs, long frameNanos) {
        int t = settings.windowSteps();
        WindowScores out = new WindowScores();
        out.cameraId = last.cameraId;
        out.stream = stream;
        out.window = w.firstStep / settings.stride();
        out.startUs = w.startUs;
        out.endUs = last.endUs;
        out.events = w.events;
        out.logits = new float[classes];
        for (int c = 0; c < classes; c++) {
            out.logits[c] = (float) (w.logitSum[c] / t);
        }
        out.firingRate = w.firingSum / t;
        out.energyJoules = w.energySum;
        out.closedAtMs = closedAtMs;
        out.inferenceNanos = frameNanos;
        return out;
    }

    /** Nanoseconds spent in {@link StepClassifier#step} since the last call, and resets it. */
    public long takeStepNanos() {
        long n = stepNanos;
        stepNanos = 0;
        return n;
    }

    /** Classifier steps since the last call, and resets it. */
    public long takeSteps() {
        long n = steps;
        steps = 0;
        return n;
    }

    /** Offline use: the windows of one camera's frames in order, restarts included. */
    public List<WindowScores> run(List<SparseFrame> frames) {
        List<WindowScores> out = new ArrayList<>();
        InferenceState<S> s = null;
        for (SparseFrame f : frames) {
            if (!continues(s, f)) {
                s = fresh(f.stream, f.index);
            }
            step(s, f, 0, out::add);
        }
        return out;
    }
}
