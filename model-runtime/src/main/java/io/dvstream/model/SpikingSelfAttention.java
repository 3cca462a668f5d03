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
 * Per (stream, head) the products run as loops over the channel-first {@code [d_h, N]} blocks of
 * the tensors: S counts coincidences of binary spikes (exact), {@code U} is summed in float32 in
 * token order.
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

        // [B, D, N] row-major is [B*h][d_h][N]: block i = (b, head) holds Q_h^T, K_h^T, Vt_h^T as [d_h, N].
        float[] qs = Floats.of(sq.spikes());
        float[] ks = Floats.of(sk.spikes());
        float[] vts = Floats.of(vt);
        float[] u = new float[qs.length];                                // U_h^T per block, = merge_heads(U)
        float[] a = new float[n * n];                                    // S_h, then A_h  [N(n), N(m)]
        for (int i = 0; i < b * h; i++) {
            int base = i * dh * n;
            java.util.Arrays.fill(a, 0f);
            for (int j = 0; j < dh; j++) {                               // S = Q_h K_h^T: coincidence counts
                int row = base + j * n;
                for (int t = 0; t < n; t++) {
                    if (qs[row + t] != 0f) {
                        for (int m = 0; m < n; m++) {
                            a[t * n + m] += ks[row + m];
                        }
                    }
                }
            }
            nsad.applyInPlace(i % h, a);                                 // A = LUT[S]
            for (int j = 0; j < dh; j++) {                               // U = A Vt
                int row = base + j * n;
                for (int t = 0; t < n; t++) {
                    float acc = 0f;
                    for (int m = 0; m < n; m++) {
                        acc += a[t * n + m] * vts[row + m];
                    }
                    u[row + t] = acc;
                }
            }
        }
        INDArray merged = Floats.tensor(u, b, c.D(), n);                 // merge_heads(U) [B, D, N]
        Lif.Output att = lifAttn.step(merged, s.attn());
        Lif.Output o = lif.step(bnProj.apply(proj.apply(att.spikes())), s.proj());

        var next = new State(sq.state(), sk.state(), sv.state(), att.state(), o.state(),
                tasaQ.advance(zq, s.zq()), tasaK.advance(zk, s.zk()), tasaV.advance(zv, s.zv()),
                tasaA.advance(sv.spikes(), s.vs()));
        return new Output(o.spikes(), new ArrayList<>(List.of(sq.spikes(), sk.spikes(), sv.spikes(), att.spikes(),
                o.spikes())), merged, next);
    }
}
