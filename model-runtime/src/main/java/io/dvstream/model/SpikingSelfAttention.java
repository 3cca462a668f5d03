package io.dvstream.model;

import io.dvstream.model.weights.Ds2taWeights;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The attention half of encoder block l (docs/ds2ta-spec.md section 4.3), one step of B streams:
 * <pre>
 *   Z_P(t)  = W_P X(t)                                   P in {q, k, v}            [B, D, N]
 *   P(t)    = SN_P( BN_P( Gamma_{tau_P}[Z_P](t) ) )      binary spikes             [B, D, N]
 *   S_h(t)  = Q_h(t) K_h(t)^T                            channel c = h * d_h + j   [N, N]
 *   A_h(t)  = LUT_{l,h}[ S_h(t) ]                        (Nsad)                    [N, N]
 *   Vt_h(t) = Gamma_{tau_a}[V_h](t)                                                [N, d_h]
 *   U_h(t)  = A_h(t) Vt_h(t)                                                       [N, d_h]
 *   Att(t)  = SN_attn( merge_heads(U(t)) )               threshold vthAttn         [B, D, N]
 *   O(t)    = SN_proj( BN_proj( W_o Att(t) + b_o ) )                               [B, D, N]
 * </pre>
 * Per head the products are computed transposed, in the channel-first layout of the tensors:
 * {@code S^T = K_h Q_h^T} from the {@code [d_h, N]} slices and {@code U^T = Vt_h^T A^T}; the
 * NSAD lookup is elementwise, so it commutes with the transpose.
 */
public final class SpikingSelfAttention {

    private final ModelConfig c;
    private final Linear q;
    private final Linear k;
    private final Linear v;
    private final BatchNorm bnQ;
    private final BatchNorm bnK;
    private final BatchNorm bnV;
    private final Tasa tasaQ;
    private final Tasa tasaK;
    private final Tasa tasaV;
    private final Tasa tasaA;
    private final Nsad nsad;
    private final Linear proj;
    private final BatchNorm bnProj;
    private final Lif lif;
    private final Lif lifAttn;

    /** Block {@code l}'s tensors {@code blocks.{l}.attn.*}. */
    public SpikingSelfAttention(Ds2taWeights w, int l, Accumulation acc) {
        this.c = w.config().model();
        String p = "blocks." + l + ".attn.";
        float eps = (float) c.bnEps();
        this.q = new Linear(w, p + "q", false, acc);
        this.k = new Linear(w, p + "k", false, acc);
        this.v = new Linear(w, p + "v", false, acc);
        this.bnQ = new BatchNorm(w, p + "q.bn", eps);
        this.bnK = new BatchNorm(w, p + "k.bn", eps);
        this.bnV = new BatchNorm(w, p + "v.bn", eps);
        this.tasaQ = new Tasa(w.get(p + "tau_q")[0], c.decay(), c.taw());
        this.tasaK = new Tasa(w.get(p + "tau_k")[0], c.decay(), c.taw());
        this.tasaV = new Tasa(w.get(p + "tau_v")[0], c.decay(), c.taw());
        this.tasaA = new Tasa(w.get(p + "tau_a")[0], c.decay(), c.taw());
        this.nsad = new Nsad(w, l);
        this.proj = new Linear(w, p + "proj", true, acc);
        this.bnProj = new BatchNorm(w, p + "proj.bn", eps);
        this.lif = Lif.of(c);
        this.lifAttn = Lif.attention(c);
    }

    Linear q() {
        return q;
    }

    Linear k() {
        return k;
    }

    Linear v() {
        return v;
    }

    Linear proj() {
        return proj;
    }

    /**
     * Membranes {@code [B, D, N]} of q, k, v, attn, proj and the TASA histories (most recent first,
     * W-1 entries each, {@code [B, D, N]}) of {@code Z_q}, {@code Z_k}, {@code Z_v} and the value spikes.
     */
    public record State(LifState q, LifState k, LifState v, LifState attn, LifState proj,
                        List<INDArray> zq, List<INDArray> zk, List<INDArray> zv, List<INDArray> vs) {

        public State {
            zq = List.copyOf(zq);
            zk = List.copyOf(zk);
            zv = List.copyOf(zv);
            vs = List.copyOf(vs);
        }
    }

    /**
     * @param out {@code O(t)} [B, D, N]
     * @param spikes the spikes of q, k, v, attn, proj in that order, each [B, D, N]
     * @param attnInput {@code Att(t)}'s LIF input, kept for nothing but tests ({@code merge_heads(U)})
     */
    public record Output(INDArray out, List<INDArray> spikes, INDArray attnInput, State state) {
    }

    /** One step: {@code x = X(t) [B, D, N]}. */
    public Output step(INDArray x, State s) {
        long b = x.size(0);
        int h = c.heads();
        int dh = c.headDim();
        int n = c.N();
        INDArray zq = q.apply(x);
        INDArray zk = k.apply(x);
        INDArray zv = v.apply(x);
        Lif.Output sq = lif.step(bnQ.apply(tasaQ.apply(zq, s.zq())), s.q());
        Lif.Output sk = lif.step(bnK.apply(tasaK.apply(zk, s.zk())), s.k());
        Lif.Output sv = lif.step(bnV.apply(tasaV.apply(zv, s.zv())), s.v());
        INDArray vt = tasaA.apply(sv.spikes(), s.vs());                  // Vt [B, D, N]

        INDArray q3 = sq.spikes().reshape('c', b * h, dh, n);           // [B*h, d_h, N] = Q_h^T per (b, h)
        INDArray k3 = sk.spikes().reshape('c', b * h, dh, n);
        INDArray vt3 = vt.reshape('c', b * h, dh, n);
        INDArray u3 = Nd4j.create(DataType.FLOAT, b * h, dh, n);       // U_h^T
        for (int i = 0; i < b * h; i++) {
            INDArray st = k3.slice(i).transpose().mmul(q3.slice(i));   // S^T [N(m), N(n)], integer counts
            float[] a = st.data().asFloat();
            nsad.applyInPlace(i % h, a);                                // A^T
            INDArray at = Nd4j.create(a, new long[] {n, n}, 'c');
            u3.slice(i).assign(vt3.slice(i).mmul(at));                 // U^T = Vt^T A^T  [d_h, N]
        }
        INDArray merged = u3.reshape('c', b, c.D(), n);                  // merge_heads(U) [B, D, N]
        Lif.Output att = lifAttn.step(merged, s.attn());
        Lif.Output o = lif.step(bnProj.apply(proj.apply(att.spikes())), s.proj());

        var next = new State(sq.state(), sk.state(), sv.state(), att.state(), o.state(),
                tasaQ.advance(zq, s.zq()), tasaK.advance(zk, s.zk()), tasaV.advance(zv, s.zv()),
                tasaA.advance(sv.spikes(), s.vs()));
        return new Output(o.spikes(), new ArrayList<>(List.of(sq.spikes(), sk.spikes(), sv.spikes(), att.spikes(),
                o.spikes())), merged, next);
    }
}
