package io.dvstream.jobs.kafka;

import io.dvstream.jobs.packets.DeadLetter;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes a dead letter as JSON ({@link JsonRecords#deadLetter}), key = camera id (none if the record had none). */
public class DeadLetterSchema implements KafkaRecordSerializationSchema<DeadLetter> {

    private static final long serialVersionUID = 1L;

    private final String topic;

    public DeadLetterSchema(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(DeadLetter letter, KafkaSinkContext context, Long timestamp) {
        byte[] key = letter.cameraId == null ? null : letter.cameraId.getBytes(StandardCharsets.UTF_8);
        return new ProducerRecord<>(topic, key, JsonRecords.deadLetter(letter));
    }
}
