package io.dvstream.model;

import java.util.Arrays;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The membrane {@code V} of one LIF layer (docs/ds2ta-spec.md section 3), float32, any shape (the
 * layer's output shape, batch first). A value: {@link Lif#step} never modifies the state it is
 * given and returns a new one, so a state can be kept, serialised and replayed.
 */
public record LifState(INDArray membrane) {

    public LifState {
        Objects.requireNonNull(membrane, "membrane");
        if (membrane.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("membrane must be FLOAT, got " + membrane.dataType());
        }
    }

    /** The resting state: {@code V = 0} everywhere (a stream's first step, or a reset). */
    public static LifState zeros(long... shape) {
        return new LifState(Nd4j.zeros(DataType.FLOAT, shape));
    }

    /** A state from row-major values, as {@link #toFloatArray()} returns them. */
    public static LifState of(float[] values, long... shape) {
        long n = Arrays.stream(shape).reduce(1, Math::multiplyExact);
        if (n != values.length) {
            throw new IllegalArgumentException("membrane shape " + Arrays.toString(shape) + " holds " + n
                    + " values but " + values.length + " were given");
        }
        return new LifState(Nd4j.create(values.clone(), shape, 'c'));
    }

    /** The membrane shape. */
    public long[] shape() {
        return membrane.shape();
    }

    /** The membrane values, row-major: the compact form for checkpointed state. */
    public float[] toFloatArray() {
        return membrane.dup('c').data().asFloat();
    }
}
