package io.dvstream.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BrokerConfigTest {

    @Test
    void shouldDefaultToLoopbackFreePortsAndTemporaryDir() {
        BrokerConfig config = BrokerConfig.defaults();

        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isZero();
        assertThat(config.controllerPort()).isZero();
        assertThat(config.givenDataDir()).isEmpty();
        assertThat(config.topicPartitions()).isEqualTo(4);
        // Flink's KafkaSink default transaction timeout (1 h) must fit.
        assertThat(config.transactionMaxTimeoutMs()).isGreaterThanOrEqualTo(3_600_000L);
    }

    @Test
    void shouldChangeOnlyTheNamedOption() {
        BrokerConfig config = BrokerConfig.defaults().withPort(9092).withDataDir(Path.of("/tmp/k"));

        assertThat(config.port()).isEqualTo(9092);
        assertThat(config.givenDataDir()).contains(Path.of("/tmp/k"));
        assertThat(config.controllerPort()).isZero();
        assertThat(config.host()).isEqualTo(BrokerConfig.DEFAULT_HOST);
    }

    @Test
    void shouldRejectPortOutOfRange() {
        assertThatThrownBy(() -> BrokerConfig.defaults().withPort(70000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("port must be between 0 and 65535, was 70000");
        assertThatThrownBy(() -> BrokerConfig.defaults().withControllerPort(-1))
                .hasMessage("controllerPort must be between 0 and 65535, was -1");
    }

    @Test
    void shouldRejectSameFixedPortForBrokerAndController() {
        assertThatThrownBy(() -> BrokerConfig.defaults().withPort(9092).withControllerPort(9092))
                .hasMessage("controllerPort must differ from port, both were 9092");
    }

    @Test
    void shouldRejectBlankHostAndNonPositiveCounts() {
        assertThatThrownBy(() -> BrokerConfig.defaults().withHost(" "))
                .hasMessage("host must not be blank, was ' '");
        assertThatThrownBy(() -> BrokerConfig.defaults().withTopicPartitions(0))
                .hasMessage("topicPartitions must be >= 1, was 0");
        assertThatThrownBy(() -> BrokerConfig.defaults().withTransactionMaxTimeoutMs(0))
                .hasMessage("transactionMaxTimeoutMs must be >= 1, was 0");
        assertThatThrownBy(() -> BrokerConfig.defaults().withStartupTimeout(Duration.ZERO))
                .hasMessage("startupTimeout must be positive, was PT0S");
    }
}
