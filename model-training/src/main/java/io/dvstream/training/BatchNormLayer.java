package io.dvstream.training;

/**
 * BatchNorm over channel dimension 1 of {@code [M, C, P]} (M = T * B, P = pixels or tokens), with
 * PyTorch's semantics so that weights move between implementations unchanged (spec section 6):
 * <ul>
 *   <li>training mode: per channel, mean and biased variance over all {@code M * P} values (every
 *       step of every sample, as Spikformer's multi-step BN), {@code y = xhat * gamma + beta};
 *       running statistics move by momentum 0.1 towards the batch mean and the <em>unbiased</em>
 *       variance;</li>
 *   <li>eval mode: {@code y = (x - running_mean) / sqrt(running_var + eps) * gamma + beta}, the
 *       runtime's formula.</li>
 * </ul>
 * Gradients flow through the batch statistics in training mode (the standard three-term formula).
 */
final class BatchNormLayer {

    static final double MOMENTUM = 0.1;

    final String prefix;
    final Node gamma;
    final Node beta;
    final double[] runningMean;
    final double[] runningVar;
    final double eps;

    BatchNormLayer(String prefix, int channels, double eps) {
        this.prefix = prefix;
        this.gamma = new Node(filled(channels, 1.0));
        this.beta = new Node(new double[channels]);
        this.runningMean = new double[channels];
        this.runningVar = filled(channels, 1.0);
        this.eps = eps;
    }

    int channels() {
        return runningMean.length;
    }

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    /**
     * @param training batch statistics (and a gradient through them) instead of the running ones
     * @param updateStats whether a training-mode call moves the running statistics
     */
    Node apply(Tape tape, Node x, int m, int p, boolean training, boolean updateStats) {
        int c = channels();
        double[] xv = x.value();
        double[] y = new double[xv.length];
        double[] g = gamma.value();
        double[] bt = beta.value();
        double[] invStd = new double[c];
        double[] mean = new double[c];
        long count = (long) m * p;
        for (int ch = 0; ch < c; ch++) {
            double mu;
            double var;
            if (training) {
                double s = 0;
                for (int i = 0; i < m; i++) {
                    for (int j = (i * c + ch) * p, e = j + p; j < e; j++) {
                        s += xv[j];
                    }
                }
                mu = s / count;
                double ss = 0;
                for (int i = 0; i < m; i++) {
                    for (int j = (i * c + ch) * p, e = j + p; j < e; j++) {
                        double d = xv[j] - mu;
                        ss += d * d;
                    }
                }
                var = ss / count;
                if (updateStats) {
                    runningMean[ch] = (1 - MOMENTUM) * runningMean[ch] + MOMENTUM * mu;
                    double unbiased = count > 1 ? ss / (count - 1) : var;
                    runningVar[ch] = (1 - MOMENTUM) * runningVar[ch] + MOMENTUM * unbiased;
                }
            } else {
                mu = runningMean[ch];
                var = runningVar[ch];
            }
            mean[ch] = mu;
            invStd[ch] = 1.0 / Math.sqrt(var + eps);
            for (int i = 0; i < m; i++) {
                for (int j = (i * c + ch) * p, e = j + p; j < e; j++) {
                    y[j] = (xv[j] - mu) * invStd[ch] * g[ch] + bt[ch];
                }
            }
        }
        Node o = new Node(y);
        tape.record(() -> {
            if (!o.hasGrad()) {
                return;
            }
            double[] gy = o.grad();
            double[] gx = x.grad();
            double[] gg = gamma.grad();
            double[] gb = beta.grad();
            for (int ch = 0; ch < c; ch++) {
                double sumG = 0;
                double sumGx = 0;
                for (int i = 0; i < m; i++) {
                    for (int j = (i * c + ch) * p, e = j + p; j < e; j++) {
                        double xhat = (xv[j] - mean[ch]) * invStd[ch];
                        sumG += gy[j];
                        sumGx += gy[j] * xhat;
                    }
                }
                gg[ch] += sumGx;
                gb[ch] += sumG;
                double k = g[ch] * invStd[ch];
                for (int i = 0; i < m; i++) {
                    for (int j = (i * c + ch) * p, e = j + p; j < e; j++) {
                        if (training) {
                            double xhat = (xv[j] - mean[ch]) * invStd[ch];
                            gx[j] += k * (gy[j] - sumG / count - xhat * sumGx / count);
                        } else {
                            gx[j] += k * gy[j];
                        }
                    }
                }
            }
        });
        return o;
    }
}
