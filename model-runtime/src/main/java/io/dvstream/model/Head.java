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
    private final float[] w;          // [numClasses, D]
    private final float[] bv;         // [numClasses]

    public Head(Ds2taWeights w) {
        this.weightT = Nd4j.create(w.get("head.weight"), w.shape("head.weight"), 'c').transpose().dup('c');
        this.bias = Nd4j.create(w.get("head.bias"), new long[] {1, weightT.size(1)}, 'c');
        this.w = w.get("head.weight").clone();
        this.bv = w.get("head.bias").clone();
    }

    /** Flat {@code x = X_L(t) [b, D, n]} to logits {@code [b, numClasses]}: token mean in double, then W_h g + b_h in double. */
    public float[] apply(float[] x, int b, int d, int n) {
        int k = (int) weightT.size(1);
        float[] z = new float[b * k];
        float[] g = new float[d];
        for (int bb = 0; bb < b; bb++) {
            for (int c = 0; c < d; c++) {
                double s = 0;
                for (int t = (bb * d + c) * n, end = t + n; t < end; t++) {
                    s += x[t];
                }
                g[c] = (float) (s / n);                                  // g = mean over tokens
            }
            for (int j = 0; j < k; j++) {
                double acc = 0;
                for (int c = 0; c < d; c++) {
                    acc += (double) w[j * d + c] * g[c];
                }
                z[bb * k + j] = (float) acc + bv[j];                     // z = W_h g + b_h
            }
        }
        return z;
    }

    /** {@code x = X_L(t) [B, D, N]} to logits {@code [B, numClasses]}. */
    public INDArray apply(INDArray x) {
        INDArray g = x.mean(2);                       // [B, D]
        return g.mmul(weightT).addiRowVector(bias);   // [B, numClasses]
    }
}
