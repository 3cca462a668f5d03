package io.dvstream.cli.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class AccessGuardTest {

    @Test
    void shouldAcceptOnlyLoopbackHostHeaders() {
        assertThat(AccessGuard.loopbackHost("localhost:8080")).isTrue();
        assertThat(AccessGuard.loopbackHost("127.0.0.1:8080")).isTrue();
        assertThat(AccessGuard.loopbackHost("127.1.2.3")).isTrue();
        assertThat(AccessGuard.loopbackHost("[::1]:8080")).isTrue();
        assertThat(AccessGuard.loopbackHost("LOCALHOST")).isTrue();
        assertThat(AccessGuard.loopbackHost("attacker.example:8080")).isFalse();
        assertThat(AccessGuard.loopbackHost("127.0.0.1.attacker.example")).isFalse();
        assertThat(AccessGuard.loopbackHost("localhost.attacker.example")).isFalse();
        assertThat(AccessGuard.loopbackHost("[::2]:8080")).isFalse();
        assertThat(AccessGuard.loopbackHost(null)).isFalse();
    }

    @Test
    void shouldReadAQueryParameter() {
        assertThat(AccessGuard.queryParameter(URI.create("/?a=1&token=x%2By"), "token")).isEqualTo("x+y");
        assertThat(AccessGuard.queryParameter(URI.create("/?tokens=1"), "token")).isNull();
        assertThat(AccessGuard.queryParameter(URI.create("/"), "token")).isNull();
    }
}
