package io.dvstream.kafka.clientconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientConfigTest {

    private static final String PASSWORD = "s3cr3t-Pa55-7f1c";
    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required "
            + "username=\"alice\" password=\"" + PASSWORD + "\";";

    @TempDir
    Path dir;
    Path truststore;

    @BeforeEach
    void trustStore() throws IOException {
        truststore = Files.writeString(dir.resolve("truststore.p12"), "not read by these tests");
    }

    private Path file(String... lines) throws IOException {
        return Files.write(dir.resolve("client-" + System.nanoTime() + ".properties"), java.util.List.of(lines),
                StandardCharsets.UTF_8);
    }

    private Path scramOverTls() throws IOException {
        return file("# SCRAM over TLS",
                "bootstrap.servers=broker1:9093",
                "security.protocol=SASL_SSL",
                "sasl.mechanism=SCRAM-SHA-512",
                "sasl.jaas.config=" + JAAS,
                "ssl.truststore.location=" + truststore,
                "ssl.truststore.password=" + PASSWORD,
                "ssl.truststore.type=PKCS12",
                "isolation.level=read_committed",
                "compression.type=zstd");
    }

    @Test
    void shouldLayTheFileOverDefaultsPerKindOfClientButKeepTheCommandsBootstrap() throws IOException {
        KafkaClientConfig config = KafkaClientConfig.load(scramOverTls());

        Properties producer = config.producer(Map.of("bootstrap.servers", "cli:9092", "compression.type", "lz4", "acks", "all"));
        Properties consumer = config.consumer(Map.of("bootstrap.servers", "cli:9092"));
        Properties admin = config.admin(Map.of());

        assertThat(producer).containsEntry("bootstrap.servers", "cli:9092").containsEntry("compression.type", "zstd")
                .containsEntry("acks", "all").containsEntry("sasl.jaas.config", JAAS)
                .containsEntry("security.protocol", "SASL_SSL").doesNotContainKey("isolation.level");
        assertThat(consumer).containsEntry("isolation.level", "read_committed").doesNotContainKey("compression.type")
                .containsEntry("ssl.truststore.location", truststore.toString());
        // No bootstrap among the defaults: the file's.
        assertThat(admin).containsEntry("bootstrap.servers", "broker1:9093").containsEntry("sasl.mechanism", "SCRAM-SHA-512");
        assertThat(config.source()).contains(config.source().orElseThrow());
        assertThat(config.saslUsername()).contains("alice");
        assertThat(config.securitySummary()).isEqualTo("SASL_SSL, SCRAM-SHA-512 as user alice");
    }

    @Test
    void shouldTakeBootstrapFromTheCommandLineThenTheFileThenTheFallback() throws IOException {
        KafkaClientConfig config = KafkaClientConfig.load(scramOverTls());

        assertThat(config.bootstrapServers("cli:9092", "127.0.0.1:9092")).isEqualTo("cli:9092");
        assertThat(config.bootstrapServers(null, "127.0.0.1:9092")).isEqualTo("broker1:9093");
        assertThat(KafkaClientConfig.none().bootstrapServers(null, "127.0.0.1:9092")).isEqualTo("127.0.0.1:9092");
        assertThat(KafkaClientConfig.none().producer(Map.of("bootstrap.servers", "a:1"))).containsOnlyKeys("bootstrap.servers");
    }

    @Test
    void shouldNeverShowSecretsInToStringRedactedOrTheLog() throws IOException {
        Path file = scramOverTls();
        KafkaClientConfig config;
        String logged;
        try (CapturedLog log = CapturedLog.open()) {
            config = KafkaClientConfig.load(file);
            logged = log.text();
        }

        assertThat(logged).contains("Kafka client settings from " + file).contains("SASL_SSL, SCRAM-SHA-512 as user alice")
                .contains("sasl.jaas.config=[redacted]").contains("ssl.truststore.password=[redacted]")
                .contains("isolation.level=read_committed").doesNotContain(PASSWORD);
        assertThat(config.toString()).contains("sasl.jaas.config=[redacted]").doesNotContain(PASSWORD).doesNotContain("alice\"");
        assertThat(config.redacted()).containsEntry("ssl.truststore.password", "[redacted]")
                .containsEntry("ssl.truststore.type", "PKCS12");
        assertThat(config.settings()).containsEntry("ssl.truststore.password", PASSWORD);
    }

    @Test
    void shouldTreatPasswordSecretAndKeyMaterialKeysAsSecrets() {
        assertThat(SecretRedaction.isSecret("sasl.jaas.config")).isTrue();
        assertThat(SecretRedaction.isSecret("ssl.keystore.password")).isTrue();
        assertThat(SecretRedaction.isSecret("ssl.key.password")).isTrue();
        assertThat(SecretRedaction.isSecret("ssl.keystore.key")).isTrue(); // a PEM private key; Kafka types it PASSWORD
        assertThat(SecretRedaction.isSecret("sasl.oauthbearer.client.credentials.client.secret")).isTrue();
        assertThat(SecretRedaction.isSecret("config.providers.vault.param.secret.id")).isTrue();
        assertThat(SecretRedaction.isSecret("ssl.truststore.location")).isFalse();
        assertThat(SecretRedaction.isSecret("sasl.mechanism")).isFalse();
        assertThat(SecretRedaction.redact(Map.of("ssl.key.password", "x", "acks", "all")))
                .containsExactly(Map.entry("acks", "all"), Map.entry("ssl.key.password", "[redacted]"));
    }

    @Test
    void shouldNameTheFileWhenItIsMissingOrADirectory() {
        Path missing = dir.resolve("nope.properties");
        assertThatThrownBy(() -> KafkaClientConfig.load(missing)).isInstanceOf(KafkaClientConfigException.class)
                .hasMessage("Kafka client config " + missing + " does not exist");
        assertThatThrownBy(() -> KafkaClientConfig.load(dir)).isInstanceOf(KafkaClientConfigException.class)
                .hasMessage("Kafka client config " + dir + " is a directory, not a properties file");
    }

    @Test
    void shouldNameTheFileForAMalformedEscape() throws IOException {
        Path bad = file("client.id=\\u12");
        assertThatThrownBy(() -> KafkaClientConfig.load(bad)).hasMessageStartingWith("Kafka client config " + bad
                + " is not a valid properties file: Malformed");
    }

    @Test
    void shouldRejectUnknownForeignAndDvstreamManagedKeys() throws IOException {
        Path typo = file("securty.protocol=SSL");
        assertThatThrownBy(() -> KafkaClientConfig.load(typo)).isInstanceOf(KafkaClientConfigException.class)
                .hasMessageStartingWith("Invalid value SSL for configuration securty.protocol in " + typo
                        + ": not a setting of the Java Kafka producer, consumer or admin client");
        Path librdkafka = file("sasl.password=" + PASSWORD);
        assertThatThrownBy(() -> KafkaClientConfig.load(librdkafka))
                .hasMessage("Invalid value [redacted] for configuration sasl.password in " + librdkafka
                        + ": not a Java Kafka client setting: the Java client takes the password inside sasl.jaas.config");
        Path group = file("group.id=mine");
        assertThatThrownBy(() -> KafkaClientConfig.load(group)).hasMessageContaining("configuration group.id in " + group
                + ": set by dvstream for each client");
        assertThatThrownBy(() -> KafkaClientConfig.load(file("value.serializer=x"))).hasMessageContaining("own serializers");
    }

    @Test
    void shouldCheckValuesWithKafkasOwnRules() throws IOException {
        Path protocol = file("security.protocol=SASL_SLL");
        assertThatThrownBy(() -> KafkaClientConfig.load(protocol))
                .hasMessageStartingWith("Invalid value SASL_SLL for configuration security.protocol in " + protocol + ": ")
                .hasMessageContaining("SASL_SSL");
        Path number = file("request.timeout.ms=soon");
        assertThatThrownBy(() -> KafkaClientConfig.load(number))
                .hasMessageStartingWith("Invalid value soon for configuration request.timeout.ms in " + number + ": ")
                .hasMessageEndingWith(": Not a number of type INT");
    }

    @Test
    void shouldCheckSaslAndTlsSettingsTogether() throws IOException {
        Path noJaas = file("security.protocol=SASL_SSL", "sasl.mechanism=SCRAM-SHA-256");
        assertThatThrownBy(() -> KafkaClientConfig.load(noJaas)).hasMessageStartingWith("Missing configuration sasl.jaas.config in "
                + noJaas + ": SCRAM-SHA-256 needs the user and password, e.g. sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule");
        Path plainModule = file("security.protocol=SASL_SSL", "sasl.mechanism=SCRAM-SHA-512",
                "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=\"a\" password=\"" + PASSWORD + "\";");
        assertThatThrownBy(() -> KafkaClientConfig.load(plainModule))
                .hasMessage("Invalid value [redacted] for configuration sasl.jaas.config in " + plainModule
                        + ": sasl.mechanism SCRAM-SHA-512 needs the login module org.apache.kafka.common.security.scram.ScramLoginModule");
        Path noSaslProtocol = file("security.protocol=SSL", "sasl.mechanism=SCRAM-SHA-512");
        assertThatThrownBy(() -> KafkaClientConfig.load(noSaslProtocol)).hasMessageContaining(
                "SASL is only used with security.protocol=SASL_SSL or SASL_PLAINTEXT, and security.protocol is SSL");
        Path missingStore = file("security.protocol=SSL", "ssl.truststore.location=" + dir.resolve("none.p12"));
        assertThatThrownBy(() -> KafkaClientConfig.load(missingStore)).hasMessage("Invalid value " + dir.resolve("none.p12")
                + " for configuration ssl.truststore.location in " + missingStore + ": no such readable file");
    }

    @Test
    void shouldAcceptConfigProvidersSoThatSecretsCanStayOutOfTheFile() throws IOException {
        KafkaClientConfig config = KafkaClientConfig.load(file("security.protocol=SASL_SSL", "sasl.mechanism=SCRAM-SHA-512",
                "config.providers=env",
                "config.providers.env.class=org.apache.kafka.common.config.provider.EnvVarConfigProvider",
                "sasl.jaas.config=${env:DVSTREAM_KAFKA_JAAS}"));

        assertThat(config.producer(Map.of())).containsEntry("config.providers", "env")
                .containsEntry("sasl.jaas.config", "${env:DVSTREAM_KAFKA_JAAS}");
        assertThat(config.principal()).isEqualTo("the identity in sasl.jaas.config");
    }
}
