package io.dvstream.jobs.kafka;

import io.dvstream.jobs.binning.SparseFrame;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes a frame as its JSON summary ({@link JsonRecords#frameSummary}), key = camera id. */
public class FrameSummarySchema implements KafkaRecordSerializationSchema<SparseFrame> {

    private static final long serialVersionUID = 1L;

    private final String topic;

    public FrameSummarySchema(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(SparseFrame frame, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(topic, frame.cameraId.getBytes(StandardCharsets.UTF_8), JsonRecords.frameSummary(frame));
    }
}
