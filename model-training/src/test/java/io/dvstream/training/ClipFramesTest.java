package io.dvstream.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ClipFramesTest {

    private static GestureClip clip(int[] t, int[] x, int[] y, int[] on) {
        short[] xs = new short[x.length];
        short[] ys = new short[y.length];
        byte[] ps = new byte[on.length];
        for (int i = 0; i < x.length; i++) {
            xs[i] = (short) x[i];
            ys[i] = (short) y[i];
            ps[i] = (byte) on[i];
        }
        return new GestureClip("user01_lab", 0, 1_000_000, t, xs, ys, ps, 128, 128);
    }

    @Test
    void framesAreCausalFixedDtCountsWithIntegerScaling() {
        // dt = 100: frame k holds start + k*dt <= t < start + (k+1)*dt
        var c = clip(new int[] {99, 100, 100, 199, 200, 250, 400},
                new int[] {0, 127, 126, 5, 64, 64, 1},
                new int[] {0, 127, 127, 5, 64, 64, 1},
                new int[] {1, 0, 0, 1, 1, 1, 1});
        double[][] f = ClipFrames.frames(c, 100, 100, 3, 64, 64, Augmentation.Draw.IDENTITY);
        int plane = 64 * 64;
        assertThat(f).hasNumberOfRows(3);
        assertThat(f[0][0 * plane + 63 * 64 + 63]).isEqualTo(2.0);     // two OFF events, x 126/127 -> 63: counts add
        assertThat(f[0][1 * plane + 2 * 64 + 2]).isEqualTo(1.0);       // t = 199 still frame 0
        assertThat(f[1][1 * plane + 32 * 64 + 32]).isEqualTo(2.0);     // t = 200 and 250: frame 1
        assertThat(sum(f[2])).isZero();                                // [300, 400): empty frame
        assertThat(sum(f[0]) + sum(f[1])).isEqualTo(5.0);              // t = 99 before, t = 400 after the window
    }

    @Test
    void augmentationMovesEventsTheSameWayInEveryFrameAndNeverFlips() {
        int n = 200;
        int[] t = new int[n];
        int[] x = new int[n];
        int[] y = new int[n];
        int[] on = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = i < n / 2 ? 10 : 110;                               // the same pattern in frame 0 and frame 1
            x[i] = 20 + (i % (n / 2)) % 10;
            y[i] = 60 + (i % (n / 2)) / 10;
            on[i] = 1;
        }
        var c = clip(t, x, y, on);
        var aug = new Augmentation(0.1, 10, 0.1, 0).draw(new SplittableRandom(3));
        double[][] f = ClipFrames.frames(c, 0, 100, 2, 64, 64, aug);
        assertThat(f[0]).containsExactly(f[1]);
        // the pattern sits at the left (x ~ 20..29 of 128); a flip would move it past the centre
        double left = 0;
        double right = 0;
        for (int yy = 0; yy < 64; yy++) {
            for (int xx = 0; xx < 64; xx++) {
                double v = f[0][64 * 64 + yy * 64 + xx];
                if (xx < 32) {
                    left += v;
                } else {
                    right += v;
                }
            }
        }
        assertThat(left).isPositive();
        assertThat(right).isZero();
    }

    private static double sum(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v;
        }
        return s;
    }
}
