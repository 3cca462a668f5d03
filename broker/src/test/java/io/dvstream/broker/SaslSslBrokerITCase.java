package io.dvstream.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvstream.broker.tls.SelfSignedTls;
import io.dvstream.broker.tls.TlsStores;
import io.dvstream.events.wire.Topics;
import io.dvstream.kafka.clientconfig.KafkaAccessCheck;
import io.dvstream.kafka.clientconfig.KafkaAccessException;
import io.dvstream.kafka.clientconfig.KafkaClientConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded broker requiring SCRAM-SHA-512 over TLS: who gets in, who does not, and what they are told. */
class SaslSslBrokerITCase {

    private static final Duration FAST = Duration.ofSeconds(10);

    @TempDir
    static Path dir;
    static EmbeddedKafkaBroker broker;
    static BrokerSecurity security;

    @BeforeAll
    static void startBroker() {
        TlsStores tls = SelfSignedTls.generate(dir.resolve("tls"), BrokerConfig.DEFAULT_HOST, "tls-pass-1",
                SelfSignedTls.DEFAULT_VALIDITY);
        security = BrokerSecurity.scramOverTls(tls, ScramMechanism.SCRAM_SHA_512, "broker", "broker-pass-1")
                .withUser("alice", "alice-pass-1");
        // A generous start-up bound: several JVMs share 2 cores when the whole build runs.
        broker = new EmbeddedKafkaBroker(BrokerConfig.defaults().withTopicPartitions(1).withSecurity(security)
                .withStartupTimeout(Duration.ofSeconds(180))).start();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldCarryRecordsForAnAuthenticatedUserOverTls() throws Exception {
        KafkaClientConfig alice = KafkaClientConfig.of(security.clientSettings("alice"), "alice");
        String bootstrap = broker.bootstrapServers();
        assertThat(broker.securityDescription()).isEqualTo("SASL_SSL, SCRAM-SHA-512, users [alice, broker]");
        assertThat(KafkaAccessCheck.check(bootstrap, alice, FAST)).hasSize(1);

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(alice.producer(Map.of("bootstrap.servers", bootstrap)),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.EVENTS, "cam", "over SASL_SSL")).get();
        }
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(alice.consumer(Map.of("bootstrap.servers", bootstrap)),
                new StringDeserializer(), new StringDeserializer())) {
            TopicPartition tp = new TopicPartition(Topics.EVENTS, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            List<ConsumerRecord<String, String>> read = consumer.poll(Duration.ofSeconds(20)).records(tp);
            assertThat(read).extracting(ConsumerRecord::value).containsExactly("over SASL_SSL");
        }
    }

    @Test
    void shouldRefuseAWrongPasswordAtOnceAndNameTheUser() {
        KafkaClientConfig wrong = KafkaClientConfig.of(security.clientSettings("alice", "not-her-password"), "wrong password");
        long t0 = System.nanoTime();

        assertThatThrownBy(() -> KafkaAccessCheck.check(broker.bootstrapServers(), wrong, FAST))
                .isInstanceOfSatisfying(KafkaAccessException.class,
                        e -> assertThat(e.reason()).isEqualTo(KafkaAccessException.Reason.AUTHENTICATION))
                .hasMessageStartingWith("Authentication failed: Kafka at " + broker.bootstrapServers() + " refused user alice "
                        + "(SASL_SSL, SCRAM-SHA-512 as user alice")
                .hasMessageContaining("invalid credentials")
                .hasMessageNotContaining("not-her-password");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(FAST);
    }

    @Test
    void shouldRefuseAClientThatDoesNotTrustTheBrokersCa() {
        Map<String, String> settings = new HashMap<>(security.clientSettings("alice"));
        settings.remove("ssl.truststore.location");
        settings.remove("ssl.truststore.password");
        settings.remove("ssl.truststore.type");
        KafkaClientConfig untrusting = KafkaClientConfig.of(settings, "JDK default trust store");

        assertThatThrownBy(() -> KafkaAccessCheck.check(broker.bootstrapServers(), untrusting, FAST))
                .isInstanceOfSatisfying(KafkaAccessException.class,
                        e -> assertThat(e.reason()).isEqualTo(KafkaAccessException.Reason.TLS))
                .hasMessageContaining("TLS handshake with Kafka at " + broker.bootstrapServers() + " failed");
    }

    @Test
    void shouldNotServeAPlaintextClient() {
        assertThatThrownBy(() -> KafkaAccessCheck.check(broker.bootstrapServers(), KafkaClientConfig.none(), Duration.ofSeconds(3)))
                .isInstanceOfSatisfying(KafkaAccessException.class,
                        e -> assertThat(e.reason()).isEqualTo(KafkaAccessException.Reason.TIMEOUT))
                .hasMessageContaining("expect security.protocol=PLAINTEXT?");
    }
}
