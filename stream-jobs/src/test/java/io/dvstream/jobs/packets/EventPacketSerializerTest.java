package io.dvstream.jobs.packets;

import io.dvstream.events.EventPacket;
import io.dvstream.events.sensor.SensorGeometry;
import io.dvstream.jobs.CameraPackets;
import java.util.Random;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Flink's serializer contract (copy, round trips, snapshot and restore, duplicate) for packets. */
class EventPacketSerializerTest extends SerializerTestBase<EventPacket> {

    @Override
    protected TypeSerializer<EventPacket> createSerializer() {
        return EventPacketSerializer.INSTANCE;
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<EventPacket> getTypeClass() {
        return EventPacket.class;
    }

    @Override
    protected EventPacket[] getTestData() {
        Random rnd = new Random(5);
        EventPacket empty = new EventPacket("empty-camera", SensorGeometry.DAVIS346, 0);
        empty.setSequence(3);
        empty.setDroppedEvents(1_000);
        EventPacket custom = new EventPacket("custom", SensorGeometry.custom(304, 240));
        custom.append(1, 303, 239, true);
        EventPacket big = new EventPacket("big", SensorGeometry.DVS128, 5_000);
        long t = Long.MAX_VALUE - 10_000;
        for (int i = 0; i < 5_000; i++) {
            big.append(t++, rnd.nextInt(128), rnd.nextInt(128), rnd.nextBoolean());
        }
        big.setSequence(Long.MAX_VALUE);
        return new EventPacket[] {
            CameraPackets.packet(CameraPackets.CAMERA_A, 0, CameraPackets.T0, 1, 2, 1, CameraPackets.T0 + 5, 127, 0, 0),
            empty, custom, big,
            CameraPackets.packet("kamera-ü", 7, 0, 0, 0, 1),
        };
    }
}
