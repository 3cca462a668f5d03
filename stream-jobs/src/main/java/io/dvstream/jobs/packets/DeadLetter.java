package io.dvstream.jobs.packets;

import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * A record of {@code dvs.events} that could not be decoded: which camera sent it (null when the
 * record had no key), why it was rejected and where it sits in Kafka, so it can be fetched again.
 *
 * <p>A Flink POJO; {@link #TYPE} is its type information.
 */
public class DeadLetter {

    public static final TypeInformation<DeadLetter> TYPE = Types.POJO(DeadLetter.class);

    /** Kind of a record without a key (the wire format's own kinds are in WireFormatException.Kind). */
    public static final String MISSING_KEY = "MISSING_KEY";

    public String cameraId;
    /** The cause class: a {@code WireFormatException.Kind} name, or {@link #MISSING_KEY}. */
    public String kind;
    /** Human-readable reason, with the byte offset where decoding failed. */
    public String reason;
    public String topic;
    public int partition;
    public long offset;
    /** Size of the rejected value in bytes (-1 for a null value). */
    public int valueBytes;

    public DeadLetter() {
    }

    public DeadLetter(String cameraId, String kind, String reason, String topic, int partition, long offset, int valueBytes) {
        this.cameraId = cameraId;
        this.kind = kind;
        this.reason = reason;
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.valueBytes = valueBytes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeadLetter d && Objects.equals(cameraId, d.cameraId) && Objects.equals(kind, d.kind)
                && Objects.equals(reason, d.reason) && Objects.equals(topic, d.topic) && partition == d.partition
                && offset == d.offset && valueBytes == d.valueBytes;
    }

    @Override
    public int hashCode() {
        return Objects.hash(cameraId, kind, reason, topic, partition, offset, valueBytes);
    }

    @Override
    public String toString() {
        return "DeadLetter{camera=" + cameraId + ", " + kind + ": " + reason + ", " + topic + "-" + partition + "@" + offset + "}";
    }
}
