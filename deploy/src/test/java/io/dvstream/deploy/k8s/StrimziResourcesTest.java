package io.dvstream.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvstream.deploy.checks.KafkaConfigNames;
import io.dvstream.events.wire.Topics;
import io.dvstream.jobs.GestureJobConfig;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.ProcessRoles;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Strimzi Kafka cluster and topics against the code's topics and Kafka's own config names. */
class StrimziResourcesTest {

    private static final String CLUSTER_LABEL = "strimzi.io/cluster";

    private final Kafka kafka = KubernetesManifests.only(Kafka.class);

    @Test
    void thereIsAKafkaTopicForEveryTopicTheCodeUsesAndNoOther() {
        List<KafkaTopic> topics = KubernetesManifests.ofKind(KafkaTopic.class);
        List<String> names = topics.stream()
                .map(t -> t.getSpec().getTopicName() != null ? t.getSpec().getTopicName() : t.getMetadata().getName()).toList();
        assertThat(names).containsExactlyInAnyOrderElementsOf(Topics.ALL);
        Integer brokers = KubernetesManifests.ofKind(KafkaNodePool.class).stream()
                .filter(p -> p.getSpec().getRoles().contains(ProcessRoles.BROKER)).mapToInt(p -> p.getSpec().getReplicas()).sum();
        for (KafkaTopic t : topics) {
            assertThat(t.getMetadata().getLabels()).as("topic %s", t.getMetadata().getName())
                    .containsEntry(CLUSTER_LABEL, kafka.getMetadata().getName());
            assertThat(t.getSpec().getPartitions()).isPositive();
            assertThat(t.getSpec().getReplicas()).isBetween(1, brokers);
            assertThat(KafkaConfigNames.topic()).as("topic configs of %s", t.getMetadata().getName())
                    .containsAll(t.getSpec().getConfig().keySet());
        }
    }

    @Test
    void theClusterIsKraftWithNodePoolsOfItsOwnAndTheClientsVersion() {
        List<KafkaNodePool> pools = KubernetesManifests.ofKind(KafkaNodePool.class);
        assertThat(pools).isNotEmpty();
        assertThat(pools).allSatisfy(p -> assertThat(p.getMetadata().getLabels()).containsEntry(CLUSTER_LABEL, kafka.getMetadata().getName()));
        assertThat(pools).flatExtracting(p -> p.getSpec().getRoles()).contains(ProcessRoles.CONTROLLER, ProcessRoles.BROKER);
        assertThat(kafka.getSpec().getKafka().getVersion()).isEqualTo(KafkaConfigNames.clientVersion());
    }

    @Test
    void brokerSettingsAreKafkaConfigsThatAdmitTheJobsTransactions() {
        Map<String, Object> config = kafka.getSpec().getKafka().getConfig();
        assertThat(KafkaConfigNames.broker()).containsAll(config.keySet());
        long maxTimeout = Long.parseLong(String.valueOf(config.getOrDefault("transaction.max.timeout.ms", 900000)));
        assertThat(maxTimeout).isGreaterThanOrEqualTo(GestureJobConfig.defaults("x:1").job().transactionTimeoutMs());
        assertThat(config).containsEntry("auto.create.topics.enable", false);
    }

    @Test
    void thereIsOnePlainInternalListener() {
        List<GenericKafkaListener> listeners = kafka.getSpec().getKafka().getListeners();
        assertThat(listeners).hasSize(1);
        assertThat(listeners.get(0).isTls()).isFalse();
        assertThat(listeners.get(0).getPort()).isEqualTo(9092);
    }
}
