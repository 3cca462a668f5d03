package io.dvstream.model;

import io.dvstream.model.weights.Ds2taWeights;

/**
 * Nonlinear spiking attention denoiser (docs/ds2ta-spec.md section 4.3): one lookup table per
 * head, indexed by the integer coincidence score {@code S = Q K^T} in {@code 0..d_h}:
 * {@code A = LUT_{l,h}[S]}, with {@code LUT[0] = 0} (no coincidence, no attention). With
 * {@code nsad} off the map is the plain scale {@code 0.125 * S}, represented here as the table
 * {@code 0.125f * v}, which is the same float for every integer v.
 */
public final class Nsad {

    /** The plain spiking self-attention scale used when NSAD is off. */
    public static final float PLAIN_SCALE = 0.125f;

    private final float[][] lut;   // [h][d_h + 1]

    /** The tables of block {@code block}: {@code blocks.{l}.attn.nsad.lut [h, d_h + 1]}, or the plain scale. */
    public Nsad(Ds2taWeights w, int block) {
        ModelConfig c = w.config().model();
        int width = c.headDim() + 1;
        this.lut = new float[c.heads()][width];
        float[] t = w.get("blocks." + block + ".attn.nsad.lut");
        for (int h = 0; h < c.heads(); h++) {
            for (int v = 0; v < width; v++) {
                lut[h][v] = c.nsad() ? t[h * width + v] : PLAIN_SCALE * v;
            }
            if (lut[h][0] != 0f) {
                throw new IllegalArgumentException("blocks." + block + ".attn.nsad.lut[" + h + "][0] = " + lut[h][0]
                        + " but entry 0 is fixed at 0 (spec 4.3)");
            }
        }
    }

    /** {@code LUT_h[score]}. */
    public float lookup(int head, int score) {
        return lut[head][score];
    }

    /** Replaces every score (an integer-valued float in 0..d_h) by {@code LUT_h[score]}, in place. */
    public void applyInPlace(int head, float[] scores) {
        float[] table = lut[head];
        for (int i = 0; i < scores.length; i++) {
            int v = (int) scores[i];
            if (v != scores[i] || v < 0 || v >= table.length) {
                throw new IllegalStateException("attention score " + scores[i] + " is not an integer in 0.."
                        + (table.length - 1) + ": Q and K must be binary spikes");
            }
            scores[i] = table[v];
        }
    }
}
