package io.dvstream.model;

import io.dvstream.model.weights.Ds2taWeights;
import java.util.List;

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

    /**
     * One step over flat arrays: {@code x = X'(t) [b, D, N]}; {@code m1 [b, mlpRatio*D, N]} and
     * {@code m2 [b, D, N]} are the fc1 and fc2 membranes, updated in place; {@code spikes}
     * receives H1 and H2. Returns {@code H2}.
     */
    public float[] step(float[] x, int b, int n, float[] m1, float[] m2, List<float[]> spikes) {
        float[] z1 = fc1.apply(x, b, n);
        bn1.applyInPlace(z1, b);
        float[] h1 = lif.step(z1, m1);                                   // H1 = SN_fc1(BN_fc1(W_1 X' + b_1))
        float[] z2 = fc2.apply(h1, b, n);
        bn2.applyInPlace(z2, b);
        float[] h2 = lif.step(z2, m2);                                   // H2 = SN_fc2(BN_fc2(W_2 H1 + b_2))
        spikes.add(h1);
        spikes.add(h2);
        return h2;
    }
}
