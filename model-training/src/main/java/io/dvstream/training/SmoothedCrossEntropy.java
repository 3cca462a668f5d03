package io.dvstream.training;

/**
 * Cross-entropy with label smoothing (spec section 8: 0.1): the target is
 * {@code (1 - eps) onehot + eps / K}; the loss is the mean over the labelled samples. A label of
 * {@link #MASKED} (stream mode: a window in an idle gap, or a burn-in window) contributes neither
 * loss nor gradient. {@link #loss} also seeds the logits' gradient, {@code (softmax - target) / n}
 * with n the number of labelled samples.
 */
public record SmoothedCrossEntropy(double smoothing) {

    /** The label of a sample that takes no part in the loss. */
    public static final int MASKED = -1;

    public SmoothedCrossEntropy {
        if (!(smoothing >= 0 && smoothing < 1)) {
            throw new IllegalArgumentException("label smoothing must be in [0, 1), got " + smoothing);
        }
    }

    /** Samples whose label is not {@link #MASKED}. */
    public static int labelled(int[] labels) {
        int n = 0;
        for (int l : labels) {
            if (l != MASKED) {
                n++;
            }
        }
        return n;
    }

    /** The mean loss over the labelled samples (0 when none is); adds its gradient to {@code logits.grad()}. */
    public double loss(Node logits, int[] labels) {
        int b = labels.length;
        int k = logits.size() / b;
        int n = labelled(labels);
        if (n == 0) {
            return 0;
        }
        double[] z = logits.value();
        double[] g = logits.grad();
        double total = 0;
        for (int i = 0; i < b; i++) {
            if (labels[i] == MASKED) {
                continue;
            }
            if (labels[i] < 0 || labels[i] >= k) {
                throw new IllegalArgumentException("label " + labels[i] + " of sample " + i + " outside 0.." + (k - 1));
            }
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                max = Math.max(max, z[i * k + j]);
            }
            double sum = 0;
            for (int j = 0; j < k; j++) {
                sum += Math.exp(z[i * k + j] - max);
            }
            double logSum = max + Math.log(sum);
            for (int j = 0; j < k; j++) {
                double target = (j == labels[i] ? 1 - smoothing : 0) + smoothing / k;
                double logP = z[i * k + j] - logSum;
                total -= target * logP;
                g[i * k + j] += (Math.exp(logP) - target) / n;
            }
        }
        return total / n;
    }
}
