package io.dvstream.model;

import io.dvstream.model.weights.Ds2taWeights;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Plain-Java reference of the whole DS2TA step (docs/ds2ta-spec.md sections 3 and 4) for ONE
 * stream, written from the spec with naive loops over flat arrays ({@code [C][N]} as
 * {@code c * N + n}); products are accumulated in double. The stem is {@link ScalarStem}.
 * {@link #minMargin} is the smallest non-zero {@code |H - threshold|} any block LIF neuron saw (with the stem's), so a test can
 * show that an exact spike comparison is not decided by rounding.
 */
final class ScalarDs2ta {

    private final ModelConfig c;
    private final Ds2taWeights w;
    private final ScalarStem stem;
    private final int d;
    private final int n;
    private final int hidden;
    /** Per block: membranes q, k, v, attn, proj, fc1, fc2. */
    private final float[][][] v;
    /** Per block: histories z_q, z_k, z_v, v spikes; [block][p][k-1][D*N] = value at t-k. */
    private final float[][][][] hist;
    private float minMargin = Float.POSITIVE_INFINITY;

    /** Outputs of one step. */
    static final class Step {
        final List<float[]> spikes = new ArrayList<>();   // per LIF layer, spec order, flat
        float[] logits;
    }

    ScalarDs2ta(Ds2taWeights w) {
        this.w = w;
        this.c = w.config().model();
        this.stem = new ScalarStem(w);
        this.d = c.D();
        this.n = c.N();
        this.hidden = c.hiddenDim();
        this.v = new float[c.blocks()][7][];
        this.hist = new float[c.blocks()][4][c.taw() - 1][];
        reset();
    }

    void reset() {
        stem.reset();
        for (int l = 0; l < c.blocks(); l++) {
            for (int i = 0; i < 7; i++) {
                v[l][i] = new float[(i == 5 ? hidden : d) * n];
            }
            for (int p = 0; p < 4; p++) {
                for (int k = 0; k < c.taw() - 1; k++) {
                    hist[l][p][k] = new float[d * n];
                }
            }
        }
    }

    float minMargin() {
        return Math.min(minMargin, stem.minMargin);
    }

    /** One step on {@code frame [2][H][W]}. */
    Step step(float[][][] frame) {
        Step out = new Step();
        ScalarStem.Step s = stem.step(frame);
        for (float[][][] st : s.stageSpikes) {
            out.spikes.add(flat3(st));
        }
        out.spikes.add(flat3(s.rpeSpikes));
        float[] x = new float[d * n];
        for (int ch = 0; ch < d; ch++) {
            System.arraycopy(s.tokens[ch], 0, x, ch * n, n);
        }
        for (int l = 0; l < c.blocks(); l++) {
            x = block(l, x, out.spikes);
        }
        out.logits = head(x);
        return out;
    }

    private float[] block(int l, float[] x, List<float[]> spikes) {
        String p = "blocks." + l + ".attn.";
        float vth = (float) c.vth();
        float[][] zs = new float[3][];
        float[][] qkv = new float[3][];
        String[] names = {"q", "k", "v"};
        for (int i = 0; i < 3; i++) {
            zs[i] = linear(x, p + names[i] + ".weight", null, d, d);                    // Z_P = W_P X
            float[] g = tasa(zs[i], hist[l][i], w.get(p + "tau_" + names[i])[0]);      // Gamma[Z_P]
            qkv[i] = lif(bn(g, p + names[i] + ".bn", d), v[l][i], vth);                // P = SN(BN(.))
            spikes.add(qkv[i]);
        }
        float[] vt = tasa(qkv[2], hist[l][3], w.get(p + "tau_a")[0]);                    // Vt = Gamma[V]
        int h = c.heads();
        int dh = c.headDim();
        float[] lut = w.get(p + "nsad.lut");
        float[] merged = new float[d * n];
        for (int head = 0; head < h; head++) {
            float[][] a = new float[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    int score = 0;                                                      // S = Q_h K_h^T
                    for (int e = 0; e < dh; e++) {
                        int ch = head * dh + e;
                        score += (int) (qkv[0][ch * n + i] * qkv[1][ch * n + j]);
                    }
                    a[i][j] = c.nsad() ? lut[head * (dh + 1) + score] : 0.125f * score;  // A = LUT[S]
                }
            }
            for (int i = 0; i < n; i++) {
                for (int e = 0; e < dh; e++) {
                    int ch = head * dh + e;
                    double acc = 0;                                                     // U = A Vt
                    for (int j = 0; j < n; j++) {
                        acc += (double) a[i][j] * vt[ch * n + j];
                    }
                    merged[ch * n + i] = (float) acc;
                }
            }
        }
        float[] att = lif(merged, v[l][3], (float) c.vthAttn());
        spikes.add(att);
        float[] o = lif(bn(linear(att, p + "proj.weight", p + "proj.bias", d, d), p + "proj.bn", d), v[l][4], vth);
        spikes.add(o);
        shift(hist[l][0], zs[0]);
        shift(hist[l][1], zs[1]);
        shift(hist[l][2], zs[2]);
        shift(hist[l][3], qkv[2]);
        float[] xp = new float[d * n];
        for (int i = 0; i < xp.length; i++) {
            xp[i] = x[i] + o[i];                                                        // X' = X + O
        }
        String m = "blocks." + l + ".mlp.";
        float[] h1 = lif(bn(linear(xp, m + "fc1.weight", m + "fc1.bias", hidden, d), m + "fc1.bn", hidden), v[l][5], vth);
        float[] h2 = lif(bn(linear(h1, m + "fc2.weight", m + "fc2.bias", d, hidden), m + "fc2.bn", d), v[l][6], vth);
        spikes.add(h1);
        spikes.add(h2);
        float[] xo = new float[d * n];
        for (int i = 0; i < xo.length; i++) {
            xo[i] = xp[i] + h2[i];                                                      // X_out = X' + H2
        }
        return xo;
    }

    /** Gamma[Y](t) = sum_k a^k Y(t-k), k = 0 first; hist[k-1] = Y(t-k). */
    private float[] tasa(float[] y, float[][] past, float tau) {
        double a = c.decay() == ModelConfig.Decay.EXP ? Math.exp(-1.0 / tau) : 1.0 - 1.0 / tau;
        float[] acc = y.clone();
        for (int k = 1; k < c.taw(); k++) {
            float ak = (float) Math.pow(a, k);
            for (int i = 0; i < acc.length; i++) {
                acc[i] += ak * past[k - 1][i];
            }
        }
        return acc;
    }

    private static void shift(float[][] past, float[] current) {
        for (int k = past.length - 1; k > 0; k--) {
            past[k] = past[k - 1];
        }
        if (past.length > 0) {
            past[0] = current.clone();
        }
    }

    private float[] linear(float[] x, String weight, String bias, int out, int in) {
        float[] wt = w.get(weight);
        float[] b = bias == null ? null : w.get(bias);
        float[] z = new float[out * n];
        for (int o = 0; o < out; o++) {
            for (int t = 0; t < n; t++) {
                double acc = 0;
                for (int i = 0; i < in; i++) {
                    acc += (double) wt[o * in + i] * x[i * n + t];
                }
                z[o * n + t] = b == null ? (float) acc : (float) acc + b[o];
            }
        }
        return z;
    }

    private float[] bn(float[] x, String prefix, int channels) {
        float[] gamma = w.get(prefix + ".weight");
        float[] beta = w.get(prefix + ".bias");
        float[] mean = w.get(prefix + ".running_mean");
        float[] var = w.get(prefix + ".running_var");
        float eps = (float) c.bnEps();
        float[] y = new float[x.length];
        int per = x.length / channels;
        for (int ch = 0; ch < channels; ch++) {
            float std = (float) Math.sqrt(var[ch] + eps);
            for (int i = 0; i < per; i++) {
                y[ch * per + i] = (x[ch * per + i] - mean[ch]) / std * gamma[ch] + beta[ch];
            }
        }
        return y;
    }

    private float[] lif(float[] x, float[] mem, float vth) {
        float tau = (float) c.lifTau();
        float[] s = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            float hh = mem[i] + (x[i] - mem[i]) / tau;
            if (hh != vth) {   // exactly at the threshold arises from exact (dyadic) sums, which no rounding can flip
                minMargin = Math.min(minMargin, Math.abs(hh - vth));
            }
            s[i] = (hh - vth) >= 0f ? 1f : 0f;
            mem[i] = hh * (1f - s[i]);
        }
        return s;
    }

    private float[] head(float[] x) {
        float[] wt = w.get("head.weight");
        float[] b = w.get("head.bias");
        float[] g = new float[d];
        for (int ch = 0; ch < d; ch++) {
            double acc = 0;
            for (int t = 0; t < n; t++) {
                acc += x[ch * n + t];
            }
            g[ch] = (float) (acc / n);
        }
        float[] z = new float[c.numClasses()];
        for (int k = 0; k < z.length; k++) {
            double acc = 0;
            for (int ch = 0; ch < d; ch++) {
                acc += (double) wt[k * d + ch] * g[ch];
            }
            z[k] = (float) acc + b[k];
        }
        return z;
    }

    private static float[] flat3(float[][][] a) {
        int per = a[0].length * a[0][0].length;
        float[] out = new float[a.length * per];
        int i = 0;
        for (float[][] plane : a) {
            for (float[] row : plane) {
                System.arraycopy(row, 0, out, i, row.length);
                i += row.length;
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "ScalarDs2ta" + Arrays.toString(new int[] {d, n});
    }
}
