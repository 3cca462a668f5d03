package io.dvstream.training;

/**
 * Causal fixed-dt frames of a clip (spec section 5): frame k holds the events with
 * {@code start + k*dt <= t < start + (k+1)*dt}, channel 0 OFF and 1 ON, counts (not binarised);
 * sensor coordinates map to the model input by integer scaling ({@code x * W / sensorWidth}), so
 * the counts of sensor pixels that share an input pixel add up, as {@code FrameBinner} does in the
 * streaming job.
 */
public final class ClipFrames {

    private ClipFrames() {
    }

    /**
     * @param startUs window start, microseconds after the label's start
     * @param aug the per-sample augmentation ({@link Augmentation.Draw#IDENTITY} for none)
     * @return {@code [T][2 * height * width]}
     */
    public static double[][] frames(GestureClip clip, long startUs, long dtUs, int t, int height, int width,
                                    Augmentation.Draw aug) {
        return frames(clip.tUs(), clip.x(), clip.y(), clip.on(), clip.sensorWidth(), clip.sensorHeight(), startUs,
                dtUs, t, height, width, aug);
    }

    /** The same frames over a whole recording's events (stream mode), times relative to its frame origin. */
    public static double[][] frames(GestureRecording rec, long startUs, long dtUs, int t, int height, int width,
                                    Augmentation.Draw aug) {
        return frames(rec.tUs(), rec.x(), rec.y(), rec.on(), rec.sensorWidth(), rec.sensorHeight(), startUs, dtUs, t,
                height, width, aug);
    }

    private static double[][] frames(int[] ts, short[] xs, short[] ys, byte[] ons, int sw, int sh, long startUs,
                                     long dtUs, int t, int height, int width, Augmentation.Draw aug) {
        double[][] out = new double[t][2 * height * width];
        long end = startUs + dtUs * t;
        int lo = lowerBound(ts, startUs);
        boolean identity = aug.equals(Augmentation.Draw.IDENTITY);
        int plane = height * width;
        for (int e = lo; e < ts.length && ts[e] < end; e++) {
            int k = (int) ((ts[e] - startUs) / dtUs);
            int sx = xs[e];
            int sy = ys[e];
            if (!identity) {
                double u = (sx + 0.5) / sw - 0.5;
                double v = (sy + 0.5) / sh - 0.5;
                double nu = aug.a() * u + aug.b() * v + aug.tx();
                double nv = aug.c() * u + aug.d() * v + aug.ty();
                sx = (int) Math.floor((nu + 0.5) * sw);
                sy = (int) Math.floor((nv + 0.5) * sh);
                if (sx < 0 || sy < 0 || sx >= sw || sy >= sh) {
                    continue;
                }
            }
            int ox = (int) ((long) sx * width / sw);
            int oy = (int) ((long) sy * height / sh);
            out[k][ons[e] * plane + oy * width + ox] += 1;
        }
        if (!identity && aug.cutout() > 0) {
            int side = (int) Math.round(aug.cutout() * Math.min(height, width));
            int x0 = (int) (aug.cx() * (width - side + 1));
            int y0 = (int) (aug.cy() * (height - side + 1));
            for (double[] f : out) {
                for (int ch = 0; ch < 2; ch++) {
                    for (int yy = y0; yy < y0 + side; yy++) {
                        java.util.Arrays.fill(f, ch * plane + yy * width + x0, ch * plane + yy * width + x0 + side, 0);
                    }
                }
            }
        }
        return out;
    }

    private static int lowerBound(int[] a, long key) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
