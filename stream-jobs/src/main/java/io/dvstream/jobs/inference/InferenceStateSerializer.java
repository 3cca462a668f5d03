package io.dvstream.jobs.inference;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.typeutils.CompositeTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink serializer of a camera's {@link InferenceState}, over the classifier's own state
 * serializer ({@link StepClassifier#stateSerializer()}).
 *
 * <p>Layout (version 2): stream, nextIndex, steps (long); carried (a presence flag, then the
 * classifier state); n (int) open windows, each firstStep, startUs, events (long), modelState
 * (flag and state), k (int) and k logit sums (double), firingSum, energySum (double). The model
 * state dominates: for DS2TA the membranes and TASA history (small-1-64: 557 KB). Version 1 (the
 * classifier state as opaque bytes, rewritten on every step) is not readable: a savepoint of a
 * build before the live state cannot be restored into this one. A new layout needs a new version.
 *
 * <p><b>Per-step cost and the state backends.</b> The job's default backend is the heap
 * ({@code hashmap}): {@code value()} returns the stored object and {@code update()} stores the
 * reference, so a step serialises nothing and this class runs at checkpoints only. {@link #copy} is
 * deep because the heap backend copies an entry that is read while an asynchronous snapshot still
 * holds it (copy-on-write), and the snapshot thread must see the state as of the checkpoint
 * barrier. On RocksDB every {@code value()} would deserialize and every {@code update()} serialize
 * the whole state (the per-step cost this replaced, about 557 KB each way for small-1-64): correct,
 * because the operator always writes back what it changed, but slow.
 *
 * @param <S> the classifier's per-stream state
 */
public final class InferenceStateSerializer<S> extends TypeSerializer<InferenceState<S>> {

    private static final long serialVersionUID = 2L;

    private final TypeSerializer<S> stateSerializer;

    public InferenceStateSerializer(TypeSerializer<S> stateSerializer) {
        this.stateSerializer = Objects.requireNonNull(stateSerializer, "stateSerializer");
    }

    /** The serializer of the classifier's state. */
    public TypeSerializer<S> stateSerializer() {
        return stateSerializer;
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<InferenceState<S>> duplicate() {
        TypeSerializer<S> d = stateSerializer.duplicate();
        return d == stateSerializer ? this : new InferenceStateSerializer<>(d);
    }

    @Override
    public InferenceState<S> createInstance() {
        return new InferenceState<>(0, 0, 0, null, new ArrayList<>());
    }

    /** A deep copy: the classifier states through their serializer's {@code copy}. */
    @Override
    public InferenceState<S> copy(InferenceState<S> from) {
        List<OpenWindow<S>> windows = new ArrayList<>(from.windows.size());
        for (OpenWindow<S> w : from.windows) {
            windows.add(new OpenWindow<>(w.firstStep, w.startUs, w.events, copyState(w.modelState), w.logitSum.clone(),
                    w.firingSum, w.energySum));
        }
        return new InferenceState<>(from.stream, from.nextIndex, from.steps, copyState(from.carried), windows);
    }

    @Override
    public InferenceState<S> copy(InferenceState<S> from, InferenceState<S> reuse) {
        return copy(from);
    }

    private S copyState(S s) {
        return s == null ? null : stateSerializer.copy(s);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(InferenceState<S> s, DataOutputView out) throws IOException {
        out.writeLong(s.stream);
        out.writeLong(s.nextIndex);
        out.writeLong(s.steps);
        writeState(s.carried, out);
        out.writeInt(s.windows.size());
        for (OpenWindow<S> w : s.windows) {
            out.writeLong(w.firstStep);
            out.writeLong(w.startUs);
            out.writeLong(w.events);
            writeState(w.modelState, out);
            out.writeInt(w.logitSum.length);
            for (double d : w.logitSum) {
                out.writeDouble(d);
            }
            out.writeDouble(w.firingSum);
            out.writeDouble(w.energySum);
        }
    }

    @Override
    public InferenceState<S> deserialize(DataInputView in) throws IOException {
        long stream = in.readLong();
        long nextIndex = in.readLong();
        long steps = in.readLong();
        S carried = readState(in);
        int n = in.readInt();
        List<OpenWindow<S>> windows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long firstStep = in.readLong();
            long startUs = in.readLong();
            long events = in.readLong();
            S modelState = readState(in);
            double[] sums = new double[in.readInt()];
            for (int c = 0; c < sums.length; c++) {
                sums[c] = in.readDouble();
            }
            windows.add(new OpenWindow<>(firstStep, startUs, events, modelState, sums, in.readDouble(), in.readDouble()));
        }
        return new InferenceState<>(stream, nextIndex, steps, carried, windows);
    }

    @Override
    public InferenceState<S> deserialize(InferenceState<S> reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    private void writeState(S s, DataOutputView out) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            stateSerializer.serialize(s, out);
        }
    }

    private S readState(DataInputView in) throws IOException {
        return in.readBoolean() ? stateSerializer.deserialize(in) : null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InferenceStateSerializer<?> s && stateSerializer.equals(s.stateSerializer);
    }

    @Override
    public int hashCode() {
        return stateSerializer.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<InferenceState<S>> snapshotConfiguration() {
        return new Snapshot<>(this);
    }

    /** Version 2 of the layout above, with the classifier state serializer's snapshot nested. */
    public static final class Snapshot<S> extends CompositeTypeSerializerSnapshot<InferenceState<S>, InferenceStateSerializer<S>> {

        private static final int VERSION = 2;

        /** For Flink's reflective instantiation on restore. */
        public Snapshot() {
        }

        Snapshot(InferenceStateSerializer<S> serializer) {
            super(serializer);
        }

        @Override
        protected int getCurrentOuterSnapshotVersion() {
            return VERSION;
        }

        @Override
        protected TypeSerializer<?>[] getNestedSerializers(InferenceStateSerializer<S> outer) {
            return new TypeSerializer<?>[] {outer.stateSerializer};
        }

        @Override
        @SuppressWarnings("unchecked")
        protected InferenceStateSerializer<S> createOuterSerializerWithNestedSerializers(TypeSerializer<?>[] nested) {
            return new InferenceStateSerializer<>((TypeSerializer<S>) nested[0]);
        }
    }
}
