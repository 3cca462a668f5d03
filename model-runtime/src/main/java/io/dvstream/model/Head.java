package io.dvstream.model;

import io.dvstream.model.weights.Ds2taWeights;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The classification head (docs/ds2ta-spec.md section 4.4), per step:
 * <pre>
 *   g(t) = mean over tokens of X_L(t)      [B, D]
 *   z(t) = W_h g(t) + b_h                  [B, numClasses]
 * </pre>
 */
public final class Head {

    private final INDArray weightT;   // [D, numClasses] = W_h^T
    private final INDArray bias;      // [1, numClasses]

    public Head(Ds2taWeights w) {
        this.weightT = Nd4j.create(w.get("head.weight"), w.shape("head.weight"), 'c').transpose().dup('c');
        this.bias = Nd4j.create(w.get("head.bias"), new long[] {1, weightT.size(1)}, 'c');
    }

    /** {@code x = X_L(t) [B, D, N]} to logits {@code [B, numClasses]}. */
    public INDArray apply(INDArray x) {
        INDArray g = x.mean(2);                       // [B, D]
        return g.mmul(weightT).addiRowVector(bias);   // [B, numClasses]
    }
}
