package io.dvstream.cli.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientPropertiesTest {

    private static final String SCRAM = """
            # a SCRAM over TLS client, as Kafka's own tools take it
            bootstrap.servers=kafka-1:9093
            security.protocol=SASL_SSL
            sasl.mechanism=SCRAM-SHA-512
            sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="dash" password="s3cret-pw";
            ssl.truststore.location=/etc/kafka/truststore.p12
            ssl.truststore.password=trust-pw
            max.poll.records=50
            """;

    @Test
    void shouldOverrideDefaultsWithTheFileAndTheFileWithKafka(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, SCRAM);
        KafkaClientProperties p = KafkaClientProperties.load(file);

        Map<String, Object> config = p.apply(Map.of("max.poll.records", 500, "client.id", "dvstream-dashboard"), "broker:9092");

        assertThat(config).containsEntry("bootstrap.servers", "broker:9092").containsEntry("max.poll.records", "50")
                .containsEntry("client.id", "dvstream-dashboard").containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("ssl.truststore.password", "trust-pw");
        assertThat(p.apply(Map.of(), null)).containsEntry("bootstrap.servers", "kafka-1:9093");
        assertThat(p.bootstrapServers()).isEqualTo("kafka-1:9093");
    }

    @Test
    void shouldNeverDescribeSecretValues(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, SCRAM);

        String described = KafkaClientProperties.load(file).describe();

        assertThat(described).contains("security.protocol=SASL_SSL", "sasl.mechanism=SCRAM-SHA-512", "sasl.jaas.config=(hidden)",
                "ssl.truststore.password=(hidden)", "ssl.truststore.location=(hidden)");
        assertThat(described).doesNotContain("s3cret-pw", "trust-pw", "dash");
    }

    @Test
    void shouldNameTheFileWhenItIsMissingOrHasAnEmptyValue(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("nope.properties");
        assertThatThrownBy(() -> KafkaClientProperties.load(missing)).isInstanceOf(IOException.class)
                .hasMessage("Kafka client properties file " + missing + " does not exist");
        Path empty = dir.resolve("empty-value.properties");
        Files.writeString(empty, "security.protocol=\n");
        assertThatThrownBy(() -> KafkaClientProperties.load(empty))
                .hasMessage("Kafka client properties file " + empty + ": key 'security.protocol' has an empty value");
    }

    @Test
    void shouldRefuseAConfigurationWithoutBootstrapServers() {
        assertThatThrownBy(() -> KafkaClientProperties.none().apply(Map.of(), null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("give --kafka HOST:PORT or bootstrap.servers");
    }
}
