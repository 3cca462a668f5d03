package io.dvstream.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvstream.events.wire.Topics;
import io.dvstream.kafka.clientconfig.KafkaClientConfig;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class PublisherConfigTest {

    private static final String BOOTSTRAP = "localhost:9092";

    @Test
    void shouldDefaultToTheEventsTopicLz4AndKafkasTimeouts() {
        PublisherConfig config = PublisherConfig.to(BOOTSTRAP);

        assertThat(config.bootstrapServers()).isEqualTo(BOOTSTRAP);
        assertThat(config.topic()).isEqualTo(Topics.EVENTS);
        assertThat(config.compression()).isEqualTo("lz4");
        assertThat(config.lingerMs()).isEqualTo(5);
        assertThat(config.requestTimeoutMs()).isEqualTo(30_000);
        assertThat(config.deliveryTimeoutMs()).isEqualTo(120_000);
    }

    @Test
    void shouldAcceptCompressionInAnyCase() {
        assertThat(new PublisherConfig(BOOTSTRAP, "t", "ZSTD", 0, 1, 1, PublisherConfig.DEFAULT_BATCH_BYTES).compression()).isEqualTo("zstd");
    }

    @Test
    void shouldAcceptTheShortestDeliveryTimeoutKafkaAllows() {
        PublisherConfig config = PublisherConfig.to(BOOTSTRAP).withTimeouts(500, 505);

        assertThat(config.requestTimeoutMs()).isEqualTo(500);
        assertThat(config.deliveryTimeoutMs()).isEqualTo(505);
        assertThat(config.lingerMs()).isEqualTo(5);
        assertThat(config.topic()).isEqualTo(Topics.EVENTS);
    }

    @Test
    void shouldRejectAnEmptyBootstrapOrTopic() {
        assertThatThrownBy(() -> PublisherConfig.to(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value ' ' for configuration bootstrap: must not be empty");
        assertThatThrownBy(() -> PublisherConfig.to(null))
                .hasMessage("Invalid value 'null' for configuration bootstrap: must not be empty");
        assertThatThrownBy(() -> new PublisherConfig(BOOTSTRAP, "", "lz4", 5, 30_000, 120_000, PublisherConfig.DEFAULT_BATCH_BYTES))
                .hasMessage("Invalid value '' for configuration topic: must not be empty");
    }

    @Test
    void shouldRejectAnUnknownCompression() {
        assertThatThrownBy(() -> new PublisherConfig(BOOTSTRAP, "t", "brotli", 5, 30_000, 120_000, PublisherConfig.DEFAULT_BATCH_BYTES))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value 'brotli' for configuration compression: must be one of [gzip, lz4, none, snappy, zstd]");
    }

    @Test
    void shouldRejectANegativeLinger() {
        assertThatThrownBy(() -> new PublisherConfig(BOOTSTRAP, "t", "lz4", -1, 30_000, 120_000, PublisherConfig.DEFAULT_BATCH_BYTES))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value -1 for configuration linger.ms: must be >= 0");
    }

    @Test
    void shouldRejectARequestTimeoutBelowOneMillisecond() {
        assertThatThrownBy(() -> PublisherConfig.to(BOOTSTRAP).withTimeouts(0, 120_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value 0 for configuration request.timeout.ms: must be >= 1");
        assertThatThrownBy(() -> PublisherConfig.to(BOOTSTRAP).withTimeouts(-30_000, 120_000))
                .hasMessage("Invalid value -30000 for configuration request.timeout.ms: must be >= 1");
    }

    @Test
    void shouldRejectADeliveryTimeoutShorterThanLingerPlusRequestTimeout() {
        assertThatThrownBy(() -> PublisherConfig.to(BOOTSTRAP).withTimeouts(500, 504))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value 504 for configuration delivery.timeout.ms: must be >= linger.ms + request.timeout.ms = 505");
        // the sum is computed without int overflow
        assertThatThrownBy(() -> new PublisherConfig(BOOTSTRAP, "t", "lz4", Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, PublisherConfig.DEFAULT_BATCH_BYTES))
                .hasMessage("Invalid value 2147483647 for configuration delivery.timeout.ms: "
                        + "must be >= linger.ms + request.timeout.ms = 4294967294");
    }

    @Test
    void shouldPassEverySettingToTheProducer() {
        Properties p = PacketPublisher.producerProperties(new PublisherConfig("a:1,b:2", "t", "zstd", 7, 1_000, 3_000, PublisherConfig.DEFAULT_BATCH_BYTES));

        assertThat(p)
                .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "a:1,b:2")
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd")
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, 7)
                .containsEntry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1_000)
                .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 3_000)
                .containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, 3_000);
    }

    @Test
    void shouldLayAKafkaConfigFileOverThePublishersSettingsButKeepItsBootstrap() {
        KafkaClientConfig clients = KafkaClientConfig.of(Map.of("bootstrap.servers", "file:9093", "security.protocol", "SSL",
                "linger.ms", "20", "isolation.level", "read_committed"), "test");

        Properties p = PacketPublisher.producerProperties(PublisherConfig.to("cli:9092"), clients);

        assertThat(p).containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "cli:9092")
                .containsEntry("security.protocol", "SSL")
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, "20")
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .doesNotContainKey("isolation.level"); // a consumer setting
    }

    @Test
    void shouldRejectANegativeBatchSizeAndPassItToTheProducer() {
        assertThatThrownBy(() -> new PublisherConfig(BOOTSTRAP, "t", "lz4", 5, 30_000, 120_000, -1))
                .hasMessage("Invalid value -1 for configuration batch.size: must be >= 0");
        assertThat(PacketPublisher.producerProperties(PublisherConfig.to(BOOTSTRAP)).get("batch.size")).isEqualTo(1 << 20);
    }
}
