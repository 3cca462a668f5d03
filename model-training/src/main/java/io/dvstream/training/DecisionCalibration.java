package io.dvstream.training;

import io.dvstream.jobs.decisions.DecisionConfig;
import io.dvstream.jobs.inference.WindowScores;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Picks the decider's thresholds for a trained model from replayed recordings that are <b>not</b>
 * the test users (the training users or a validation split): a grid over the on threshold, the
 * hysteresis gap, the windows needed to start (ending always takes 2), and the idle rule's minimum events per
 * window (taken from the event counts of windows in idle gaps), scored by
 * {@link StreamingMetrics#measure} with the job's decider.
 *
 * <p>Rule: among the settings with at most {@code maxFalsePerIdleMinute} false starts per idle
 * minute, the one with the most gestures started right minus wrong-class starts; ties go to the
 * lower median onset latency. If no setting meets the bound, the one with the fewest false starts.
 */
public final class DecisionCalibration {

    private DecisionCalibration() {
    }

    /** The chosen setting and its figures on the calibration recordings. */
    public record Choice(DecisionConfig config, StreamingMetrics metrics, int settingsTried, boolean boundMet) {
    }

    public static Choice calibrate(List<StreamReplay.Trial> trials, List<String> classes, double maxFalsePerIdleMinute) {
        long[] idleEvents = idleWindowEvents(trials);
        var minEvents = new ArrayList<Long>();
        minEvents.add(0L);
        for (double q : new double[] {0.5, 0.9, 0.99}) {
            if (idleEvents.length > 0) {
                long v = idleEvents[Math.min(idleEvents.length - 1, (int) Math.ceil(q * idleEvents.length) - 1)] + 1;
                if (!minEvents.contains(v)) {
                    minEvents.add(v);
                }
            }
        }
        Choice best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        int tried = 0;
        for (int onPct = 30; onPct <= 95; onPct += 5) {
            double on = onPct / 100.0;
            for (double gap : new double[] {0.1, 0.25}) {
                double off = Math.max(0.05, on - gap);
                for (int onWindows = 1; onWindows <= 3; onWindows++) {
                    for (int offWindows : new int[] {2}) {
                        for (long me : minEvents) {
                            var cfg = new DecisionConfig(on, off, onWindows, offWindows, me, null);
                            StreamingMetrics m = StreamingMetrics.measure(trials, cfg, classes);
                            tried++;
                            boolean ok = m.falseStartsPerIdleMinute() <= maxFalsePerIdleMinute;
                            double score = ok
                                    ? 1e6 + (m.detected() - m.wrongStarts()) * 1e3 - nanToMax(m.latencyMedianMs()) / 1e3
                                    : -m.falseStartsPerIdleMinute();
                            if (score > bestScore) {
                                bestScore = score;
                                best = new Choice(cfg, m, 0, ok);
                            }
                        }
                    }
                }
            }
        }
        return new Choice(best.config(), best.metrics(), tried, best.boundMet());
    }

    private static double nanToMax(double v) {
        return Double.isNaN(v) ? 1e6 : v;
    }

    /** Events of every window that overlaps no label, ascending. */
    static long[] idleWindowEvents(List<StreamReplay.Trial> trials) {
        var out = new ArrayList<Long>();
        for (StreamReplay.Trial t : trials) {
            for (WindowScores w : t.windows()) {
                boolean overlaps = t.labels().stream().anyMatch(l -> l.startUs() < w.endUs && w.startUs < l.endUs());
                if (!overlaps) {
                    out.add(w.events);
                }
            }
        }
        long[] a = out.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(a);
        return a;
    }
}
