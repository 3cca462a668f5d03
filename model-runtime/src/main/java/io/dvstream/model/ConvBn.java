package io.dvstream.model;

import io.dvstream.model.weights.Ds2taWeights;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code Conv3}: a 3x3 convolution, stride 1, padding 1, no bias, followed by {@link BatchNorm}
 * (docs/ds2ta-spec.md sections 2 and 4.1). Weights keep the file's layout {@code [out, in, 3, 3]}
 * (ND4J's OIYX), so nothing is transposed.
 */
public final class ConvBn {

    private static final Conv2DConfig CONV = Conv2DConfig.builder()
            .kH(3).kW(3).sH(1).sW(1).pH(1).pW(1).dH(1).dW(1)
            .paddingMode(PaddingMode.VALID)   // explicit padding pH = pW = 1
            .dataFormat("NCHW")
            .weightsFormat(WeightsFormat.OIYX)
            .build();

    private final INDArray weight;   // [C_out, C_in, 3, 3]
    private final BatchNorm bn;
    private final Accumulation accumulation;
    private final SparseAccumulator sparse;

    /** The conv {@code convName} and the BatchNorm under {@code bnPrefix}, dense. */
    public ConvBn(Ds2taWeights w, String convName, String bnPrefix, float eps) {
        this(w, convName, bnPrefix, eps, Accumulation.DENSE);
    }

    /** As above, with the given {@link Accumulation}. */
    public ConvBn(Ds2taWeights w, String convName, String bnPrefix, float eps, Accumulation accumulation) {
        this.weight = Nd4j.create(w.get(convName), w.shape(convName), 'c');
        this.bn = new BatchNorm(w, bnPrefix, eps);
        this.accumulation = accumulation;
        long[] s = w.shape(convName);
        this.sparse = accumulation == Accumulation.DENSE ? null
                : new SparseAccumulator(w.get(convName), (int) s[0], (int) s[1], 3);
    }

    public long inChannels() {
        return weight.size(1);
    }

    public long outChannels() {
        return weight.size(0);
    }

    /** Row-major {@code x [b, C_in, h, w]} to a new {@code [b, C_out, h, w]}. */
    public float[] apply(float[] x, int b, int h, int w) {
        boolean event = accumulation == Accumulation.SPARSE
                || accumulation == Accumulation.AUTO && SparseAccumulator.density(x) <= Accumulation.AUTO_MAX_DENSITY;
        float[] z = event
                ? sparse.apply(x, b, h, w)
                : Floats.of(Nd4j.cnn().conv2d(Nd4j.create(x, new long[] {b, inChannels(), h, w}, 'c'), weight, CONV));
        bn.applyInPlace(z, b);
        return z;
    }

    /** {@code x [B, C_in, H, W]} to {@code [B, C_out, H, W]}. */
    public INDArray apply(INDArray x) {
        if (x.rank() != 4 || x.size(1) != inChannels()) {
            throw new IllegalArgumentException("Conv3 with " + inChannels() + " input channels got input of shape "
                    + java.util.Arrays.toString(x.shape()) + ", expected [B, " + inChannels() + ", H, W]");
        }
        boolean event = accumulation == Accumulation.SPARSE
                || accumulation == Accumulation.AUTO && SparseAccumulator.density(x) <= Accumulation.AUTO_MAX_DENSITY;
        INDArray z = event
                ? sparse.apply(x, (int) x.size(2), (int) x.size(3))   // [B, C_out, H, W], event-driven
                : Nd4j.cnn().conv2d(x, weight, CONV);                 // [B, C_out, H, W]
        return bn.apply(z);
    }
}
