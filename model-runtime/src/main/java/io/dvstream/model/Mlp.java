package io.dvstream.model;

import io.dvstream.model.weights.Ds2taWeights;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The MLP half of encoder block l (docs/ds2ta-spec.md section 4.3):
 * <pre>
 *   H1(t) = SN_fc1( BN_fc1( W_1 X'(t) + b_1 ) )      [B, mlpRatio*D, N]
 *   H2(t) = SN_fc2( BN_fc2( W_2 H1(t) + b_2 ) )      [B, D, N]
 * </pre>
 */
public final class Mlp {

    private final Linear fc1;
    private final BatchNorm bn1;
    private final Linear fc2;
    private final BatchNorm bn2;
    private final Lif lif;

    /** Block {@code l}'s tensors {@code blocks.{l}.mlp.*}. */
    public Mlp(Ds2taWeights w, int l, Accumulation acc) {
        ModelConfig c = w.config().model();
        String p = "blocks." + l + ".mlp.";
        float eps = (float) c.bnEps();
        this.fc1 = new Linear(w, p + "fc1", true, acc);
        this.bn1 = new BatchNorm(w, p + "fc1.bn", eps);
        this.fc2 = new Linear(w, p + "fc2", true, acc);
        this.bn2 = new BatchNorm(w, p + "fc2.bn", eps);
        this.lif = Lif.of(c);
    }

    Linear fc1() {
        return fc1;
    }

    Linear fc2() {
        return fc2;
    }

    /** Membranes of fc1 {@code [B, mlpRatio*D, N]} and fc2 {@code [B, D, N]}. */
    public record State(LifState fc1, LifState fc2) {
    }

    /** @param spikes H1 then H2 */
    public record Output(INDArray out, List<INDArray> spikes, State state) {
    }

    /** One step: {@code x = X'(t) [B, D, N]}. */
    public Output step(INDArray x, State s) {
        Lif.Output h1 = lif.step(bn1.apply(fc1.apply(x)), s.fc1());
        Lif.Output h2 = lif.step(bn2.apply(fc2.apply(h1.spikes())), s.fc2());
        return new Output(h2.spikes(), List.of(h1.spikes(), h2.spikes()), new State(h1.state(), h2.state()));
    }
}
