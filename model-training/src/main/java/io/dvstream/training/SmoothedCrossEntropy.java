package io.dvstream.training;

/**
 * Cross-entropy with label smoothing (spec section 8: 0.1): the target is
 * {@code (1 - eps) onehot + eps / K}; the loss is the batch mean. {@link #loss} also seeds the
 * logits' gradient, {@code (softmax - target) / B}.
 */
public record SmoothedCrossEntropy(double smoothing) {

    public SmoothedCrossEntropy {
        if (!(smoothing >= 0 && smoothing < 1)) {
            throw new IllegalArgumentException("label smoothing must be in [0, 1), got " + smoothing);
        }
    }

    /** The mean loss over the batch; adds its gradient to {@code logits.grad()}. */
    public double loss(Node logits, int[] labels) {
        int b = labels.length;
        int k = logits.size() / b;
        double[] z = logits.value();
        double[] g = logits.grad();
        double total = 0;
        for (int i = 0; i < b; i++) {
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
                g[i * k + j] += (Math.exp(logP) - target) / b;
            }
        }
        return total / b;
    }
}
