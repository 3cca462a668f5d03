package io.dvstream.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvstream.broker.tls.TlsStores;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.junit.jupiter.api.Test;

class BrokerSecurityTest {

    private static final TlsStores TLS = new TlsStores(Path.of("/tls/broker.p12"), Path.of("/tls/truststore.p12"),
            Path.of("/tls/ca.pem"), "tls-pass");

    private static final BrokerSecurity SECURITY = BrokerSecurity.scramOverTls(TLS, ScramMechanism.SCRAM_SHA_256, "broker", "b-pass")
            .withUser("alice", "a-pass");

    @Test
    void shouldWriteTheScramCredentialsTheStorageFormatterTakes() {
        assertThat(SECURITY.scramArguments()).containsExactlyInAnyOrder("SCRAM-SHA-256=[name=broker,password=b-pass]",
                "SCRAM-SHA-256=[name=alice,password=a-pass]");
    }

    @Test
    void shouldGiveClientsWhatAKafkaConfigFileHolds() {
        Map<String, String> alice = SECURITY.clientSettings("alice");

        assertThat(alice).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-256")
                .containsEntry("sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"alice\" password=\"a-pass\";")
                .containsEntry("ssl.truststore.location", "/tls/truststore.p12").containsEntry("ssl.truststore.type", "PKCS12");
        assertThatThrownBy(() -> SECURITY.clientSettings("bob")).hasMessage("no such user: bob (users: "
                + SECURITY.users().keySet() + ")");
    }

    @Test
    void shouldConfigureTheListenerForScramOverTls() {
        Properties p = new Properties();
        SECURITY.addServerProperties(p);

        assertThat(p).containsEntry("sasl.enabled.mechanisms", "SCRAM-SHA-256")
                .containsEntry("sasl.mechanism.inter.broker.protocol", "SCRAM-SHA-256")
                .containsEntry("listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"broker\" password=\"b-pass\";")
                .containsEntry("ssl.keystore.location", "/tls/broker.p12").containsEntry("ssl.client.auth", "none");
    }

    @Test
    void shouldRejectWhatTheFormatterCannotCarryAndNeverPrintPasswords() {
        assertThatThrownBy(() -> SECURITY.withUser("bob", "p,w")).hasMessage(
                "password of user bob must be non-empty without blanks or any of , [ ] = \" (user bob)");
        assertThatThrownBy(() -> new BrokerSecurity(ScramMechanism.SCRAM_SHA_512, TLS, "nobody", Map.of("alice", "a-pass")))
                .hasMessage("brokerUser must be one of users, was nobody");
        assertThat(SECURITY.toString()).doesNotContain("a-pass").doesNotContain("b-pass").doesNotContain("tls-pass")
                .contains("users [alice, broker]");
        assertThat(BrokerConfig.defaults().withSecurity(SECURITY).toString()).doesNotContain("a-pass");
    }
}
