package io.dvstream.training;

/**
 * {@code Conv3} of the stem (spec sections 2 and 4.1): 3x3, stride 1, padding 1, no bias, weight
 * {@code [C_out, C_in, 3, 3]}, over {@code M} images {@code [M, C_in, H, W]} (M = T * B: every step
 * of every sample at once, the convolution has no state). Plain loops whose innermost runs along a
 * row, which the JIT vectorises; the same three loops give the input and the weight gradients.
 */
final class Conv3 {

    private Conv3() {
    }

    static Node apply(Tape tape, Node x, Node w, int m, int cin, int cout, int h, int wd) {
        double[] xv = x.value();
        double[] wv = w.value();
        double[] out = new double[m * cout * h * wd];
        int plane = h * wd;
        for (int i = 0; i < m; i++) {
            for (int o = 0; o < cout; o++) {
                int ob = (i * cout + o) * plane;
                for (int c = 0; c < cin; c++) {
                    int ib = (i * cin + c) * plane;
                    int wb = (o * cin + c) * 9;
                    for (int ky = 0; ky < 3; ky++) {
                        for (int kx = 0; kx < 3; kx++) {
                            double k = wv[wb + ky * 3 + kx];
                            if (k == 0) {
                                continue;
                            }
                            int dy = ky - 1;
                            int dx = kx - 1;
                            int x0 = Math.max(0, -dx);
                            int x1 = Math.min(wd, wd - dx);
                            for (int y = Math.max(0, -dy), y1 = Math.min(h, h - dy); y < y1; y++) {
                                int orow = ob + y * wd;
                                int irow = ib + (y + dy) * wd + dx;
                                for (int xx = x0; xx < x1; xx++) {
                                    out[orow + xx] += k * xv[irow + xx];
                                }
                            }
                        }
                    }
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
            double[] gw = w.grad();
            for (int i = 0; i < m; i++) {
                for (int oc = 0; oc < cout; oc++) {
                    int ob = (i * cout + oc) * plane;
                    for (int c = 0; c < cin; c++) {
                        int ib = (i * cin + c) * plane;
                        int wb = (oc * cin + c) * 9;
                        for (int ky = 0; ky < 3; ky++) {
                            for (int kx = 0; kx < 3; kx++) {
                                double k = wv[wb + ky * 3 + kx];
                                int dy = ky - 1;
                                int dx = kx - 1;
                                int x0 = Math.max(0, -dx);
                                int x1 = Math.min(wd, wd - dx);
                                double acc = 0;
                                for (int y = Math.max(0, -dy), y1 = Math.min(h, h - dy); y < y1; y++) {
                                    int orow = ob + y * wd;
                                    int irow = ib + (y + dy) * wd + dx;
                                    for (int xx = x0; xx < x1; xx++) {
                                        acc += g[orow + xx] * xv[irow + xx];
                                        gx[irow + xx] += k * g[orow + xx];
                                    }
                                }
                                gw[wb + ky * 3 + kx] += acc;
                            }
                        }
                    }
                }
            }
        });
        return o;
    }
}
