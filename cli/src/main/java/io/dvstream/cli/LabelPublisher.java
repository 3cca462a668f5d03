package io.dvstream.cli;

import io.dvstream.events.wire.Topics;
import io.dvstream.ingest.gesture.GestureLabel;
import io.dvstream.kafka.clientconfig.KafkaClientConfig;

/**
 * Publishes the labels of a replay to {@link Topics#LABELS}: a {@link LabelFeed.Due} becomes the
 * shifted label of its pass, written by {@link io.dvstream.ingest.kafka.LabelPublisher} (which owns
 * the JSON format and the send-failure bookkeeping, shared with the simulated live camera).
 */
final class LabelPublisher implements AutoCloseable {

    private final io.dvstream.ingest.kafka.LabelPublisher publisher;

    LabelPublisher(String bootstrapServers) {
        this(bootstrapServers, KafkaClientConfig.none());
    }

    LabelPublisher(String bootstrapServers, KafkaClientConfig clients) {
        this.publisher = new io.dvstream.ingest.kafka.LabelPublisher(bootstrapServers, clients);
    }

    /** The JSON record of one label. */
    String toJson(String cameraId, LabelFeed.Due due) {
        return io.dvstream.ingest.kafka.LabelPublisher.toJson(cameraId, shifted(due), due.pass());
    }

    void publish(String cameraId, LabelFeed.Due due) {
        publisher.publish(cameraId, shifted(due), due.pass());
    }

    private static GestureLabel shifted(LabelFeed.Due due) {
        return new GestureLabel(due.label().gesture(), due.startUs(), due.endUs());
    }

    long sent() {
        return publisher.sent();
    }

    void flush() {
        publisher.flush();
    }

    @Override
    public void close() {
        publisher.close();
    }
}
