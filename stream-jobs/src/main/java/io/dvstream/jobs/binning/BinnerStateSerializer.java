package io.dvstream.jobs.binning;

import io.dvstream.events.binning.BinnerState;
import io.dvstream.events.binning.SparseCounts;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink serializer of a camera's {@link BinnerState} (keyed state of the binning operator).
 *
 * <p>Layout (version 1): started (boolean), frameStartUs, frameIndex (long), eventsInFrame (int),
 * lastEventUs, restarts (long), n (int), then n cell indices (int) and n counts (float) of the open
 * frame. A 10 ms DVS frame holds a few hundred cells, so a camera's state is a few kilobytes at most.
 * Changing the layout means a new snapshot version with a migration.
 */
public final class BinnerStateSerializer extends TypeSerializerSingleton<BinnerState> {

    private static final long serialVersionUID = 1L;

    public static final BinnerStateSerializer INSTANCE = new BinnerStateSerializer();

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public BinnerState createInstance() {
        return BinnerState.INITIAL;
    }

    @Override
    public BinnerState copy(BinnerState from) {
        return from;
    }

    @Override
    public BinnerState copy(BinnerState from, BinnerState reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(BinnerState s, DataOutputView out) throws IOException {
        out.writeBoolean(s.started());
        out.writeLong(s.frameStartUs());
        out.writeLong(s.frameIndex());
        out.writeInt(s.eventsInFrame());
        out.writeLong(s.lastEventUs());
        out.writeLong(s.restarts());
        SparseCounts open = s.openFrame();
        int n = open.size();
        out.writeInt(n);
        int[] cells = open.cells();
        float[] values = open.values();
        for (int i = 0; i < n; i++) {
            out.writeInt(cells[i]);
        }
        for (int i = 0; i < n; i++) {
            out.writeFloat(values[i]);
        }
    }

    @Override
    public BinnerState deserialize(DataInputView in) throws IOException {
        boolean started = in.readBoolean();
        long frameStartUs = in.readLong();
        long frameIndex = in.readLong();
        int eventsInFrame = in.readInt();
        long lastEventUs = in.readLong();
        long restarts = in.readLong();
        int n = in.readInt();
        int[] cells = new int[n];
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            cells[i] = in.readInt();
        }
        for (int i = 0; i < n; i++) {
            values[i] = in.readFloat();
        }
        return new BinnerState(started, frameStartUs, frameIndex, eventsInFrame, lastEventUs, restarts,
                SparseCounts.of(cells, values));
    }

    @Override
    public BinnerState deserialize(BinnerState reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        out.write(in, 1 + 8 + 8 + 4 + 8 + 8);
        int n = in.readInt();
        out.writeInt(n);
        out.write(in, n * 8);
    }

    @Override
    public TypeSerializerSnapshot<BinnerState> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Version 1 of the layout above. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<BinnerState> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
