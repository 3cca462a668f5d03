package io.dvstream.model;

import io.dvstream.model.weights.Ds2taWeights;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

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

    public record State(SpikingSelfAttention.State attn, Mlp.State mlp) {
    }

    /**
     * @param out {@code X_out(t)} [B, D, N]
     * @param inputs the block input {@code X} and {@code X'} (inputs of q/k/v and fc1, for SOP counts)
     * @param spikes q, k, v, attn, proj, fc1, fc2
     */
    public record Output(INDArray out, List<INDArray> inputs, List<INDArray> spikes, State state) {
    }

    /** One step: {@code x = X(t) [B, D, N]}. */
    public Output step(INDArray x, State s) {
        SpikingSelfAttention.Output a = attn.step(x, s.attn());
        INDArray xp = x.add(a.out());                       // X' = X + O
        Mlp.Output m = mlp.step(xp, s.mlp());
        INDArray out = xp.add(m.out());                     // X_out = X' + H2
        var spikes = new ArrayList<INDArray>(a.spikes());
        spikes.addAll(m.spikes());
        return new Output(out, List.of(x, xp), spikes, new State(a.state(), m.state()));
    }
}
