package io.dvstream.model;

import io.dvstream.model.weights.Ds2taWeights;
import java.util.List;

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
     * One step of {@code b} streams over flat row-major arrays.
     *
     * @param x {@code X(t) [b, D, N]}
     * @param mem membranes of q, k, v, attn, proj, each {@code [b, D, N]}; updated in place
     * @param hist TASA histories of {@code Z_q, Z_k, Z_v, V}: {@code hist[p][k-1] = value at t-k}, {@code [b, D, N]}; advanced in place
     * @param spikes receives the spikes of q, k, v, attn, proj
     * @return {@code O(t) [b, D, N]}
     */
    public float[] step(float[] x, int b, float[][] mem, float[][][] hist, List<float[]> spikes) {
        int h = c.heads();
        int dh = c.headDim();
        int n = c.N();
        Linear[] proj3 = {q, k, v};
        BatchNorm[] bn3 = {bnQ, bnK, bnV};
        Tasa[] tasa3 = {tasaQ, tasaK, tasaV};
        float[][] z = new float[3][];
        float[][] p = new float[3][];
        for (int i = 0; i < 3; i++) {
            z[i] = proj3[i].apply(x, b, n);                              // Z_P = W_P X
            float[] g = tasa3[i].apply(z[i], hist[i]);                   // Gamma_{tau_P}[Z_P]
            bn3[i].applyInPlace(g, b);                                   // BN_P
            p[i] = lif.step(g, mem[i]);                                  // P = SN_P(.)
            spikes.add(p[i]);
        }
        float[] vt = tasaA.apply(p[2], hist[3]);                         // Vt = Gamma_{tau_a}[V]
        // [b, D, N] row-major is [b*h][d_h][N]: block i = (stream, head) holds Q_h^T, K_h^T, Vt_h^T as [d_h, N].
        float[] qs = p[0];
        float[] ks = p[1];
        float[] u = new float[qs.length];                                // merge_heads(U) [b, D, N]
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
                        acc += a[t * n + m] * vt[row + m];
                    }
                    u[row + t] = acc;
                }
            }
        }
        float[] att = lifAttn.step(u, mem[3]);                           // Att = SN_attn(merge_heads(U))
        spikes.add(att);
        float[] o = proj.apply(att, b, n);                               // W_o Att + b_o
        bnProj.applyInPlace(o, b);
        float[] out = lif.step(o, mem[4]);                               // O = SN_proj(BN_proj(.))
        spikes.add(out);
        for (int i = 0; i < 3; i++) {
            Tasa.advanceInPlace(z[i], hist[i]);
        }
        Tasa.advanceInPlace(p[2], hist[3]);
        return out;
    }
}
