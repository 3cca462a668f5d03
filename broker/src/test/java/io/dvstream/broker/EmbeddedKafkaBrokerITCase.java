package io.dvstream.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvstream.events.wire.Topics;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker's own life cycle: storage reuse, clean-up, port conflicts. Starts its own brokers. */
class EmbeddedKafkaBrokerITCase {

    @Test
    void shouldKeepRecordsAcrossRestartOnTheSameDataDir(@TempDir Path dataDir) throws Exception {
        BrokerConfig config = BrokerConfig.defaults().withDataDir(dataDir).withTopicPartitions(1);
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(config).start();
             KafkaProducer<String, String> producer = KafkaClients.idempotentProducer(broker.bootstrapServers())) {
            for (int i = 0; i < 3; i++) {
                KafkaClients.send(producer, Topics.EVENTS, "camera-1", "packet-" + i);
            }
        }
        assertThat(dataDir.resolve("meta.properties")).exists();

        try (EmbeddedKafkaBroker restarted = new EmbeddedKafkaBroker(config).start()) {
            List<ConsumerRecord<String, String>> read = KafkaClients.readUntil(restarted.bootstrapServers(),
                    "read_committed", new TopicPartition(Topics.EVENTS, 0), 0, r -> r.value().equals("packet-2"));

            assertThat(read).extracting(ConsumerRecord::value).containsExactly("packet-0", "packet-1", "packet-2");
            assertThat(restarted.createTopics(5)).containsExactly(
                    Map.entry("dvs.events", 1), Map.entry("dvs.gestures", 1), Map.entry("dvs.deadletter", 1),
                    Map.entry("dvs.labels", 1));
        }
    }

    @Test
    void shouldDeleteTemporaryDataDirOnCloseAndCloseOnlyOnce() throws Exception {
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(BrokerConfig.defaults()).start();
        Path dataDir = broker.dataDir();
        assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + broker.port());
        assertThat(broker.startupTime()).isPositive();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            assertThat(admin.describeTopics(Topics.ALL).allTopicNames().get().get(Topics.EVENTS).partitions())
                    .hasSize(BrokerConfig.DEFAULT_TOPIC_PARTITIONS);
        }

        broker.close();
        broker.close();

        assertThat(broker.isRunning()).isFalse();
        assertThat(Files.exists(dataDir)).isFalse();
        assertThatThrownBy(broker::bootstrapServers).isInstanceOf(IllegalStateException.class)
                .hasMessage("the broker is CLOSED; call start() first");
    }

    @Test
    void shouldNameTheTakenPort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(BrokerConfig.defaults().withPort(port));

            assertThatThrownBy(broker::start)
                    .isInstanceOfSatisfying(PortInUseException.class, e -> assertThat(e.port()).isEqualTo(port))
                    .hasMessage("port " + port + " on 127.0.0.1 is already in use (another Kafka broker?)");
            assertThat(broker.isRunning()).isFalse();
        }
    }
}
