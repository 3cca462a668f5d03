package io.dvstream.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvstream.events.wire.Topics;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/** The same round trip against the official image; skipped (not failed) where there is no Docker. */
@Testcontainers(disabledWithoutDocker = true)
class ContainerRoundTripITCase {

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.2.0");

    @Test
    void shouldCreateTopicsAndConsumeWhatWasProduced() throws Exception {
        String bootstrap = KAFKA.getBootstrapServers();
        Map<String, Integer> topics = new TopicAdmin(bootstrap).createDvstreamTopics(2);
        assertThat(topics).containsOnlyKeys(Topics.ALL);

        RecordMetadata written;
        try (KafkaProducer<String, String> producer = KafkaClients.idempotentProducer(bootstrap)) {
            written = KafkaClients.send(producer, Topics.EVENTS, "camera-1", "packet-1");
        }
        List<ConsumerRecord<String, String>> read = KafkaClients.readUntil(bootstrap, "read_committed",
                new TopicPartition(Topics.EVENTS, written.partition()), written.offset(), r -> true);

        assertThat(read).extracting(ConsumerRecord::value).containsExactly("packet-1");
    }
}
