package io.dvstream.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvstream.broker.junit.KafkaBootstrap;
import io.dvstream.broker.junit.TestBroker;
import io.dvstream.broker.junit.WithKafkaBroker;
import io.dvstream.events.wire.Topics;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Runs against whichever broker {@link io.dvstream.broker.junit.KafkaBrokerExtension} chose. */
@WithKafkaBroker
class KafkaRoundTripITCase {

    @Test
    void shouldHaveTheDvstreamTopics(@KafkaBootstrap String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Set<String> names = admin.listTopics().names().get();

            assertThat(names).contains("dvs.events", "dvs.gestures", "dvs.deadletter", "dvs.labels");
            assertThat(Topics.ALL).containsExactly("dvs.events", "dvs.gestures", "dvs.deadletter", "dvs.labels");
        }
    }

    @Test
    void shouldKeepExistingTopicsWhenCreatingThemAgain(TestBroker broker) {
        Map<String, Integer> again = new TopicAdmin(broker.bootstrapServers()).createDvstreamTopics(7);

        assertThat(again).containsOnlyKeys(Topics.ALL);
        // Existing topics keep their partitions: the extension created them with 2 (unless external).
        if (broker.kind() != TestBroker.Kind.EXTERNAL) {
            assertThat(again.values()).containsOnly(2);
        }
    }

    @Test
    void shouldConsumeWhatAnIdempotentProducerWrote(@KafkaBootstrap String bootstrap) throws Exception {
        String camera = "camera-" + UUID.randomUUID();
        RecordMetadata written;
        try (KafkaProducer<String, String> producer = KafkaClients.idempotentProducer(bootstrap)) {
            written = KafkaClients.send(producer, Topics.EVENTS, camera, "packet-1");
        }

        List<ConsumerRecord<String, String>> read = KafkaClients.readUntil(bootstrap, "read_uncommitted",
                new TopicPartition(Topics.EVENTS, written.partition()), written.offset(),
                r -> r.key().equals(camera));

        assertThat(read).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo(camera);
            assertThat(r.value()).isEqualTo("packet-1");
            assertThat(r.offset()).isEqualTo(written.offset());
        });
    }

    @Test
    void shouldShowOnlyCommittedTransactionsToReadCommittedConsumers(@KafkaBootstrap String bootstrap)
            throws Exception {
        String camera = "camera-" + UUID.randomUUID();
        RecordMetadata aborted;
        try (KafkaProducer<String, String> producer =
                     KafkaClients.transactionalProducer(bootstrap, "tx-" + camera)) {
            producer.beginTransaction();
            aborted = KafkaClients.send(producer, Topics.GESTURES, camera, "aborted");
            producer.abortTransaction();
            producer.beginTransaction();
            KafkaClients.send(producer, Topics.GESTURES, camera, "committed");
            producer.commitTransaction();
        }
        TopicPartition partition = new TopicPartition(Topics.GESTURES, aborted.partition());

        List<String> committedView = valuesOf(camera, KafkaClients.readUntil(bootstrap, "read_committed",
                partition, aborted.offset(), r -> "committed".equals(r.value()) && camera.equals(r.key())));
        List<String> uncommittedView = valuesOf(camera, KafkaClients.readUntil(bootstrap, "read_uncommitted",
                partition, aborted.offset(), r -> "committed".equals(r.value()) && camera.equals(r.key())));

        assertThat(committedView).containsExactly("committed");
        assertThat(uncommittedView).containsExactly("aborted", "committed");
    }

    private static List<String> valuesOf(String key, List<ConsumerRecord<String, String>> records) {
        return records.stream().filter(r -> key.equals(r.key())).map(ConsumerRecord::value).toList();
    }
}
