package io.dvstream.training;

/**
 * The attention core of an encoder block (spec section 4.3), per sample-step and head over the
 * channel-first blocks {@code [d_h, N]} of {@code [M, D, N]} tensors (channel c = head * d_h + j):
 * <pre>
 *   S_h = Q_h K_h^T                    [N, N]  coincidence counts
 *   A_h = LUT_h[S_h]  (nsad on)   or   0.125 S_h  (nsad off)
 *   U_h = A_h Vt_h                     [N, d_h]
 * </pre>
 * NSAD in training: the table is read by linear interpolation between neighbouring entries,
 * {@code A = LUT[v] + (S - v)(LUT[v+1] - LUT[v])} with {@code v = min(floor S, d_h - 1)}. On the
 * integer scores that binary spikes produce this is exactly the lookup, the gradient to the entry
 * {@code LUT[S]} is the scatter-added {@code dA}, and the gradient to {@code S} is the spec's slope
 * {@code LUT[v+1] - LUT[v]} ({@code LUT[d_h] - LUT[d_h-1]} at the top); the interpolation only
 * extends the same rule to the real-valued scores of the smooth gradient check. {@code LUT[0]} is
 * fixed at 0: its gradient is dropped.
 */
final class SpikingAttentionLayer {

    static final double PLAIN_SCALE = 0.125;

    private SpikingAttentionLayer() {
    }

    /** @param lut the tables {@code [h, d_h + 1]}, or null when NSAD is off */
    static Node apply(Tape tape, Node q, Node k, Node vt, Node lut, int m, int d, int n, int heads) {
        int dh = d / heads;
        double[] qv = q.value();
        double[] kv = k.value();
        double[] vv = vt.value();
        double[] u = new double[qv.length];
        double[] s = new double[n * n];
        double[] a = new double[n * n];
        for (int blk = 0; blk < m * heads; blk++) {
            int base = blk * dh * n;
            scores(qv, kv, base, dh, n, s);
            map(s, a, lut, blk % heads, dh, null);
            for (int j = 0; j < dh; j++) {
                int row = base + j * n;
                for (int t = 0; t < n; t++) {
                    double acc = 0;
                    for (int mm = 0; mm < n; mm++) {
                        acc += a[t * n + mm] * vv[row + mm];
                    }
                    u[row + t] = acc;
                }
            }
        }
        Node o = new Node(u);
        tape.record(() -> {
            if (!o.hasGrad()) {
                return;
            }
            double[] gu = o.grad();
            double[] gq = q.grad();
            double[] gk = k.grad();
            double[] gv = vt.grad();
            double[] glut = lut == null ? null : lut.grad();
            double[] ss = new double[n * n];
            double[] aa = new double[n * n];
            double[] slope = new double[n * n];
            double[] ga = new double[n * n];
            for (int blk = 0; blk < m * heads; blk++) {
                int head = blk % heads;
                int base = blk * dh * n;
                scores(qv, kv, base, dh, n, ss);
                map(ss, aa, lut, head, dh, slope);
                java.util.Arrays.fill(ga, 0);
                for (int j = 0; j < dh; j++) {
                    int row = base + j * n;
                    for (int t = 0; t < n; t++) {
                        double g = gu[row + t];
                        if (g == 0) {
                            continue;
                        }
                        for (int mm = 0; mm < n; mm++) {
                            ga[t * n + mm] += g * vv[row + mm];      // dA = dU Vt^T
                            gv[row + mm] += aa[t * n + mm] * g;      // dVt = A^T dU
                        }
                    }
                }
                if (glut != null) {
                    int lb = head * (dh + 1);
                    for (int i = 0; i < n * n; i++) {
                        int v = Math.min((int) Math.floor(ss[i]), dh - 1);
                        double frac = ss[i] - v;
                        glut[lb + v] += (1 - frac) * ga[i];
                        glut[lb + v + 1] += frac * ga[i];
                    }
                    glut[lb] = 0;                                     // LUT[0] is fixed at 0
                }
                for (int i = 0; i < n * n; i++) {
                    ga[i] *= slope[i];                                // dS = dA * local slope
                }
                for (int j = 0; j < dh; j++) {
                    int row = base + j * n;
                    for (int t = 0; t < n; t++) {
                        double accQ = 0;
                        double qjt = qv[row + t];
                        for (int mm = 0; mm < n; mm++) {
                            double gs = ga[t * n + mm];
                            accQ += gs * kv[row + mm];                // dQ = dS K
                            gk[row + mm] += gs * qjt;                 // dK = dS^T Q
                        }
                        gq[row + t] += accQ;
                    }
                }
            }
        });
        return o;
    }

    private static void scores(double[] q, double[] k, int base, int dh, int n, double[] s) {
        java.util.Arrays.fill(s, 0);
        for (int j = 0; j < dh; j++) {
            int row = base + j * n;
            for (int t = 0; t < n; t++) {
                double qt = q[row + t];
                if (qt == 0) {
                    continue;
                }
                for (int mm = 0; mm < n; mm++) {
                    s[t * n + mm] += qt * k[row + mm];
                }
            }
        }
    }

    /** {@code a = map(s)}; when {@code slope} is not null it receives {@code dA/dS}. */
    private static void map(double[] s, double[] a, Node lut, int head, int dh, double[] slope) {
        if (lut == null) {
            for (int i = 0; i < s.length; i++) {
                a[i] = PLAIN_SCALE * s[i];
                if (slope != null) {
                    slope[i] = PLAIN_SCALE;
                }
            }
            return;
        }
        double[] l = lut.value();
        int lb = head * (dh + 1);
        for (int i = 0; i < s.length; i++) {
            int v = Math.min((int) Math.floor(s[i]), dh - 1);
            if (v < 0) {
                throw new IllegalStateException("attention score " + s[i] + " < 0: Q and K must be non-negative spikes");
            }
            double lo = l[lb + v];
            double d = l[lb + v + 1] - lo;
            a[i] = lo + (s[i] - v) * d;
            if (slope != null) {
                slope[i] = d;
            }
        }
    }
}
