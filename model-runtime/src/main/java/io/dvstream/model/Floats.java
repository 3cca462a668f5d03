package io.dvstream.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Moves tensors between ND4J and plain float arrays. The elementwise parts of a step (BatchNorm,
 * LIF, TASA, the NSAD lookup) run as Java loops over row-major arrays: on small tensors each ND4J
 * op costs far more in dispatch than in arithmetic, and the loops keep the float32 order of the
 * spec's formulas explicit. ND4J does the convolutions and matrix products.
 */
final class Floats {

    private Floats() {
    }

    /** The row-major values of {@code a} (a fresh array). */
    static float[] of(INDArray a) {
        return a.dup('c').data().asFloat();
    }

    /** A row-major array as an ND4J tensor of {@code shape} (copied). */
    static INDArray tensor(float[] values, long... shape) {
        return Nd4j.create(values, shape, 'c');
    }
}
