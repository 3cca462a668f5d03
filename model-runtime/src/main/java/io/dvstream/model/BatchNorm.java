package io.dvstream.model;

import io.dvstream.model.weights.Ds2taWeights;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * BatchNorm at inference over channel dimension 1 of {@code [B, C, ...]} (docs/ds2ta-spec.md
 * section 2), evaluated literally, in float32 and in this order:
 * <pre>
 *   y = (x - running_mean) / sqrt(running_var + eps) * weight + bias
 * </pre>
 * This is the readable path; folding into the preceding conv or linear (one scale and shift)
 * changes float rounding and belongs to a separate fast path checked against this one.
 */
public final class BatchNorm {

    private final INDArray mean;   // [C]
    private final INDArray std;    // [C] sqrt(running_var + eps), float32, correctly rounded
    private final INDArray gamma;  // [C]
    private final INDArray beta;   // [C]
    private final float[] meanV;
    private final float[] stdV;
    private final float[] gammaV;
    private final float[] betaV;

    /** BatchNorm from the four tensors under {@code prefix} ({@code prefix.weight}, {@code .bias}, ...). */
    public BatchNorm(Ds2taWeights w, String prefix, float eps) {
        this.gamma = Nd4j.createFromArray(w.get(prefix + ".weight"));
        this.beta = Nd4j.createFromArray(w.get(prefix + ".bias"));
        this.mean = Nd4j.createFromArray(w.get(prefix + ".running_mean"));
        this.std = Transforms.sqrt(Nd4j.createFromArray(w.get(prefix + ".running_var")).addi(eps), false);
        this.meanV = mean.toFloatVector();
        this.stdV = std.toFloatVector();
        this.gammaV = gamma.toFloatVector();
        this.betaV = beta.toFloatVector();
    }

    /**
     * BatchNorm folded into one scale and shift per channel, {@code y = x * scale + shift} with
     * {@code scale = gamma / sqrt(var + eps)} and {@code shift = beta - mean * scale}, computed in
     * double and rounded once. Equal to {@link #apply} up to float rounding (a few ulps), not bit
     * for bit; used by the sparse path, which folds it into the accumulation.
     */
    public record Folded(float[] scale, float[] shift) {
    }

    /** The folded form of this BatchNorm. */
    public Folded folded() {
        float[] g = gamma.toFloatVector();
        float[] b = beta.toFloatVector();
        float[] m = mean.toFloatVector();
        float[] sd = std.toFloatVector();
        float[] scale = new float[g.length];
        float[] shift = new float[g.length];
        for (int c = 0; c < g.length; c++) {
            double k = (double) g[c] / sd[c];
            scale[c] = (float) k;
            shift[c] = (float) (b[c] - m[c] * k);
        }
        return new Folded(scale, shift);
    }

    /** Channels {@code C}. */
    public long channels() {
        return mean.length();
    }

    /** {@code x} is {@code [B, C, ...]}; returns a new array of the same shape. */
    public INDArray apply(INDArray x) {
        if (x.rank() < 2 || x.size(1) != channels()) {
            throw new IllegalArgumentException("BatchNorm over " + channels() + " channels got input of shape "
                    + java.util.Arrays.toString(x.shape()));
        }
        float[] y = Floats.of(x);
        applyInPlace(y, (int) x.size(0));
        return Floats.tensor(y, x.shape());
    }

    /** In place over a row-major {@code [batch, C, ...]} array. */
    public void applyInPlace(float[] y, int batch) {
        int c = (int) channels();
        int per = y.length / batch / c;
        if (per * batch * c != y.length) {
            throw new IllegalArgumentException("BatchNorm over " + c + " channels got " + y.length + " values for batch "
                    + batch);
        }
        for (int b = 0; b < batch; b++) {
            for (int ch = 0; ch < c; ch++) {
                float m = meanV[ch];
                float sd = stdV[ch];
                float g = gammaV[ch];
                float be = betaV[ch];
                for (int i = (b * c + ch) * per, end = i + per; i < end; i++) {
                    y[i] = (y[i] - m) / sd * g + be;
                }
            }
        }
    }
}
