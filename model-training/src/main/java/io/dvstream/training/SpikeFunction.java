package io.dvstream.training;

/**
 * The spike nonlinearity of every LIF layer in training, {@code S = f(H - vth)}, with the
 * derivative the backward pass uses.
 *
 * <ul>
 *   <li>{@link #surrogate}: the spec's section 3: forward {@code Theta(x)} (1 when x >= 0),
 *       backward the sigmoid surrogate {@code alpha * sig(alpha x) * (1 - sig(alpha x))}, alpha = 4.
 *       A straight-through estimator: forward and backward are different functions.</li>
 *   <li>{@link #smooth}: forward {@code sig(alpha x)}, backward its exact derivative. Used only by the
 *       finite-difference gradient check, which needs a forward pass that the backward pass
 *       actually differentiates; with it every other op is checked exactly.</li>
 * </ul>
 *
 * @param alpha the surrogate's sharpness
 * @param smooth whether the forward is the sigmoid itself (gradient check) instead of the step
 */
public record SpikeFunction(double alpha, boolean smooth) {

    /** The spec's alpha. */
    public static final double ALPHA = 4.0;

    public SpikeFunction {
        if (!(alpha > 0) || !Double.isFinite(alpha)) {
            throw new IllegalArgumentException("alpha must be a finite number > 0, got " + alpha);
        }
    }

    /** Training: Heaviside forward, sigmoid surrogate backward (alpha = 4). */
    public static SpikeFunction surrogate() {
        return new SpikeFunction(ALPHA, false);
    }

    /** Gradient check: sigmoid forward and backward. */
    public static SpikeFunction smooth(double alpha) {
        return new SpikeFunction(alpha, true);
    }

    /** {@code S} for {@code x = H - vth}. */
    public double spike(double x) {
        return smooth ? sigmoid(alpha * x) : (x >= 0 ? 1.0 : 0.0);
    }

    /** {@code dS/dH} used by the backward pass. */
    public double derivative(double x) {
        double s = sigmoid(alpha * x);
        return alpha * s * (1 - s);
    }

    private static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }
}
