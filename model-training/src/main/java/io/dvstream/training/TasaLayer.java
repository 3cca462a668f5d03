package io.dvstream.training;

/**
 * TASA's attenuated window sum (spec section 4.2) over a window {@code [T, K]} time-major, with the
 * learnable constant {@code tau = 0.25 + softplus(rho)} (spec: "in training, tau is learnable"):
 * <pre>
 *   y(t) = sum_{k=0}^{min(t, W-1)} a^k x(t-k),     a = exp(-1/tau)  or  1 - 1/tau
 *   dx(t) += sum_k a^k dy(t+k)
 *   da    += sum_t sum_{k>=1} k a^(k-1) &lt;dy(t), x(t-k)&gt;
 *   drho  = da * da/dtau * sigmoid(rho),   da/dtau = a / tau^2 (exp) or 1 / tau^2 (linear)
 * </pre>
 * Steps before the window's first are zero (clip mode) or the carried inputs of the previous
 * window (stream mode, detached).
 */
final class TasaLayer {

    private TasaLayer() {
    }

    /** {@code tau} of the raw parameter {@code rho}. */
    static double tau(double rho) {
        return 0.25 + softplus(rho);
    }

    /** The {@code rho} whose tau is {@code tau} (> 0.25). */
    static double rho(double tau) {
        double s = tau - 0.25;
        return s > 30 ? s : Math.log(Math.expm1(s));
    }

    static double softplus(double r) {
        return r > 30 ? r : Math.log1p(Math.exp(r));
    }

    static Node apply(Tape tape, Node x, Node rho, int t, int window, boolean linear) {
        return apply(tape, x, rho, t, window, linear, null);
    }

    /**
     * @param history the window's past inputs, {@code history[j-1] = x(-j)} for j = 1 .. W-1, each
     *                {@code [K]} (the runtime's layout, most recent first), or null for zeros (clip
     *                mode). Constants for the gradient (detached at the window border), except that
     *                {@code a} multiplies them, so tau's gradient sees them.
     */
    static Node apply(Tape tape, Node x, Node rho, int t, int window, boolean linear, double[][] history) {
        double r = rho.value()[0];
        double tau = tau(r);
        double a = linear ? 1 - 1 / tau : Math.exp(-1 / tau);
        double[] xv = x.value();
        int k = xv.length / t;
        checkHistory(history, window, k);
        double[] y = new double[xv.length];
        for (int step = 0; step < t; step++) {
            double ak = 1;
            int dst = step * k;
            for (int lag = 0; lag < window; lag++) {
                double[] src = past(xv, history, step, lag, k);
                if (src != null) {
                    int off = step - lag >= 0 ? (step - lag) * k : 0;
                    for (int i = 0; i < k; i++) {
                        y[dst + i] += ak * src[off + i];
                    }
                }
                ak *= a;
            }
        }
        Node o = new Node(y);
        tape.record(() -> {
            if (!o.hasGrad()) {
                return;
            }
            double[] gy = o.grad();
            double[] gx = x.grad();
            double ga = 0;
            for (int step = 0; step < t; step++) {
                double ak = 1;
                double dak = 0;                     // d(a^lag)/da = lag * a^(lag-1)
                int dst = step * k;
                for (int lag = 0; lag < window; lag++) {
                    double[] src = past(xv, history, step, lag, k);
                    if (src != null) {
                        boolean inWindow = step - lag >= 0;
                        int off = inWindow ? (step - lag) * k : 0;
                        double dot = 0;
                        for (int i = 0; i < k; i++) {
                            if (inWindow) {
                                gx[off + i] += ak * gy[dst + i];
                            }
                            dot += gy[dst + i] * src[off + i];
                        }
                        ga += dak * dot;
                    }
                    dak = dak * a + ak;             // (lag+1) a^lag from lag a^(lag-1) and a^lag
                    ak *= a;
                }
            }
            double dadtau = linear ? 1 / (tau * tau) : a / (tau * tau);
            double sig = 1 / (1 + Math.exp(-r));
            rho.grad()[0] += ga * dadtau * sig;
        });
        return o;
    }

    /**
     * The history the next window starts from: {@code [x(T-1), x(T-2), .., x(T-W+1)]}, taking the
     * entries before this window's first step from {@code history} (zeros when null).
     */
    static double[][] nextHistory(double[] xv, double[][] history, int t, int window) {
        int k = xv.length / t;
        double[][] out = new double[window - 1][k];
        for (int j = 1; j < window; j++) {
            int step = t - j;
            if (step >= 0) {
                System.arraycopy(xv, step * k, out[j - 1], 0, k);
            } else if (history != null) {
                System.arraycopy(history[-step - 1], 0, out[j - 1], 0, k);
            }
        }
        return out;
    }

    /** The array holding {@code x(step - lag)} (this window's input or a history entry), or null for a zero. */
    private static double[] past(double[] xv, double[][] history, int step, int lag, int k) {
        int s = step - lag;
        if (s >= 0) {
            return xv;
        }
        return history == null ? null : history[-s - 1];
    }

    private static void checkHistory(double[][] history, int window, int k) {
        if (history == null) {
            return;
        }
        if (history.length != window - 1) {
            throw new IllegalArgumentException("TASA with window " + window + " needs " + (window - 1)
                    + " carried inputs, got " + history.length);
        }
        for (double[] h : history) {
            if (h.length != k) {
                throw new IllegalArgumentException("carried TASA input has " + h.length + " values, the stage " + k);
            }
        }
    }
}
