package io.dvstream.training;

import io.dvstream.ingest.gesture.GestureLabel;
import io.dvstream.jobs.decisions.DecisionConfig;
import io.dvstream.jobs.decisions.DecisionState;
import io.dvstream.jobs.decisions.GestureDecider;
import io.dvstream.jobs.decisions.GestureEvent;
import io.dvstream.jobs.inference.WindowScores;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a user of the streaming system sees, measured on replayed recordings ({@link StreamReplay})
 * with the Flink job's own {@link GestureDecider} (hysteresis, idle rule) run over the windows:
 *
 * <ul>
 *   <li><b>per-window accuracy</b>: windows lying entirely inside a labelled gesture, top class of
 *       the window's mean logits against the label (no decider involved);</li>
 *   <li><b>accuracy vs observation time</b>: for every labelled gesture and every time tau after
 *       its onset (100 ms steps), whether the decider's gesture in progress after the last window
 *       that closed by onset + tau is the right one (and, second curve, whether that window's top
 *       class is); gestures shorter than tau do not count at tau;</li>
 *   <li><b>onset latency</b>: from a label's start to the end of the window whose decision started
 *       the right gesture (the first such start inside the label); a label with none is missed;</li>
 *   <li><b>false gesture events per idle minute</b>: starts decided on a window that overlaps no
 *       label, over the time outside labels; starts of a wrong class on a window overlapping a
 *       label are counted apart ({@code wrongStarts}).</li>
 * </ul>
 *
 * @param windows per-window confusion inside labels
 * @param observationMs the observation times tau, ms
 * @param decidedAccuracy share of gestures whose decided gesture is right at each tau
 * @param windowAccuracy share whose latest window's top class is right at each tau
 * @param gesturesAt gestures counted at each tau (those at least tau long)
 * @param latenciesMs onset latency of every detected gesture, ascending
 * @param gestures labelled gestures
 * @param falseStarts starts on windows overlapping no label
 * @param wrongStarts starts of a wrong class on windows overlapping a label
 * @param idleMinutes camera time outside labels, minutes
 */
public record StreamingMetrics(ConfusionMatrix windows, int[] observationMs, double[] decidedAccuracy,
                               double[] windowAccuracy, int[] gesturesAt, double[] latenciesMs, int gestures,
                               int falseStarts, int wrongStarts, double idleMinutes) {

    /** Observation times 100, 200, ..., 2000 ms. */
    public static final int[] OBSERVATION_MS = {100, 200, 300, 400, 500, 600, 700, 800, 900, 1000, 1100, 1200, 1300,
            1400, 1500, 1600, 1700, 1800, 1900, 2000};

    /** Gestures whose right class was started inside the label. */
    public int detected() {
        return latenciesMs.length;
    }

    /** Median onset latency of the detected gestures, ms (NaN if none). */
    public double latencyMedianMs() {
        return percentile(latenciesMs, 0.5);
    }

    /** 90th percentile onset latency of the detected gestures, ms (NaN if none). */
    public double latencyP90Ms() {
        return percentile(latenciesMs, 0.9);
    }

    /** False gesture starts per minute of idle camera time. */
    public double falseStartsPerIdleMinute() {
        return idleMinutes <= 0 ? Double.NaN : falseStarts / idleMinutes;
    }

    /** Nearest-rank percentile of ascending values. */
    static double percentile(double[] ascending, double q) {
        if (ascending.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * ascending.length);
        return ascending[Math.max(0, Math.min(ascending.length - 1, rank - 1))];
    }

    /** Runs a decider with {@code config} over every replayed trial and measures the above. */
    public static StreamingMetrics measure(List<StreamReplay.Trial> trials, DecisionConfig config, List<String> classes) {
        var decider = new GestureDecider(config, classes, "eval");
        int n = OBSERVATION_MS.length;
        var cm = new ConfusionMatrix(classes);
        long[] decidedRight = new long[n];
        long[] windowRight = new long[n];
        int[] at = new int[n];
        var latencies = new ArrayList<Double>();
        int gestures = 0;
        int falseStarts = 0;
        int wrongStarts = 0;
        double idleUs = 0;
        for (StreamReplay.Trial trial : trials) {
            List<GestureLabel> labels = trial.labels();
            List<WindowScores> ws = trial.windows();
            int[] activeAfter = new int[ws.size()];
            long[] startEnds = new long[labels.size()];           // decision time of the label's first right start
            Arrays.fill(startEnds, Long.MIN_VALUE);
            DecisionState state = null;
            for (int i = 0; i < ws.size(); i++) {
                WindowScores w = ws.get(i);
                GestureDecider.Outcome o = decider.decide(state, w, 0);
                state = o.state();
                activeAfter[i] = state.active();
                int inside = labelContaining(labels, w.startUs, w.endUs);
                if (inside >= 0) {
                    cm.add(labels.get(inside).gesture().index(), GestureDecider.argmax(w.logits));
                }
                for (GestureEvent e : o.events()) {
                    if (e.kind() != GestureEvent.Kind.START) {
                        continue;
                    }
                    int overlapping = labelOverlapping(labels, w.startUs, w.endUs);
                    if (overlapping < 0) {
                        falseStarts++;
                        continue;
                    }
                    int rightLabel = -1;
                    for (int l = 0; l < labels.size(); l++) {
                        GestureLabel lab = labels.get(l);
                        if (lab.gesture().index() == e.classIndex() && lab.startUs() <= w.endUs && w.endUs <= lab.endUs()) {
                            rightLabel = l;
                        }
                    }
                    if (rightLabel >= 0) {
                        if (startEnds[rightLabel] == Long.MIN_VALUE) {
                            startEnds[rightLabel] = w.endUs;
                        }
                    } else {
                        wrongStarts++;
                    }
                }
            }
            for (int l = 0; l < labels.size(); l++) {
                GestureLabel lab = labels.get(l);
                gestures++;
                if (startEnds[l] != Long.MIN_VALUE) {
                    latencies.add((startEnds[l] - lab.startUs()) / 1000.0);
                }
                for (int k = 0; k < n; k++) {
                    long tau = OBSERVATION_MS[k] * 1000L;
                    if (lab.durationUs() < tau) {
                        continue;
                    }
                    at[k]++;
                    int last = lastClosedBy(ws, lab.startUs() + tau);
                    if (last < 0) {
                        continue;
                    }
                    if (activeAfter[last] == lab.gesture().index()) {
                        decidedRight[k]++;
                    }
                    if (GestureDecider.argmax(ws.get(last).logits) == lab.gesture().index()) {
                        windowRight[k]++;
                    }
                }
            }
            idleUs += idleTimeUs(trial);
        }
        double[] dAcc = new double[n];
        double[] wAcc = new double[n];
        for (int k = 0; k < n; k++) {
            dAcc[k] = at[k] == 0 ? Double.NaN : (double) decidedRight[k] / at[k];
            wAcc[k] = at[k] == 0 ? Double.NaN : (double) windowRight[k] / at[k];
        }
        double[] lat = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new StreamingMetrics(cm, OBSERVATION_MS.clone(), dAcc, wAcc, at, lat, gestures, falseStarts, wrongStarts,
                idleUs / 60e6);
    }

    /** Camera time of the replay outside every label. */
    static double idleTimeUs(StreamReplay.Trial trial) {
        long span = trial.endUs() - trial.originUs();
        long inLabels = 0;
        for (GestureLabel l : trial.labels()) {
            long s = Math.max(l.startUs(), trial.originUs());
            long e = Math.min(l.endUs(), trial.endUs());
            inLabels += Math.max(0, e - s);
        }
        return Math.max(0, span - inLabels);
    }

    /** Index of the last window with {@code endUs <= t}, or -1 (windows are in time order). */
    private static int lastClosedBy(List<WindowScores> ws, long t) {
        int lo = 0;
        int hi = ws.size() - 1;
        int best = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (ws.get(mid).endUs <= t) {
                best = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return best;
    }

    private static int labelContaining(List<GestureLabel> labels, long start, long end) {
        for (int l = 0; l < labels.size(); l++) {
            if (labels.get(l).startUs() <= start && end <= labels.get(l).endUs()) {
                return l;
            }
        }
        return -1;
    }

    private static int labelOverlapping(List<GestureLabel> labels, long start, long end) {
        for (int l = 0; l < labels.size(); l++) {
            if (labels.get(l).startUs() < end && start < labels.get(l).endUs()) {
                return l;
            }
        }
        return -1;
    }

    /** A few lines of text with every figure. */
    public String toText() {
        var b = new StringBuilder();
        b.append(String.format("per-window accuracy inside gestures: %d/%d = %.1f %%%n", windows.correct(), windows.total(),
                100 * windows.accuracy()));
        b.append(String.format("onset: %d/%d gestures started with the right class; latency median %.0f ms, p90 %.0f ms%n",
                detected(), gestures, latencyMedianMs(), latencyP90Ms()));
        b.append(String.format("false gesture starts in idle gaps: %d in %.2f idle min = %.2f per idle minute; "
                + "wrong-class starts during gestures: %d%n", falseStarts, idleMinutes, falseStartsPerIdleMinute(),
                wrongStarts));
        b.append("accuracy vs observation time after onset (decided gesture / latest window's top class):\n");
        for (int k = 0; k < observationMs.length; k++) {
            b.append(String.format("  %5d ms  %5.1f %%  %5.1f %%  (%d gestures)%n", observationMs[k],
                    100 * decidedAccuracy[k], 100 * windowAccuracy[k], gesturesAt[k]));
        }
        return b.toString();
    }
}
