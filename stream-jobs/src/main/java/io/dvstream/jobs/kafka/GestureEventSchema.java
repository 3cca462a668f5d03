package io.dvstream.jobs.kafka;

import io.dvstream.jobs.decisions.GestureEvent;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes a gesture event as JSON ({@link GestureEventJson}), key = camera id, so a camera's records stay in order. */
public class GestureEventSchema implements KafkaRecordSerializationSchema<GestureEvent> {

    private static final long serialVersionUID = 1L;

    private final String topic;

    public GestureEventSchema(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(GestureEvent event, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(topic, event.camera().getBytes(StandardCharsets.UTF_8), GestureEventJson.write(event));
    }
}
