package io.dvstream.jobs.packets;

import io.dvstream.events.EventPacket;
import io.dvstream.events.sensor.SensorGeometry;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink serializer of {@link EventPacket}, so packets cross the keyBy without Kryo.
 *
 * <p>Layout (version 1): camera id (UTF), sensor name (UTF), width, height (int), sequence,
 * dropped events (long), n (int), then the columns: n longs of time, n shorts of x, n shorts of y,
 * n bytes of polarity. About 13 bytes per event: the network between two local subtasks is not the
 * bottleneck, and unlike the wire codec this costs no bit fiddling. Changing the layout means a new
 * snapshot version.
 */
public final class EventPacketSerializer extends TypeSerializerSingleton<EventPacket> {

    private static final long serialVersionUID = 1L;

    public static final EventPacketSerializer INSTANCE = new EventPacketSerializer();

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public EventPacket createInstance() {
        return new EventPacket("unknown", SensorGeometry.DVS128, 0);
    }

    @Override
    public EventPacket copy(EventPacket from) {
        return from.copy();
    }

    @Override
    public EventPacket copy(EventPacket from, EventPacket reuse) {
        return from.copy();
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(EventPacket p, DataOutputView out) throws IOException {
        out.writeUTF(p.cameraId());
        SensorGeometry s = p.sensor();
        out.writeUTF(s.name());
        out.writeInt(s.width());
        out.writeInt(s.height());
        out.writeLong(p.sequence());
        out.writeLong(p.droppedEvents());
        int n = p.size();
        out.writeInt(n);
        long[] t = p.tUsArray();
        short[] x = p.xArray();
        short[] y = p.yArray();
        byte[] pol = p.polarityArray();
        for (int i = 0; i < n; i++) {
            out.writeLong(t[i]);
        }
        for (int i = 0; i < n; i++) {
            out.writeShort(x[i]);
        }
        for (int i = 0; i < n; i++) {
            out.writeShort(y[i]);
        }
        out.write(pol, 0, n);
    }

    @Override
    public EventPacket deserialize(DataInputView in) throws IOException {
        String camera = in.readUTF();
        SensorGeometry sensor = new SensorGeometry(in.readUTF(), in.readInt(), in.readInt());
        long sequence = in.readLong();
        long dropped = in.readLong();
        int n = in.readInt();
        long[] t = new long[n];
        short[] x = new short[n];
        short[] y = new short[n];
        byte[] pol = new byte[n];
        for (int i = 0; i < n; i++) {
            t[i] = in.readLong();
        }
        for (int i = 0; i < n; i++) {
            x[i] = in.readShort();
        }
        for (int i = 0; i < n; i++) {
            y[i] = in.readShort();
        }
        in.readFully(pol, 0, n);
        EventPacket p = new EventPacket(camera, sensor, n);
        for (int i = 0; i < n; i++) {
            p.append(t[i], x[i], y[i], pol[i] == EventPacket.ON);
        }
        p.setSequence(sequence);
        p.setDroppedEvents(dropped);
        return p;
    }

    @Override
    public EventPacket deserialize(EventPacket reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        out.writeUTF(in.readUTF());
        out.writeUTF(in.readUTF());
        out.writeInt(in.readInt());
        out.writeInt(in.readInt());
        out.writeLong(in.readLong());
        out.writeLong(in.readLong());
        int n = in.readInt();
        out.writeInt(n);
        out.write(in, n * 13);
    }

    @Override
    public TypeSerializerSnapshot<EventPacket> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Version 1 of the layout above. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<EventPacket> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
