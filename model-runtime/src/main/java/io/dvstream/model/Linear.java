package io.dvstream.model;

import io.dvstream.model.weights.Ds2taWeights;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A 1x1 (per-token) linear map over channels, docs/ds2ta-spec.md section 4.3:
 * <pre>
 *   z[b, o, n] = sum_i W[o, i] * x[b, i, n]  (+ bias[o])       W [out, in], x [B, in, N]
 * </pre>
 * The B streams are laid side by side as {@code [in, B*N]} so that one GEMM serves the batch.
 * The weight keeps the file's {@code [out, in]} layout.
 */
public final class Linear {

    private final INDArray weight;   // [out, in]
    private final INDArray bias;     // [out, 1] or null (q, k, v have no bias)

    private final float[] biasV;     // [out] or null
    private final Accumulation accumulation;
    private final SparseAccumulator sparse;

    /** The tensor {@code name.weight}, and {@code name.bias} when {@code withBias}; dense. */
    public Linear(Ds2taWeights w, String name, boolean withBias) {
        this(w, name, withBias, Accumulation.DENSE);
    }

    /** As above, with the given {@link Accumulation}. */
    public Linear(Ds2taWeights w, String name, boolean withBias, Accumulation accumulation) {
        this.weight = Nd4j.create(w.get(name + ".weight"), w.shape(name + ".weight"), 'c');
        this.bias = withBias ? Nd4j.create(w.get(name + ".bias"), new long[] {weight.size(0), 1}, 'c') : null;
        this.biasV = withBias ? w.get(name + ".bias").clone() : null;
        this.accumulation = accumulation;
        this.sparse = accumulation == Accumulation.DENSE ? null
                : new SparseAccumulator(w.get(name + ".weight"), (int) weight.size(0), (int) weight.size(1), 1);
    }

    public long inChannels() {
        return weight.size(1);
    }

    public long outChannels() {
        return weight.size(0);
    }

    /** The weight {@code [out, in]} (shared, do not modify). */
    INDArray weight() {
        return weight;
    }

    /** The bias {@code [out, 1]}, or null. */
    INDArray bias() {
        return bias;
    }

    /** Row-major {@code x [b, in, n]} to a new {@code [b, out, n]}. */
    public float[] apply(float[] x, int b, int n) {
        int in = (int) inChannels();
        int out = (int) outChannels();
        float[] z;
        if (accumulation == Accumulation.SPARSE
                || accumulation == Accumulation.AUTO && SparseAccumulator.density(x) <= Accumulation.AUTO_MAX_DENSITY) {
            z = sparse.apply(x, b, 1, n);
        } else if (b == 1) {
            z = Floats.of(weight.mmul(Nd4j.create(x, new long[] {in, n}, 'c')));
        } else {
            float[] cols = new float[x.length];                           // [in][b*n]
            for (int bb = 0; bb < b; bb++) {
                for (int i = 0; i < in; i++) {
                    System.arraycopy(x, (bb * in + i) * n, cols, (i * b + bb) * n, n);
                }
            }
            float[] zc = Floats.of(weight.mmul(Nd4j.create(cols, new long[] {in, (long) b * n}, 'c')));   // [out][b*n]
            z = new float[b * out * n];
            for (int o = 0; o < out; o++) {
                for (int bb = 0; bb < b; bb++) {
                    System.arraycopy(zc, (o * b + bb) * n, z, (bb * out + o) * n, n);
                }
            }
        }
        if (biasV != null) {
            for (int bb = 0; bb < b; bb++) {
                for (int o = 0; o < out; o++) {
                    float bo = biasV[o];
                    for (int i = (bb * out + o) * n, end = i + n; i < end; i++) {
                        z[i] += bo;
                    }
                }
            }
        }
        return z;
    }

    /** {@code x [B, in, N]} to {@code [B, out, N]}. */
    public INDArray apply(INDArray x) {
        if (x.rank() != 3 || x.size(1) != inChannels()) {
            throw new IllegalArgumentException("linear with " + inChannels() + " inputs got input of shape "
                    + Arrays.toString(x.shape()) + ", expected [B, " + inChannels() + ", N]");
        }
        long b = x.size(0);
        long n = x.size(2);
        if (accumulation == Accumulation.SPARSE
                || accumulation == Accumulation.AUTO && SparseAccumulator.density(x) <= Accumulation.AUTO_MAX_DENSITY) {
            INDArray z = sparse.apply(x, 1, (int) n).reshape('c', b, outChannels(), n);   // [B, out, N], event-driven
            if (bias != null) {
                Nd4j.exec(new BroadcastAddOp(z, bias.reshape(outChannels()), z, 1));
            }
            return z;
        }
        if (b == 1) {                                                                    // no permutes needed
            INDArray z = weight.mmul(x.reshape('c', inChannels(), n));                   // [out, N]
            if (bias != null) {
                z.addiColumnVector(bias);
            }
            return z.reshape('c', 1, outChannels(), n);
        }
        INDArray cols = x.permute(1, 0, 2).dup('c').reshape('c', inChannels(), b * n);   // [in, B*N]
        INDArray z = weight.mmul(cols);                                                  // [out, B*N]
        if (bias != null) {
            z.addiColumnVector(bias);
        }
        return z.reshape('c', outChannels(), b, n).permute(1, 0, 2).dup('c');           // [B, out, N]
    }
}
