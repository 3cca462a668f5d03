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
 * Steps before the window's first are zero (clip mode).
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
        double r = rho.value()[0];
        double tau = tau(r);
        double a = linear ? 1 - 1 / tau : Math.exp(-1 / tau);
        double[] xv = x.value();
        int k = xv.length / t;
        double[] y = new double[xv.length];
        for (int step = 0; step < t; step++) {
            double ak = 1;
            for (int lag = 0; lag <= Math.min(step, window - 1); lag++) {
                int dst = step * k;
                int src = (step - lag) * k;
                for (int i = 0; i < k; i++) {
                    y[dst + i] += ak * xv[src + i];
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
                for (int lag = 0; lag <= Math.min(step, window - 1); lag++) {
                    int dst = step * k;
                    int src = (step - lag) * k;
                    double dot = 0;
                    for (int i = 0; i < k; i++) {
                        gx[src + i] += ak * gy[dst + i];
                        dot += gy[dst + i] * xv[src + i];
                    }
                    ga += dak * dot;
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
}
