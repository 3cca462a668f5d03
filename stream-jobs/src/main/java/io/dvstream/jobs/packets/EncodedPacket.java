package io.dvstream.jobs.packets;

import java.util.Arrays;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * A Kafka record of {@code dvs.events} as it arrived, not yet decoded: the camera id (record key,
 * UTF-8; null when the record had no key), the wire-format value and where it came from. Decoding
 * happens in {@link PacketDecodeFunction}, which can route a bad record to the dead letters with
 * its position.
 *
 * <p>A Flink POJO (public fields, no-arg constructor); {@link #TYPE} is its type information.
 */
public class EncodedPacket {

    public static final TypeInformation<EncodedPacket> TYPE = Types.POJO(EncodedPacket.class);

    public String cameraId;
    public byte[] value;
    public String topic;
    public int partition;
    public long offset;

    public EncodedPacket() {
    }

    public EncodedPacket(String cameraId, byte[] value, String topic, int partition, long offset) {
        this.cameraId = cameraId;
        this.value = value;
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EncodedPacket e && Objects.equals(cameraId, e.cameraId) && Arrays.equals(value, e.value)
                && Objects.equals(topic, e.topic) && partition == e.partition && offset == e.offset;
    }

    @Override
    public int hashCode() {
        return Objects.hash(cameraId, topic, partition, offset) * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "EncodedPacket{camera=" + cameraId + ", " + (value == null ? "null" : value.length + " bytes")
                + ", " + topic + "-" + partition + "@" + offset + "}";
    }
}
