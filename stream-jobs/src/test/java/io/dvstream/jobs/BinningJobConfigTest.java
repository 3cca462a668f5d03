package io.dvstream.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BinningJobConfigTest {

    @Test
    void shouldTakeDefaultsForMissingKeys() {
        BinningJobConfig c = BinningJobConfig.fromMap(Map.of("bootstrap.servers", "k:9092"));

        assertThat(c).isEqualTo(BinningJobConfig.defaults("k:9092"));
        assertThat(c.inputTopic()).isEqualTo("dvs.events");
        assertThat(c.deadLetterTopic()).isEqualTo("dvs.deadletter");
        assertThat(c.transactionTimeoutMs()).isEqualTo(600_000);
        assertThat(c.binning().binWidthUs()).isEqualTo(10_000);
    }

    @Test
    void shouldReadEveryKey() {
        BinningJobConfig c = BinningJobConfig.fromMap(Map.ofEntries(Map.entry("bootstrap.servers", "k:1"),
                Map.entry("input.topic", "in"), Map.entry("output.topic", "out"), Map.entry("deadletter.topic", "dl"),
                Map.entry("group.id", "g"), Map.entry("bounded", "TRUE"), Map.entry("parallelism", "3"),
                Map.entry("checkpoint.interval.ms", "500"), Map.entry("transaction.timeout.ms", "60000"),
                Map.entry("transactional.id.prefix", "tx"), Map.entry("bin.width.us", "5000"), Map.entry("frame.width", "64"),
                Map.entry("frame.height", "32"), Map.entry("max.gap.us", "20000"), Map.entry("roi", "0,0,64,64"),
                Map.entry("idle.timeout.ms", "300"), Map.entry("camera.expiry.ms", "0")));

        assertThat(c.bounded()).isTrue();
        assertThat(c.parallelism()).isEqualTo(3);
        assertThat(c.binning()).isEqualTo(new io.dvstream.jobs.binning.BinningSettings(5_000, 64, 32, 20_000, "0,0,64,64", 300, 0));
        assertThat(c.binningConfig().roi()).isPresent();
    }

    @Test
    void shouldRejectBadValuesInKafkasShape() {
        assertThatThrownBy(() -> BinningJobConfig.fromMap(Map.of()))
                .hasMessage("Invalid value null for configuration bootstrap.servers: is required (host:port of the Kafka brokers)");
        assertThatThrownBy(() -> BinningJobConfig.fromMap(Map.of("bootstrap.servers", "k:1", "bin.width.ms", "3")))
                .hasMessageStartingWith("Invalid value 3 for configuration bin.width.ms: unknown configuration key; known keys are [");
        assertThatThrownBy(() -> BinningJobConfig.fromMap(Map.of("bootstrap.servers", "k:1", "parallelism", "two")))
                .hasMessage("Invalid value two for configuration parallelism: must be an integer");
        assertThatThrownBy(() -> BinningJobConfig.fromMap(Map.of("bootstrap.servers", "k:1", "idle.timeout.ms", "0")))
                .hasMessage("Invalid value 0 for configuration idle.timeout.ms: must be >= 1");
        assertThatThrownBy(() -> BinningJobConfig.fromMap(Map.of("bootstrap.servers", "k:1", "bin.width.us", "0")))
                .hasMessage("Invalid binning configuration: binWidthUs must be >= 1, was 0");
    }

    @Test
    void shouldExplainTheTransactionTimeoutRules() {
        assertThatThrownBy(() -> BinningJobConfig.fromMap(Map.of("bootstrap.servers", "k:1", "transaction.timeout.ms", "3600000")))
                .hasMessageContaining("must be at most 900000 (the brokers' default transaction.max.timeout.ms)");
        assertThatThrownBy(() -> BinningJobConfig.fromMap(Map.of("bootstrap.servers", "k:1",
                "checkpoint.interval.ms", "60000", "transaction.timeout.ms", "30000")))
                .hasMessageContaining("must be greater than checkpoint.interval.ms (60000)");
    }

    @Test
    void shouldParseMainArgumentsAsKeyValues() throws Exception {
        assertThat(BinningJob.arguments(new String[] {"bootstrap.servers=k:1", "bounded = true"}))
                .containsExactly(Map.entry("bootstrap.servers", "k:1"), Map.entry("bounded", "true"));
    }
}
