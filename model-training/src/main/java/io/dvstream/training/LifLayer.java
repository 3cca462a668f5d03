package io.dvstream.training;

/**
 * A LIF layer over a window (spec section 3), input {@code [T, K]} time-major (K = B * C * P),
 * membrane starting at 0 (clip mode: state reset per sample) or at the membrane the previous window
 * ended with (stream mode: state carried, detached: no gradient flows into it):
 * <pre>
 *   H[t] = V[t-1] + (X[t] - V[t-1]) / lifTau
 *   S[t] = f(H[t] - vth)                 f from {@link SpikeFunction}
 *   V[t] = H[t] * (1 - S[t])
 * </pre>
 * Backward through time, t = T-1 .. 0, with {@code f'} the surrogate:
 * {@code dH = dS f' + dV (1 - S) [- dV H f' when the reset is not detached]},
 * {@code dX[t] = dH / lifTau}, {@code dV[t-1] = dH (1 - 1/lifTau)}. The spec detaches the reset
 * ({@code S} in {@code V = H (1 - S)} is a constant for the gradient); the gradient check turns the
 * detachment off, because a finite difference always sees the reset.
 */
final class LifLayer {

    private LifLayer() {
    }

    static Node apply(Tape tape, Node x, int t, double tau, double vth, SpikeFunction f, boolean detachReset) {
        return apply(tape, x, t, tau, vth, f, detachReset, new double[x.size() / t]);
    }

    /**
     * @param v the membrane {@code V[-1]} before the window's first step, {@code [K]}; a constant for
     *          the gradient (detached at the window border). Overwritten with {@code V[T-1]}, the
     *          membrane the next window starts from.
     */
    static Node apply(Tape tape, Node x, int t, double tau, double vth, SpikeFunction f, boolean detachReset,
                      double[] v) {
        double[] xv = x.value();
        int k = xv.length / t;
        if (v.length != k) {
            throw new IllegalArgumentException("carried membrane has " + v.length + " values, the layer " + k);
        }
        double[] s = new double[xv.length];
        double[] h = new double[xv.length];
        double inv = 1.0 / tau;
        for (int step = 0; step < t; step++) {
            int base = step * k;
            for (int i = 0; i < k; i++) {
                double hh = v[i] + (xv[base + i] - v[i]) * inv;
                double ss = f.spike(hh - vth);
                h[base + i] = hh;
                s[base + i] = ss;
                v[i] = hh * (1 - ss);
            }
        }
        Node o = new Node(s);
        tape.record(() -> {
            if (!o.hasGrad()) {
                return;
            }
            double[] gs = o.grad();
            double[] gx = x.grad();
            double[] gv = new double[k];            // dL/dV[t] flowing back from step t+1
            for (int step = t - 1; step >= 0; step--) {
                int base = step * k;
                for (int i = 0; i < k; i++) {
                    double hh = h[base + i];
                    double d = f.derivative(hh - vth);
                    double gh = gs[base + i] * d + gv[i] * (1 - s[base + i]);
                    if (!detachReset) {
                        gh -= gv[i] * hh * d;
                    }
                    gx[base + i] += gh * inv;
                    gv[i] = gh * (1 - inv);         // at step 0 this is dL/dV[-1]: dropped (detached border)
                }
            }
        });
        return o;
    }
}
