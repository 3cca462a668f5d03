package io.dvstream.jobs.packets;

import io.dvstream.events.EventPacket;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** The Flink type of {@link EventPacket}: serialized by {@link EventPacketSerializer}, never by Kryo. */
public final class EventPacketTypeInfo extends TypeInformation<EventPacket> {

    private static final long serialVersionUID = 1L;

    public static final EventPacketTypeInfo INSTANCE = new EventPacketTypeInfo();

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<EventPacket> getTypeClass() {
        return EventPacket.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<EventPacket> createSerializer(SerializerConfig config) {
        return EventPacketSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "EventPacket";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EventPacketTypeInfo;
    }

    @Override
    public int hashCode() {
        return EventPacketTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof EventPacketTypeInfo;
    }
}
