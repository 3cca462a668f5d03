package io.dvstream.model;

import io.dvstream.model.weights.Ds2taWeights;

/**
 * Plain-Java reference of the stem of docs/ds2ta-spec.md section 4.1 for ONE stream, written from
 * the spec with naive loops: conv 3x3 stride 1 padding 1 no bias (cross-correlation, weights
 * [out, in, ky, kx], accumulated in double), BatchNorm literally in float, the LIF of section 3,
 * max-pool kernel 3 stride 2 padding 1 (padding never wins), rpe, and the row-major token flatten.
 * It also records the smallest |H - vth| seen, so a test can show its spike comparison is not
 * decided by rounding.
 */
final class ScalarStem {

    private final ModelConfig c;
    private final Ds2taWeights w;
    private final float tau;
    private final float vth;
    /** Membranes [stage][channel][y][x], then the rpe's. */
    final float[][][][] v;
    float minMargin = Float.POSITIVE_INFINITY;

    /** The outputs of one step. */
    static final class Step {
        float[][][][] stageSpikes;   // [stage][C][H][W]
        float[][][] rpeSpikes;       // [D][H_out][W_out]
        float[][] tokens;            // [D][N]
    }

    ScalarStem(Ds2taWeights w) {
        this.w = w;
        this.c = w.config().model();
        this.tau = (float) c.lifTau();
        this.vth = (float) c.vth();
        this.v = new float[c.stemStages() + 1][][][];
        reset();
    }

    void reset() {
        for (int i = 0; i < c.stemStages(); i++) {
            v[i] = new float[c.stemChannels().get(i)][c.stemHeight(i)][c.stemWidth(i)];
        }
        v[c.stemStages()] = new float[c.D()][c.stemOutHeight()][c.stemOutWidth()];
    }

    /** One step; {@code frame[c][y][x]} event counts. */
    Step step(float[][][] frame) {
        Step out = new Step();
        out.stageSpikes = new float[c.stemStages()][][][];
        float[][][] s = frame;
        for (int i = 0; i < c.stemStages(); i++) {
            float[][][] x = convBn(s, "stem." + i + ".conv.weight", "stem." + i + ".bn");
            float[][][] spikes = lif(x, v[i]);
            out.stageSpikes[i] = spikes;
            s = c.stemPool().get(i) ? maxPool(spikes) : spikes;
        }
        out.rpeSpikes = lif(convBn(s, "rpe.conv.weight", "rpe.bn"), v[c.stemStages()]);
        int h = c.stemOutHeight();
        int wd = c.stemOutWidth();
        out.tokens = new float[c.D()][h * wd];
        for (int ch = 0; ch < c.D(); ch++) {
            for (int y = 0; y < h; y++) {
                for (int xx = 0; xx < wd; xx++) {
                    out.tokens[ch][y * wd + xx] = s[ch][y][xx] + out.rpeSpikes[ch][y][xx];
                }
            }
        }
        return out;
    }

    private float[][][] convBn(float[][][] in, String conv, String bn) {
        float[] k = w.get(conv);
        long[] shape = w.shape(conv);
        int cout = (int) shape[0];
        int cin = (int) shape[1];
        int h = in[0].length;
        int wd = in[0][0].length;
        float[] gamma = w.get(bn + ".weight");
        float[] beta = w.get(bn + ".bias");
        float[] mean = w.get(bn + ".running_mean");
        float[] var = w.get(bn + ".running_var");
        float eps = (float) c.bnEps();
        float[][][] out = new float[cout][h][wd];
        for (int o = 0; o < cout; o++) {
            float std = (float) Math.sqrt(var[o] + eps);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < wd; x++) {
                    double acc = 0;
                    for (int ci = 0; ci < cin; ci++) {
                        for (int ky = 0; ky < 3; ky++) {
                            for (int kx = 0; kx < 3; kx++) {
                                int iy = y + ky - 1;
                                int ix = x + kx - 1;
                                if (iy >= 0 && iy < h && ix >= 0 && ix < wd) {
                                    acc += (double) k[((o * cin + ci) * 3 + ky) * 3 + kx] * in[ci][iy][ix];
                                }
                            }
                        }
                    }
                    out[o][y][x] = ((float) acc - mean[o]) / std * gamma[o] + beta[o];
                }
            }
        }
        return out;
    }

    private float[][][] lif(float[][][] x, float[][][] mem) {
        float[][][] s = new float[x.length][x[0].length][x[0][0].length];
        for (int ch = 0; ch < x.length; ch++) {
            for (int y = 0; y < x[0].length; y++) {
                for (int xx = 0; xx < x[0][0].length; xx++) {
                    float vv = mem[ch][y][xx];
                    float h = vv + (x[ch][y][xx] - vv) / tau;
                    minMargin = Math.min(minMargin, Math.abs(h - vth));
                    s[ch][y][xx] = (h - vth) >= 0f ? 1f : 0f;
                    mem[ch][y][xx] = h * (1f - s[ch][y][xx]);
                }
            }
        }
        return s;
    }

    private static float[][][] maxPool(float[][][] in) {
        int h = in[0].length;
        int wd = in[0][0].length;
        int oh = ModelConfig.maxPoolOut(h);
        int ow = ModelConfig.maxPoolOut(wd);
        float[][][] out = new float[in.length][oh][ow];
        for (int ch = 0; ch < in.length; ch++) {
            for (int y = 0; y < oh; y++) {
                for (int x = 0; x < ow; x++) {
                    float m = Float.NEGATIVE_INFINITY;
                    for (int ky = 0; ky < 3; ky++) {
                        for (int kx = 0; kx < 3; kx++) {
                            int iy = 2 * y + ky - 1;
                            int ix = 2 * x + kx - 1;
                            if (iy >= 0 && iy < h && ix >= 0 && ix < wd) {
                                m = Math.max(m, in[ch][iy][ix]);
                            }
                        }
                    }
                    out[ch][y][x] = m;
                }
            }
        }
        return out;
    }
}
