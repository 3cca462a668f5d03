package io.dvstream.jobs.inference;

import io.dvstream.jobs.binning.SparseFrame;
import io.dvstream.model.StreamingConfig.WindowMode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.ObjIntConsumer;

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
 * <p>Two entry points share all of this: {@link #step(InferenceState, SparseFrame, long, Consumer)},
 * one camera's frame with one classifier call per state ({@link InferenceFunction}), and
 * {@link #stepBatch}, one frame of each of several cameras with one batched classifier call
 * ({@link BatchedInferenceOperator}).
 *
 * @param <S> the classifier's per-stream state
 */
public final class WindowAccumulator<S> {

    private final StepClassifier<S> classifier;
    private final InferenceSettings settings;
    private final int classes;
    /** Pooled inputs, one per entry of the largest batch so far. */
    private final List<float[]> inputs = new ArrayList<>();
    private long stepNanos;
    private long steps;

    public WindowAccumulator(StepClassifier<S> classifier, InferenceSettings settings) {
        this.classifier = classifier;
        this.settings = settings;
        this.classes = classifier.classNames().size();
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
     * The state frame {@code f} steps: {@code stored} when {@code f} continues it, else a fresh one
     * (the camera's first frame when {@code stored} is null; a stream restart otherwise, which the
     * caller tells by the result not being {@code stored}).
     */
    public InferenceState<S> stateFor(InferenceState<S> stored, SparseFrame f) {
        return continues(stored, f) ? stored : fresh(f.stream, f.index);
    }

    /**
     * Steps {@code s} (modified in place) on frame {@code f}, which must continue it, and hands each
     * window the frame closes to {@code closed}. One {@link StepClassifier#step} per classifier
     * state: this is the per-frame path of {@link InferenceFunction}.
     */
    public void step(InferenceState<S> s, SparseFrame f, long closedAtMs, Consumer<WindowScores> closed) {
        step(List.of(s), List.of(f), new long[] {closedAtMs}, false, (w, i) -> closed.accept(w));
    }

    /**
     * Steps several cameras by one frame each with one {@link StepClassifier#stepBatch} call for all
     * of them (in reset mode: for every open window of every camera), the micro-batched path of
     * {@link BatchedInferenceOperator}. Entry {@code i} is camera state {@code states.get(i)}
     * (modified in place) and its frame {@code frames.get(i)}, which must continue it; a state may
     * appear only once, because its next frame needs this step's result. Windows are handed to
     * {@code closed} with their entry's index, entry by entry in list order, each entry's in the
     * order {@link #step(InferenceState, SparseFrame, long, Consumer)} would give them; so the
     * output equals stepping the entries one after the other, up to what the classifier's batched
     * step changes in its arithmetic.
     *
     * @param closedAtMs per entry, the wall time its frame reached the operator
     */
    public void stepBatch(List<InferenceState<S>> states, List<SparseFrame> frames, long[] closedAtMs,
                          ObjIntConsumer<WindowScores> closed) {
        step(states, frames, closedAtMs, true, closed);
    }

    private void step(List<InferenceState<S>> states, List<SparseFrame> frames, long[] closedAtMs, boolean batched,
                      ObjIntConsumer<WindowScores> closed) {
        int n = states.size();
        if (frames.size() != n || closedAtMs.length != n) {
            throw new IllegalArgumentException("one frame and one time per camera state, got " + n + " states, "
                    + frames.size() + " frames and " + closedAtMs.length + " times");
        }
        // 1. Pool each frame, open the windows due, and list what the classifier must step: the
        //    camera's carried state (carry) or every open window's own state (reset).
        List<float[]> inputs = new ArrayList<>();
        List<S> stepped = new ArrayList<>();
        int[] firstRequest = new int[n + 1];
        for (int i = 0; i < n; i++) {
            InferenceState<S> s = states.get(i);
            for (int j = 0; j < i; j++) {
                if (states.get(j) == s) {
                    throw new IllegalArgumentException("camera state of entries " + j + " and " + i
                            + " is the same: a camera's second frame must wait for the step of its first");
                }
            }
            SparseFrame f = frames.get(i);
            float[] in = input(i);
            FramePooling.pool(f, classifier.inputWidth(), classifier.inputHeight(), in);
            if (s.steps % settings.stride() == 0) {
                s.windows.add(new OpenWindow<>(s.steps, f.startUs, 0,
                        settings.mode() == WindowMode.RESET ? classifier.newState() : null, new double[classes], 0, 0));
            }
            if (settings.mode() == WindowMode.CARRY) {
                inputs.add(in);
                stepped.add(s.carried);
            } else {
                for (OpenWindow<S> w : s.windows) {
                    inputs.add(in);
                    stepped.add(w.modelState);
                }
            }
            firstRequest[i + 1] = inputs.size();
        }
        // 2. The classifier: one call per state, or one batched call for all of them.
        long nanosBefore = stepNanos;
        List<StepClassifier.Step> results = timedSteps(inputs, stepped, batched);
        long callNanos = stepNanos - nanosBefore;
        // 3. Each camera's results into its windows; the windows that are complete close.
        int t = settings.windowSteps();
        for (int i = 0; i < n; i++) {
            InferenceState<S> s = states.get(i);
            SparseFrame f = frames.get(i);
            int k = firstRequest[i];
            for (OpenWindow<S> w : s.windows) {
                w.add(results.get(settings.mode() == WindowMode.CARRY ? firstRequest[i] : k++), f.eventCount);
            }
            for (Iterator<OpenWindow<S>> it = s.windows.iterator(); it.hasNext(); ) {
                OpenWindow<S> w = it.next();
                if (s.steps - w.firstStep + 1 == t) {
                    it.remove();
                    // The entry's share of the call: all of it for one camera, else pro rata its states.
                    long frameNanos = callNanos * (firstRequest[i + 1] - firstRequest[i]) / inputs.size();
                    closed.accept(scores(f, s.stream, w, closedAtMs[i], frameNanos), i);
                }
            }
            s.steps++;
            s.nextIndex = f.index + 1;
        }
    }

    /** The pooled-input buffer of batch entry {@code i}, reused across calls. */
    private float[] input(int i) {
        while (inputs.size() <= i) {
            inputs.add(new float[2 * classifier.inputWidth() * classifier.inputHeight()]);
        }
        return inputs.get(i);
    }

    private List<StepClassifier.Step> timedSteps(List<float[]> in, List<S> stepped, boolean batched) {
        long t0 = System.nanoTime();
        List<StepClassifier.Step> out;
        if (batched) {
            out = classifier.stepBatch(in, stepped);
        } else {
            out = new ArrayList<>(in.size());
            for (int i = 0; i < in.size(); i++) {
                out.add(classifier.step(in.get(i), stepped.get(i)));
            }
        }
        stepNanos += System.nanoTime() - t0;
        steps += in.size();
        if (out.size() != in.size()) {
            throw new IllegalStateException("classifier " + classifier.modelId() + " returned " + out.size()
                    + " results for a batch of " + in.size());
        }
        for (StepClassifier.Step r : out) {
            if (r.logits() == null || r.logits().length != classes) {
                throw new IllegalStateException("classifier " + classifier.modelId() + " returned "
                        + (r.logits() == null ? "no" : r.logits().length) + " logits for " + classes + " classes");
            }
        }
        return out;
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
