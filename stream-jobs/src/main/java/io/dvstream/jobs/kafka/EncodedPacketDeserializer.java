package io.dvstream.jobs.kafka;

import io.dvstream.jobs.packets.EncodedPacket;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads {@code dvs.events} records as {@link EncodedPacket}s: key as UTF-8 camera id, value as is,
 * plus topic, partition and offset. It never fails: decoding, and deciding what is a dead letter,
 * is the next operator's job, where a side output exists.
 */
public class EncodedPacketDeserializer implements KafkaRecordDeserializationSchema<EncodedPacket> {

    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<EncodedPacket> out) {
        String camera = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        out.collect(new EncodedPacket(camera, record.value(), record.topic(), record.partition(), record.offset()));
    }

    @Override
    public TypeInformation<EncodedPacket> getProducedType() {
        return EncodedPacket.TYPE;
    }
}
