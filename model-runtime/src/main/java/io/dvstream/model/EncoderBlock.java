package io.dvstream.model;

import io.dvstream.model.weights.Ds2taWeights;
import java.util.List;

/**
 * Encoder block l (docs/ds2ta-spec.md section 4.3):
 * <pre>
 *   X'(t)    = X(t) + O(t)          O from {@link SpikingSelfAttention}
 *   X_out(t) = X'(t) + H2(t)        H2 from {@link Mlp}
 * </pre>
 */
public final class EncoderBlock {

    private final SpikingSelfAttention attn;
    private final Mlp mlp;

    public EncoderBlock(Ds2taWeights w, int l, Accumulation acc) {
        this.attn = new SpikingSelfAttention(w, l, acc);
        this.mlp = new Mlp(w, l, acc);
    }

    SpikingSelfAttention attn() {
        return attn;
    }

    Mlp mlp() {
        return mlp;
    }

    /**
     * One step over flat arrays: {@code x = X(t) [b, D, N]}.
     *
     * @param mem membranes of q, k, v, attn, proj, fc1, fc2; updated in place
     * @param hist TASA histories of {@code Z_q, Z_k, Z_v, V} (see {@link SpikingSelfAttention#step}); advanced in place
     * @param inputs receives {@code X} and {@code X'} (inputs of q/k/v and of fc1, for the SOP count)
     * @param spikes receives the spikes of q, k, v, attn, proj, fc1, fc2
     * @return {@code X_out(t) [b, D, N]}
     */
    public float[] step(float[] x, int b, int n, float[][] mem, float[][][] hist, List<float[]> inputs,
                        List<float[]> spikes) {
        float[] o = attn.step(x, b, new float[][] {mem[0], mem[1], mem[2], mem[3], mem[4]}, hist, spikes);
        float[] xp = new float[x.length];
        for (int i = 0; i < xp.length; i++) {
            xp[i] = x[i] + o[i];                                         // X' = X + O
        }
        float[] h2 = mlp.step(xp, b, n, mem[5], mem[6], spikes);
        float[] out = new float[x.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = xp[i] + h2[i];                                      // X_out = X' + H2
        }
        inputs.add(x);
        inputs.add(xp);
        return out;
    }
}
