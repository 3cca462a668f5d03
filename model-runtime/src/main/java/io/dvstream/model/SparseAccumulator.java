package io.dvstream.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Event-driven accumulation for a k x k, stride 1, padding (k-1)/2 convolution without bias (a
 * linear map is the case k = 1 over a 1 x N grid): instead of multiplying every input by its
 * weights, each non-zero input {@code x[b, i, y, x]} adds {@code x * W[:, i, ky, kx]} to the
 * outputs it reaches:
 * <pre>
 *   out[b, o, y - ky + p, x - kx + p] += x[b, i, y, x] * W[o, i, ky, kx]     for every o, ky, kx
 * </pre>
 * which is the same cross-correlation as the dense conv. Work is proportional to the number of
 * non-zero inputs. The weights are held as {@code [i][ky][kx][o]} and the output accumulated as
 * {@code [b][y][x][o]} so the innermost loop runs over contiguous output channels.
 */
public final class SparseAccumulator {

    private final int out;
    private final int in;
    private final int k;
    private final float[] wt;   // [in][ky][kx][out]

    /** From a weight in the file's layout {@code [out, in, k, k]} (k = 1 for a linear {@code [out, in]}). */
    public SparseAccumulator(float[] weight, int out, int in, int k) {
        if (weight.length != out * in * k * k || k % 2 == 0) {
            throw new IllegalArgumentException("weight of " + weight.length + " values is not [" + out + ", " + in + ", "
                    + k + ", " + k + "] with odd k");
        }
        this.out = out;
        this.in = in;
        this.k = k;
        this.wt = new float[weight.length];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                for (int ky = 0; ky < k; ky++) {
                    for (int kx = 0; kx < k; kx++) {
                        wt[((i * k + ky) * k + kx) * out + o] = weight[((o * in + i) * k + ky) * k + kx];
                    }
                }
            }
        }
    }

    /** Fraction of non-zero entries of {@code x}. */
    public static double density(INDArray x) {
        float[] v = x.dup('c').data().asFloat();
        int nz = 0;
        for (float f : v) {
            if (f != 0f) {
                nz++;
            }
        }
        return v.length == 0 ? 0 : (double) nz / v.length;
    }

    /** {@code x [B, in, H, W]} to {@code [B, out, H, W]}. */
    public INDArray apply(INDArray x, int h, int w) {
        int b = (int) x.size(0);
        return Nd4j.create(apply(x.dup('c').data().asFloat(), b, h, w), new long[] {b, out, h, w}, 'c');
    }

    /** Fraction of non-zero entries of a flat array. */
    public static double density(float[] v) {
        int nz = 0;
        for (float f : v) {
            if (f != 0f) {
                nz++;
            }
        }
        return v.length == 0 ? 0 : (double) nz / v.length;
    }

    /** Row-major {@code xs [b, in, h, w]} to a new row-major {@code [b, out, h, w]}. */
    public float[] apply(float[] xs, int b, int h, int w) {
        if (xs.length != b * in * h * w) {
            throw new IllegalArgumentException("sparse accumulation over [B, " + in + ", " + h + ", " + w + "] got "
                    + xs.length + " values for B = " + b);
        }
        int p = (k - 1) / 2;
        float[] acc = new float[b * h * w * out];   // [b][y][x][o]
        for (int bb = 0; bb < b; bb++) {
            for (int i = 0; i < in; i++) {
                int plane = (bb * in + i) * h * w;
                for (int y = 0; y < h; y++) {
                    for (int xx = 0; xx < w; xx++) {
                        float v = xs[plane + y * w + xx];
                        if (v == 0f) {
                            continue;
                        }
                        for (int ky = 0; ky < k; ky++) {
                            int oy = y - ky + p;
                            if (oy < 0 || oy >= h) {
                                continue;
                            }
                            for (int kx = 0; kx < k; kx++) {
                                int ox = xx - kx + p;
                                if (ox < 0 || ox >= w) {
                                    continue;
                                }
                                axpy(v, wt, ((i * k + ky) * k + kx) * out, acc, ((bb * h + oy) * w + ox) * out, out);
                            }
                        }
                    }
                }
            }
        }
        float[] result = new float[acc.length];                   // [b][y][x][o] -> [b][o][y][x]
        int hw = h * w;
        for (int bb = 0; bb < b; bb++) {
            for (int p2 = 0; p2 < hw; p2++) {
                int src = (bb * hw + p2) * out;
                int dst = bb * out * hw + p2;
                for (int o = 0; o < out; o++) {
                    result[dst + o * hw] = acc[src + o];
                }
            }
        }
        return result;
    }

    private static void axpy(float a, float[] x, int xOff, float[] y, int yOff, int n) {
        for (int j = 0; j < n; j++) {
            y[yOff + j] += a * x[xOff + j];
        }
    }
}
