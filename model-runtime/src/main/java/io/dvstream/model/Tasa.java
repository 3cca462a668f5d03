package io.dvstream.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * TASA's temporally attenuated window sum (docs/ds2ta-spec.md section 4.2) for one stage with
 * constant {@code tau}:
 * <pre>
 *   Gamma_tau[Y](t) = sum_{k=0}^{min(t, W-1)} a^k * Y(t-k),    a = exp(-1/tau) or 1 - 1/tau
 * </pre>
 * The history holds {@code Y(t-1) .. Y(t-W+1)}, most recent first; steps before the stream's
 * first step are zero, which is what a zeroed history gives, so the first W-1 steps need no
 * special case. Float32, summed in the order k = 0, 1, .., W-1, each term {@code a^k * Y} rounded
 * before it is added; {@code a^k} is computed in double and rounded once.
 */
public final class Tasa {

    private final double tau;
    private final float[] powers;   // a^k, k = 0 .. W-1

    /** @param tau the effective tau read from the weights; @param taw the window W */
    public Tasa(double tau, ModelConfig.Decay decay, int taw) {
        if (taw < 1) {
            throw new IllegalArgumentException("taw must be >= 1, got " + taw);
        }
        double a = decay.factor(tau);
        if (!(a >= 0 && a < 1)) {
            throw new IllegalArgumentException("tau " + tau + " gives attenuation a = " + a + " outside [0, 1)");
        }
        this.tau = tau;
        this.powers = new float[taw];
        for (int k = 0; k < taw; k++) {
            powers[k] = (float) Math.pow(a, k);
        }
    }

    public double tau() {
        return tau;
    }

    /** The window W. */
    public int window() {
        return powers.length;
    }

    /** {@code a^k} as float, k = 0 .. W-1. */
    public float[] powers() {
        return powers.clone();
    }

    /**
     * {@code Gamma[Y](t)} from {@code current = Y(t)} and {@code history = [Y(t-1), .., Y(t-W+1)]},
     * all of one shape. Returns a new array; nothing is modified.
     */
    public INDArray apply(INDArray current, List<INDArray> history) {
        checkHistory(history);
        float[] acc = Floats.of(current);
        for (int k = 1; k < powers.length; k++) {
            INDArray past = history.get(k - 1);
            if (!Arrays.equals(past.shape(), current.shape())) {
                throw new IllegalArgumentException("TASA history entry " + (k - 1) + " has shape "
                        + Arrays.toString(past.shape()) + ", the current value " + Arrays.toString(current.shape()));
            }
            float[] p = Floats.of(past);
            float ak = powers[k];
            for (int i = 0; i < acc.length; i++) {
                acc[i] += ak * p[i];
            }
        }
        return Floats.tensor(acc, current.shape());
    }

    /** {@code Gamma[Y](t)} over flat arrays; {@code history[k-1] = Y(t-k)}. Returns a new array. */
    public float[] apply(float[] current, float[][] history) {
        if (history.length != powers.length - 1) {
            throw new IllegalArgumentException("TASA with window " + powers.length + " needs " + (powers.length - 1)
                    + " past values, got " + history.length);
        }
        float[] acc = current.clone();
        for (int k = 1; k < powers.length; k++) {
            float[] p = history[k - 1];
            float ak = powers[k];
            for (int i = 0; i < acc.length; i++) {
                acc[i] += ak * p[i];
            }
        }
        return acc;
    }

    /** Shifts {@code history} in place: afterwards {@code history = [Y(t), Y(t-1), .., Y(t-W+2)]}. */
    public static void advanceInPlace(float[] current, float[][] history) {
        for (int k = history.length - 1; k > 0; k--) {
            System.arraycopy(history[k - 1], 0, history[k], 0, current.length);
        }
        if (history.length > 0) {
            System.arraycopy(current, 0, history[0], 0, current.length);
        }
    }

    /** The history for the next step: {@code [Y(t), Y(t-1), .., Y(t-W+2)]}. */
    public List<INDArray> advance(INDArray current, List<INDArray> history) {
        checkHistory(history);
        var next = new ArrayList<INDArray>(history.size());
        if (!history.isEmpty()) {
            next.add(current);
            next.addAll(history.subList(0, history.size() - 1));
        }
        return next;
    }

    private void checkHistory(List<INDArray> history) {
        if (history.size() != powers.length - 1) {
            throw new IllegalArgumentException("TASA with window " + powers.length + " needs " + (powers.length - 1)
                    + " past values, got " + history.size());
        }
    }
}
