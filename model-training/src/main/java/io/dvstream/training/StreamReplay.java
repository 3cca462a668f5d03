package io.dvstream.training;

import io.dvstream.events.EventPacket;
import io.dvstream.ingest.aedat.RecordingReader;
import io.dvstream.ingest.gesture.GestureLabel;
import io.dvstream.ingest.gesture.GestureTrial;
import io.dvstream.jobs.inference.WindowScores;
import io.dvstream.model.Ds2ta;
import io.dvstream.model.Ds2taState;
import io.dvstream.model.StepResult;
import io.dvstream.model.StreamingConfig.WindowMode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Replays whole recordings through the runtime as the Flink job's inference operator sees them
 * (spec section 5, {@code WindowAccumulator}): causal fixed-dt frames from the recording's first
 * event (origin rounded down to a multiple of dt), one {@link Ds2ta#step} per frame, a window
 * opening every {@code stride} steps and closing after T steps with the mean of its step logits.
 * In {@code carry} mode one state runs through the whole recording; in {@code reset} mode every
 * window runs its own state from zero (T / stride states per frame when windows overlap).
 *
 * <p>The output is the job's own {@link WindowScores} per window, so that the job's decider can run
 * on it unchanged ({@link StreamingMetrics}), plus the runtime's spike and energy accounting.
 * The state lives in memory here (the job moves it through bytes); the arithmetic is the same
 * {@code Ds2ta.step}.
 */
public final class StreamReplay {

    private StreamReplay() {
    }

    /**
     * One replayed recording.
     *
     * @param name the trial's name (the windows' camera id)
     * @param labels its labelled gestures, by start time
     * @param originUs start of the first frame
     * @param endUs end of the last frame that was stepped
     * @param windows the closed windows in order
     */
    public record Trial(String name, List<GestureLabel> labels, long originUs, long endUs, List<WindowScores> windows) {

        public Trial {
            labels = labels.stream().sorted((a, b) -> Long.compare(a.startUs(), b.startUs())).toList();
            windows = List.copyOf(windows);
        }
    }

    /**
     * A replay of several recordings.
     *
     * @param trials the replayed recordings
     * @param activity spikes and energy over every step that ran
     * @param mode carry or reset
     * @param stride steps between window openings
     */
    public record Result(List<Trial> trials, LayerActivity activity, WindowMode mode, int stride) {
    }

    /**
     * Spikes per LIF layer and energy, summed over every model step of the replay.
     *
     * @param layers LIF layer names (spec order)
     * @param neurons neurons per stream of each layer
     * @param spikes spikes of each layer over all steps
     * @param steps model steps run (in reset mode, several per frame)
     * @param frames frames replayed
     * @param windows windows closed (decisions)
     * @param joules energy estimate of all steps (spec section 7)
     */
    public record LayerActivity(List<String> layers, int[] neurons, long[] spikes, long steps, long frames, long windows,
                                double joules) {

        /** Mean firing rate of layer {@code i}: spikes per neuron per step. */
        public double firingRate(int i) {
            return steps == 0 ? 0 : (double) spikes[i] / ((double) neurons[i] * steps);
        }

        /** Energy spent per decision: all steps' energy over the windows closed (carry shares steps between windows). */
        public double joulesPerDecision() {
            return windows == 0 ? 0 : joules / windows;
        }

        /** Energy per model step. */
        public double joulesPerStep() {
            return steps == 0 ? 0 : joules / steps;
        }
    }

    /** Replays {@code trials} with the window length T of the model, its frame period, and the given mode and stride. */
    public static Result replay(Ds2ta model, List<GestureTrial> trials, WindowMode mode, int stride) throws IOException {
        if (stride < 1) {
            throw new IllegalArgumentException("stride must be >= 1, got " + stride);
        }
        var layout = model.stateLayout();
        var acc = new Accumulator(layout.lifLayerNames().size());
        var out = new ArrayList<Trial>();
        for (GestureTrial trial : trials) {
            out.add(replay(model, trial, mode, stride, acc));
        }
        return new Result(out, new LayerActivity(layout.lifLayerNames(), layout.lifLayerSizes(), acc.spikes, acc.steps,
                acc.frames, acc.windows, acc.joules), mode, stride);
    }

    private static Trial replay(Ds2ta model, GestureTrial trial, WindowMode mode, int stride, Accumulator acc)
            throws IOException {
        var c = model.config();
        long dt = model.streaming().dtUs();
        int h = c.inputHeight();
        int w = c.inputWidth();
        var run = new Run(model, trial.name(), mode, stride, c.T(), c.numClasses(), acc);
        float[] counts = new float[2 * h * w];
        long events = 0;
        long origin = Long.MIN_VALUE;
        long frame = 0;
        try (RecordingReader r = trial.openRecording()) {
            int sw = r.sensor().width();
            int sh = r.sensor().height();
            while (r.hasNext()) {
                EventPacket p = r.next();
                for (int e = 0; e < p.size(); e++) {
                    long te = p.tUs(e);
                    if (origin == Long.MIN_VALUE) {
                        origin = Math.floorDiv(te, dt) * dt;
                    }
                    while (te >= origin + (frame + 1) * dt) {        // close every frame that ended before this event
                        run.frame(counts, events, origin + frame * dt, origin + (frame + 1) * dt);
                        Arrays.fill(counts, 0f);
                        events = 0;
                        frame++;
                    }
                    int ox = (int) ((long) p.x(e) * w / sw);
                    int oy = (int) ((long) p.y(e) * h / sh);
                    counts[(p.isOn(e) ? 1 : 0) * h * w + oy * w + ox] += 1;
                    events++;
                }
            }
        }
        if (origin == Long.MIN_VALUE) {
            origin = 0;
        }
        return new Trial(trial.name(), trial.labels(), origin, origin + frame * dt, run.windows);
    }

    /** Sums over all steps of a replay. */
    private static final class Accumulator {
        final long[] spikes;
        long steps;
        long frames;
        long windows;
        double joules;

        Accumulator(int layers) {
            spikes = new long[layers];
        }

        void add(StepResult r) {
            for (int i = 0; i < spikes.length; i++) {
                spikes[i] += r.spikeCounts()[i];
            }
            steps++;
            joules += r.energy().joules();
        }
    }

    /** A window still collecting steps (its own state in reset mode). */
    private static final class Open {
        final long firstStep;
        final long startUs;
        final Ds2taState state;
        final double[] logitSum;
        long events;
        double firingSum;
        double joules;

        Open(long firstStep, long startUs, Ds2taState state, int classes) {
            this.firstStep = firstStep;
            this.startUs = startUs;
            this.state = state;
            this.logitSum = new double[classes];
        }

        void add(StepResult r, long frameEvents) {
            float[] z = r.logits();
            for (int j = 0; j < z.length; j++) {
                logitSum[j] += z[j];
            }
            events += frameEvents;
            firingSum += r.firingRate();
            joules += r.energy().joules();
        }
    }

    /** The stepping and windowing of one recording. */
    private static final class Run {
        final Ds2ta model;
        final String camera;
        final WindowMode mode;
        final int stride;
        final int t;
        final int classes;
        final Accumulator acc;
        final Ds2taState carried;
        final List<Open> open = new ArrayList<>();
        final List<WindowScores> windows = new ArrayList<>();
        long steps;

        Run(Ds2ta model, String camera, WindowMode mode, int stride, int t, int classes, Accumulator acc) {
            this.model = model;
            this.camera = camera;
            this.mode = mode;
            this.stride = stride;
            this.t = t;
            this.classes = classes;
            this.acc = acc;
            this.carried = mode == WindowMode.CARRY ? model.newState() : null;
        }

        void frame(float[] counts, long events, long startUs, long endUs) {
            acc.frames++;
            if (steps % stride == 0) {
                open.add(new Open(steps, startUs, mode == WindowMode.RESET ? model.newState() : null, classes));
            }
            if (mode == WindowMode.CARRY) {
                StepResult r = model.step(counts.clone(), carried);
                acc.add(r);
                for (Open o : open) {
                    o.add(r, events);
                }
            } else {
                var frames = new ArrayList<float[]>(open.size());
                var states = new ArrayList<Ds2taState>(open.size());
                for (Open o : open) {
                    frames.add(counts.clone());
                    states.add(o.state);
                }
                List<StepResult> rs = model.step(frames, states);
                for (int i = 0; i < open.size(); i++) {
                    acc.add(rs.get(i));
                    open.get(i).add(rs.get(i), events);
                }
            }
            for (var it = open.iterator(); it.hasNext(); ) {
                Open o = it.next();
                if (steps - o.firstStep + 1 == t) {
                    it.remove();
                    windows.add(scores(o, endUs));
                    acc.windows++;
                }
            }
            steps++;
        }

        private WindowScores scores(Open o, long endUs) {
            var s = new WindowScores();
            s.cameraId = camera;
            s.stream = 0;
            s.window = o.firstStep / stride;
            s.startUs = o.startUs;
            s.endUs = endUs;
            s.events = o.events;
            s.logits = new float[classes];
            for (int j = 0; j < classes; j++) {
                s.logits[j] = (float) (o.logitSum[j] / t);
            }
            s.firingRate = o.firingSum / t;
            s.energyJoules = o.joules;
            return s;
        }
    }
}
