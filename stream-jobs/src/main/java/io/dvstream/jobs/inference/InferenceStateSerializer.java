package io.dvstream.jobs.inference;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink serializer of a camera's {@link InferenceState}.
 *
 * <p>Layout (version 1): stream, nextIndex, steps (long); carried (bytes); n (int) open windows,
 * each firstStep, startUs, events (long), modelState (bytes), k (int) and k logit sums (double),
 * firingSum, energySum (double). "bytes" is a length (int, -1 for null) and the bytes. The model
 * state dominates: its size is whatever the classifier's state is (for DS2TA the membranes and TASA
 * history). A new layout needs a new snapshot version.
 */
public final class InferenceStateSerializer extends TypeSerializerSingleton<InferenceState> {

    private static final long serialVersionUID = 1L;

    public static final InferenceStateSerializer INSTANCE = new InferenceStateSerializer();

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public InferenceState createInstance() {
        return new InferenceState(0, 0, 0, null, new ArrayList<>());
    }

    @Override
    public InferenceState copy(InferenceState from) {
        return from.copy();
    }

    @Override
    public InferenceState copy(InferenceState from, InferenceState reuse) {
        return from.copy();
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(InferenceState s, DataOutputView out) throws IOException {
        out.writeLong(s.stream);
        out.writeLong(s.nextIndex);
        out.writeLong(s.steps);
        writeBytes(s.carried, out);
        out.writeInt(s.windows.size());
        for (OpenWindow w : s.windows) {
            out.writeLong(w.firstStep);
            out.writeLong(w.startUs);
            out.writeLong(w.events);
            writeBytes(w.modelState, out);
            out.writeInt(w.logitSum.length);
            for (double d : w.logitSum) {
                out.writeDouble(d);
            }
            out.writeDouble(w.firingSum);
            out.writeDouble(w.energySum);
        }
    }

    @Override
    public InferenceState deserialize(DataInputView in) throws IOException {
        long stream = in.readLong();
        long nextIndex = in.readLong();
        long steps = in.readLong();
        byte[] carried = readBytes(in);
        int n = in.readInt();
        List<OpenWindow> windows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long firstStep = in.readLong();
            long startUs = in.readLong();
            long events = in.readLong();
            byte[] modelState = readBytes(in);
            double[] sums = new double[in.readInt()];
            for (int c = 0; c < sums.length; c++) {
                sums[c] = in.readDouble();
            }
            windows.add(new OpenWindow(firstStep, startUs, events, modelState, sums, in.readDouble(), in.readDouble()));
        }
        return new InferenceState(stream, nextIndex, steps, carried, windows);
    }

    @Override
    public InferenceState deserialize(InferenceState reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    private static void writeBytes(byte[] b, DataOutputView out) throws IOException {
        if (b == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(b.length);
            out.write(b);
        }
    }

    private static byte[] readBytes(DataInputView in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }

    @Override
    public TypeSerializerSnapshot<InferenceState> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Version 1 of the layout above. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<InferenceState> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
