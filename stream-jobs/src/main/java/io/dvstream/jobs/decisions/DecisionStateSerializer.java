package io.dvstream.jobs.decisions;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink serializer of {@link DecisionState}. Layout (version 1, 56 bytes): stream (long), active
 * (int), activeStartUs, activeLastEndUs (long), activePeak (double), offStreak, candidate,
 * candidateStreak (int), candidateStartUs (long). A new layout needs a new snapshot version.
 */
public final class DecisionStateSerializer extends TypeSerializerSingleton<DecisionState> {

    private static final long serialVersionUID = 1L;
    private static final int LENGTH = 8 + 4 + 8 + 8 + 8 + 4 + 4 + 4 + 8;

    public static final DecisionStateSerializer INSTANCE = new DecisionStateSerializer();

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public DecisionState createInstance() {
        return DecisionState.INITIAL;
    }

    @Override
    public DecisionState copy(DecisionState from) {
        return from;
    }

    @Override
    public DecisionState copy(DecisionState from, DecisionState reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return LENGTH;
    }

    @Override
    public void serialize(DecisionState s, DataOutputView out) throws IOException {
        out.writeLong(s.stream());
        out.writeInt(s.active());
        out.writeLong(s.activeStartUs());
        out.writeLong(s.activeLastEndUs());
        out.writeDouble(s.activePeak());
        out.writeInt(s.offStreak());
        out.writeInt(s.candidate());
        out.writeInt(s.candidateStreak());
        out.writeLong(s.candidateStartUs());
    }

    @Override
    public DecisionState deserialize(DataInputView in) throws IOException {
        return new DecisionState(in.readLong(), in.readInt(), in.readLong(), in.readLong(), in.readDouble(), in.readInt(),
                in.readInt(), in.readInt(), in.readLong());
    }

    @Override
    public DecisionState deserialize(DecisionState reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        out.write(in, LENGTH);
    }

    @Override
    public TypeSerializerSnapshot<DecisionState> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Version 1 of the layout above. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<DecisionState> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
