package io.dvstream.training;

/**
 * The stem's max-pool (spec section 2: kernel 3, stride 2, padding 1) over {@code [M*C, H, W]}
 * planes. The gradient goes to the first maximal input of each window (row-major scan order),
 * as in the usual implementations; ties between spikes are common, the choice is arbitrary but fixed.
 */
final class MaxPool {

    private MaxPool() {
    }

    static int out(int n) {
        return (n + 2 - 3) / 2 + 1;
    }

    static Node apply(Tape tape, Node x, int planes, int h, int w) {
        int oh = out(h);
        int ow = out(w);
        double[] xv = x.value();
        double[] out = new double[planes * oh * ow];
        int[] arg = new int[out.length];
        for (int p = 0; p < planes; p++) {
            int src = p * h * w;
            int dst = p * oh * ow;
            for (int y = 0; y < oh; y++) {
                for (int xx = 0; xx < ow; xx++) {
                    double best = Double.NEGATIVE_INFINITY;
                    int at = -1;
                    for (int iy = Math.max(0, 2 * y - 1); iy <= Math.min(h - 1, 2 * y + 1); iy++) {
                        for (int ix = Math.max(0, 2 * xx - 1); ix <= Math.min(w - 1, 2 * xx + 1); ix++) {
                            double v = xv[src + iy * w + ix];
                            if (v > best) {
                                best = v;
                                at = src + iy * w + ix;
                            }
                        }
                    }
                    out[dst + y * ow + xx] = best;
                    arg[dst + y * ow + xx] = at;
                }
            }
        }
        Node o = new Node(out);
        tape.record(() -> {
            if (!o.hasGrad()) {
                return;
            }
            double[] g = o.grad();
            double[] gx = x.grad();
            for (int i = 0; i < g.length; i++) {
                gx[arg[i]] += g[i];
            }
        });
        return o;
    }
}
