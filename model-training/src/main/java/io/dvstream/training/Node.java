package io.dvstream.training;

/**
 * A value in the training graph and its gradient, both row-major double arrays of the same
 * length. The gradient is allocated on first use, so nodes that no loss reaches cost nothing.
 * Doubles (not the runtime's float32) so that the finite-difference gradient check can resolve
 * relative errors of 1e-6; weights are rounded to float32 only when a weight file is written.
 */
public final class Node {

    private final double[] value;
    private double[] grad;

    public Node(double[] value) {
        this.value = value;
    }

    public double[] value() {
        return value;
    }

    public int size() {
        return value.length;
    }

    /** The gradient of the loss with respect to this value (zeros until something is added). */
    public double[] grad() {
        if (grad == null) {
            grad = new double[value.length];
        }
        return grad;
    }

    public boolean hasGrad() {
        return grad != null;
    }

    /** Forgets the gradient (before the next backward pass). */
    public void zeroGrad() {
        if (grad != null) {
            java.util.Arrays.fill(grad, 0);
        }
    }
}
