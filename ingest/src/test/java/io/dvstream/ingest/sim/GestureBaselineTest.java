package io.dvstream.ingest.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvstream.events.EventPacket;
import io.dvstream.events.sensor.SensorGeometry;
import io.dvstream.ingest.gesture.GestureClass;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The corpus's difficulty floor: a nearest-centroid classifier on hand-made motion-energy features,
 * trained on some users and tested on others, must beat chance (1/11) by a wide margin, or the
 * classes are not distinguishable the way the real ones are.
 *
 * <p>The default run simulates the scenes on a 64x64 sensor to stay fast; the DVS128 figure of
 * docs/simulator.md comes from {@code -Ddvstream.sim.baseline.size=128}.
 */
class GestureBaselineTest {

    private static final Logger LOG = LoggerFactory.getLogger(GestureBaselineTest.class);
    private static final int GRID = 4;
    private static final long WINDOW_US = 40_000;
    private static final int SIZE = Integer.getInteger("dvstream.sim.baseline.size", 64);

    private record Sample(GestureClass gesture, double[] features) {
    }

    @Test
    void shouldSeparateTheClassesOfHeldOutUsersFarAboveChance() {
        List<Sample> train = new ArrayList<>();
        List<Sample> test = new ArrayList<>();
        for (int user = 1; user <= 5; user++) {
            Lighting lighting = user % 2 == 0 ? Lighting.NATURAL : Lighting.LAB;
            TrialSpec dvs128 = TrialSpec.dvs128(user, lighting, 21).withTiming(2.5, 0.3);
            TrialSpec spec = new TrialSpec(SensorGeometry.of(SIZE, SIZE), user, lighting, dvs128.classes(), dvs128.gestureS(),
                    dvs128.gapS(), dvs128.pixels(), dvs128.stepUs(), dvs128.seed());
            GestureSimulator sim = spec.simulator();
            EventPacket events = sim.newPacket("b");
            sim.advanceTo(Long.MAX_VALUE, events);
            for (ScriptedGesture g : sim.script().gestures()) {
                (user <= 3 ? train : test).add(new Sample(g.gesture(), features(events, g.startUs(), g.endUs())));
            }
        }
        int n = train.get(0).features().length;
        double[] mean = new double[n];
        double[] sd = new double[n];
        for (Sample s : train) {
            for (int i = 0; i < n; i++) {
                mean[i] += s.features()[i] / train.size();
            }
        }
        for (Sample s : train) {
            for (int i = 0; i < n; i++) {
                sd[i] += Math.pow(s.features()[i] - mean[i], 2) / train.size();
            }
        }
        for (int i = 0; i < n; i++) {
            sd[i] = Math.sqrt(sd[i]) + 1e-9;
        }
        int classes = GestureClass.values().length;
        double[][] centroid = new double[classes][n];
        int[] count = new int[classes];
        for (Sample s : train) {
            count[s.gesture().index()]++;
            for (int i = 0; i < n; i++) {
                centroid[s.gesture().index()][i] += (s.features()[i] - mean[i]) / sd[i];
            }
        }
        int correct = 0;
        for (Sample s : test) {
            int best = -1;
            double bestD = Double.MAX_VALUE;
            for (int c = 0; c < classes; c++) {
                double d = 0;
                for (int i = 0; i < n; i++) {
                    d += Math.pow((s.features()[i] - mean[i]) / sd[i] - centroid[c][i] / count[c], 2);
                }
                if (d < bestD) {
                    bestD = d;
                    best = c;
                }
            }
            if (best == s.gesture().index()) {
                correct++;
            }
        }
        double accuracy = (double) correct / test.size();
        LOG.info(String.format(Locale.ROOT, "nearest-centroid baseline on held-out users, %dx%d: %d/%d = %.1f %% (chance %.1f %%)",
                SIZE, SIZE, correct, test.size(), 100 * accuracy, 100.0 / classes));
        // chance would get 2 of 22 right; 8 or more by luck has a probability far below 1e-3
        assertThat(accuracy).isGreaterThanOrEqualTo(8 / 22.0);
    }

    /**
     * Where events fall (a 4x4 grid, shares), how ON-heavy each half is, how the event centroid of
     * each half turns (signed angular momentum: clockwise against counter-clockwise), and how fast
     * the activity oscillates (lag of the autocorrelation peak of the event rate).
     */
    private static double[] features(EventPacket e, long from, long to) {
        int w = e.sensor().width();
        int h = e.sensor().height();
        double[] f = new double[GRID * GRID + 2 + 2 + 1];
        int windows = (int) ((to - from) / WINDOW_US);
        double[] rate = new double[windows];
        double[][] sumX = new double[2][windows];
        double[][] sumY = new double[2][windows];
        double[][] cnt = new double[2][windows];
        double[] on = new double[2];
        double[] all = new double[2];
        int total = 0;
        for (int i = 0; i < e.size(); i++) {
            long t = e.tUs(i);
            if (t < from || t >= to) {
                continue;
            }
            int x = e.x(i);
            int y = e.y(i);
            f[(y * GRID / h) * GRID + x * GRID / w]++;
            int half = x < w / 2 ? 0 : 1;
            all[half]++;
            if (e.isOn(i)) {
                on[half]++;
            }
            int win = (int) ((t - from) / WINDOW_US);
            if (win < windows) {
                rate[win]++;
                sumX[half][win] += x;
                sumY[half][win] += y;
                cnt[half][win]++;
            }
            total++;
        }
        for (int i = 0; i < GRID * GRID; i++) {
            f[i] /= Math.max(1, total);
        }
        f[GRID * GRID] = on[0] / Math.max(1, all[0]);
        f[GRID * GRID + 1] = on[1] / Math.max(1, all[1]);
        for (int half = 0; half < 2; half++) {
            double mx = 0;
            double my = 0;
            int k = 0;
            for (int win = 0; win < windows; win++) {
                if (cnt[half][win] > 20) {
                    mx += sumX[half][win] / cnt[half][win];
                    my += sumY[half][win] / cnt[half][win];
                    k++;
                }
            }
            double turn = 0;
            double norm = 1e-9;
            if (k > 0) {
                mx /= k;
                my /= k;
                for (int win = 0; win + 1 < windows; win++) {
                    if (cnt[half][win] > 20 && cnt[half][win + 1] > 20) {
                        double ax = sumX[half][win] / cnt[half][win] - mx;
                        double ay = sumY[half][win] / cnt[half][win] - my;
                        double vx = sumX[half][win + 1] / cnt[half][win + 1] - mx - ax;
                        double vy = sumY[half][win + 1] / cnt[half][win + 1] - my - ay;
                        turn += ax * vy - ay * vx;
                        norm += Math.hypot(ax, ay) * Math.hypot(vx, vy);
                    }
                }
            }
            f[GRID * GRID + 2 + half] = turn / norm;
        }
        double meanRate = 0;
        for (double r : rate) {
            meanRate += r / Math.max(1, windows);
        }
        int bestLag = 0;
        double bestCorr = -Double.MAX_VALUE;
        for (int lag = 3; lag < Math.min(windows / 2, 40); lag++) {
            double c = 0;
            for (int i = 0; i + lag < windows; i++) {
                c += (rate[i] - meanRate) * (rate[i + lag] - meanRate);
            }
            if (c > bestCorr) {
                bestCorr = c;
                bestLag = lag;
            }
        }
        f[GRID * GRID + 4] = bestLag;
        return f;
    }
}
