package io.dvstream.cli.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class DashboardSettingsTest {

    @Test
    void shouldNeedATokenBeyondLoopback() throws Exception {
        DashboardSettings local = DashboardSettings.defaults("k:9092");
        assertThat(local.token()).isNull();
        assertThatThrownBy(() -> local.withAddress(InetAddress.getByName("0.0.0.0"), 8080, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a dashboard on 0.0.0.0 (not a loopback address) needs a token");
        assertThatThrownBy(() -> local.withAddress(InetAddress.getByName("0.0.0.0"), 8080, "short"))
                .hasMessage("token must be at least 16 characters, was 5");
        assertThatThrownBy(() -> local.withAddress(InetAddress.getByName("0.0.0.0"), 8080, "0123456789abcdef; Path=/x"))
                .hasMessage("token may hold only letters, digits and . _ ~ -");
        String token = DashboardServer.newToken();
        assertThat(token).hasSize(32).matches("[A-Za-z0-9_-]+");
        assertThat(local.withAddress(InetAddress.getByName("0.0.0.0"), 8080, token).toString()).contains("token=set")
                .doesNotContain(token);
    }

    @Test
    void shouldRejectBadBounds() {
        DashboardSettings s = DashboardSettings.defaults("k:9092");
        assertThatThrownBy(() -> s.withFps(0)).hasMessage("fps must be 1..60, was 0");
        assertThatThrownBy(() -> s.withAddress(s.bind(), 70000, null)).hasMessage("port must be 0..65535, was 70000");
        assertThatThrownBy(() -> DashboardSettings.defaults(null)).hasMessageContaining("no Kafka bootstrap servers");
    }
}
