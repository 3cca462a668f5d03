package io.dvstream.training;

/**
 * A 1x1 linear map over channels (spec section 4.3): {@code z[m, o, n] = sum_i W[o, i] x[m, i, n] (+ b[o])},
 * weight {@code [out, in]}, over {@code [M, in, N]} (M = T * B).
 */
final class PointwiseLinear {

    private PointwiseLinear() {
    }

    /** @param b the bias node, or null (q, k, v have none) */
    static Node apply(Tape tape, Node x, Node w, Node b, int m, int in, int out, int n) {
        double[] xv = x.value();
        double[] wv = w.value();
        double[] z = new double[m * out * n];
        for (int i = 0; i < m; i++) {
            for (int o = 0; o < out; o++) {
                int zb = (i * out + o) * n;
                if (b != null) {
                    double bo = b.value()[o];
                    for (int t = 0; t < n; t++) {
                        z[zb + t] = bo;
                    }
                }
                for (int c = 0; c < in; c++) {
                    double k = wv[o * in + c];
                    if (k == 0) {
                        continue;
                    }
                    int xb = (i * in + c) * n;
                    for (int t = 0; t < n; t++) {
                        z[zb + t] += k * xv[xb + t];
                    }
                }
            }
        }
        Node o = new Node(z);
        tape.record(() -> {
            if (!o.hasGrad()) {
                return;
            }
            double[] g = o.grad();
            double[] gx = x.grad();
            double[] gw = w.grad();
            double[] gb = b == null ? null : b.grad();
            for (int i = 0; i < m; i++) {
                for (int oc = 0; oc < out; oc++) {
                    int zb = (i * out + oc) * n;
                    if (gb != null) {
                        double s = 0;
                        for (int t = 0; t < n; t++) {
                            s += g[zb + t];
                        }
                        gb[oc] += s;
                    }
                    for (int c = 0; c < in; c++) {
                        int xb = (i * in + c) * n;
                        double k = wv[oc * in + c];
                        double acc = 0;
                        for (int t = 0; t < n; t++) {
                            acc += g[zb + t] * xv[xb + t];
                            gx[xb + t] += k * g[zb + t];
                        }
                        gw[oc * in + c] += acc;
                    }
                }
            }
        });
        return o;
    }
}
