package io.dvstream.cli;

import static io.dvstream.cli.CommandLineTest.recording;
import static io.dvstream.cli.CommandLineTest.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dvstream.broker.BrokerConfig;
import io.dvstream.broker.BrokerSecurity;
import io.dvstream.broker.EmbeddedKafkaBroker;
import io.dvstream.broker.tls.SelfSignedTls;
import io.dvstream.broker.tls.TlsStores;
import io.dvstream.cli.dashboard.DashboardServer;
import io.dvstream.cli.dashboard.DashboardSettings;
import io.dvstream.events.wire.Topics;
import io.dvstream.kafka.clientconfig.KafkaAccessCheck;
import io.dvstream.kafka.clientconfig.KafkaAccessException;
import io.dvstream.kafka.clientconfig.KafkaClientConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingest, the gesture job, the dashboard and a plain consumer, all through
 * {@code --kafka-config} against an in-process broker that requires SCRAM-SHA-512 over TLS; and a
 * wrong password refused at once with a message that names the failure and the user. Neither
 * password may appear in any output or log line.
 */
class SecureKafkaITCase {

    private static final String ALICE_PASSWORD = "alice-Pw-4e1d9";
    private static final String TLS_PASSWORD = "tls-Pw-88c2a0";
    private static final String WRONG_PASSWORD = "not-alices-Pw-0b7";
    /** A refusal must come well before this: no hang, no retry loop. */
    private static final Duration PROMPT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    static EmbeddedKafkaBroker broker;
    static BrokerSecurity security;
    static Path alice;
    static Path wrong;
    static LogLines log;

    @BeforeAll
    static void startSecureBroker() throws IOException {
        log = LogLines.attach();
        TlsStores tls = SelfSignedTls.generate(dir.resolve("tls"), BrokerConfig.DEFAULT_HOST, TLS_PASSWORD,
                SelfSignedTls.DEFAULT_VALIDITY);
        security = BrokerSecurity.scramOverTls(tls, ScramMechanism.SCRAM_SHA_512, "broker", "broker-Pw-13f0")
                .withUser("alice", ALICE_PASSWORD);
        // A generous start-up bound: several JVMs share 2 cores when the whole build runs.
        broker = new EmbeddedKafkaBroker(BrokerConfig.defaults().withTopicPartitions(1).withSecurity(security)
                .withStartupTimeout(Duration.ofSeconds(180))).start();
        alice = clientFile("alice.properties", security.clientSettings("alice"));
        wrong = clientFile("wrong.properties", security.clientSettings("alice", WRONG_PASSWORD));
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
        if (log != null) {
            log.close();
        }
    }

    /** A --kafka-config file as a user would write it, bootstrap.servers included. */
    private static Path clientFile(String name, Map<String, String> settings) throws IOException {
        Properties p = new Properties();
        p.putAll(settings);
        p.put("bootstrap.servers", broker.bootstrapServers());
        Path file = dir.resolve(name);
        try (var out = Files.newBufferedWriter(file)) {
            p.store(out, "SCRAM-SHA-512 over TLS (test)");
        }
        return file;
    }

    @Test
    void shouldCarryEventsFromIngestThroughTheJobToTheDashboardAndAConsumerOverScramAndTls() throws Exception {
        Path recording = recording("dvs128_alex_walking_again.aedat");
        // The dashboard, with the same file, reading the topics before anything is written (it starts dvs.events at its end).
        DashboardSettings settings = DashboardSettings.defaults(broker.bootstrapServers())
                .withKafka(KafkaClientConfig.load(alice)).withAddress(InetAddress.getLoopbackAddress(), 0, null);
        try (DashboardServer dashboard = DashboardServer.start(settings)) {
            awaitState(dashboard, st -> st.path("dashboard").path("partitionsRead").asInt() == 3, "the three topics read");
            runIngestAndJob(recording);
            JsonNode camera = awaitState(dashboard, st -> st.path("cameras").size() == 1
                    && st.path("cameras").get(0).path("window").path("scores").size() == 11
                    && st.path("cameras").get(0).path("health").path("events").asLong() == 19_182, "secure-cam with its windows")
                    .path("cameras").get(0);
            assertThat(camera.path("camera").asText()).isEqualTo("secure-cam");
            assertThat(camera.path("health").path("sequenceGaps").asLong()).isZero();
        }
    }

    private void runIngestAndJob(Path recording) throws Exception {
        Object[] ingest = run("ingest", "--source", "file:" + recording, "--camera", "secure-cam", "--kafka-config",
                alice.toString(), "--queue-packets", "4096", "--no-status");
        assertThat(ingest[0]).as("%s%n%s", ingest[1], ingest[2]).isEqualTo(0);
        assertThat((String) ingest[1]).contains("into " + broker.bootstrapServers())
                .contains("Ingested 19,182 events, 19,182 acknowledged by Kafka");

        Object[] job = run("job", "run", "--kafka-config", alice.toString(), "--bounded", "--parallelism", "1",
                "--model", "stand-in", "--set", "checkpoint.interval.ms=300", "--set", "idle.timeout.ms=600000",
                "--set", "bin.width.us=10000", "--set", "decision.min.events=0");
        assertThat(job[0]).as("%s%n%s", job[1], job[2]).isEqualTo(0);
        assertThat((String) job[1]).contains("Gesture job: dvs.events at " + broker.bootstrapServers())
                .contains("Gesture job finished");

        // A plain consumer built through the same loader.
        List<JsonNode> windows = readCommittedGestures(KafkaClientConfig.load(alice)).stream()
                .filter(n -> n.get("kind").asText().equals("window")).toList();
        // 6.9 s of camera time in 10 ms frames, windows of 10 frames every 5: well over 100 windows.
        assertThat(windows).hasSizeGreaterThan(100).allSatisfy(n -> {
            assertThat(n.get("camera").asText()).isEqualTo("secure-cam");
            assertThat(n.get("modelId").asText()).startsWith("stand-in:");
        });

        assertNoSecretIn(alice, ingest, job);
    }

    @Test
    void shouldRefuseAWrongPasswordAtOnceNamingTheFailureAndTheUser() {
        Path recording = recording("dvs128_alex_walking_again.aedat");
        List<Object[]> runs = new ArrayList<>();
        for (String[] args : List.of(
                new String[] {"replay", recording.toString(), "--camera", "x", "--speed", "max", "--kafka-config", wrong.toString()},
                new String[] {"ingest", "--source", "file:" + recording, "--camera", "x", "--kafka-config", wrong.toString()},
                new String[] {"job", "run", "--kafka-config", wrong.toString(), "--bounded", "--model", "stand-in"},
                new String[] {"dashboard", "--kafka-config", wrong.toString(), "--port", "0"})) {
            long t0 = System.nanoTime();
            Object[] r = run(args);
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            String err = (String) r[2];
            assertThat(r[0]).as("%s: %s", args[0], err).isEqualTo(1);
            assertThat(err).as(args[0]).contains("Authentication failed: Kafka at " + broker.bootstrapServers()
                            + " refused user alice (SASL_SSL, SCRAM-SHA-512 as user alice, settings from " + wrong + ")")
                    .contains("invalid credentials").contains("Check the user name and password in sasl.jaas.config")
                    .doesNotContain("\tat ").doesNotContain("Exception");
            assertThat(took).as(args[0]).isLessThan(PROMPT);
            runs.add(r);
        }

        // A plain consumer with the wrong file: the check names the user, the client is refused.
        KafkaClientConfig wrongConfig = KafkaClientConfig.load(wrong);
        assertThatThrownBy(() -> KafkaAccessCheck.check(broker.bootstrapServers(), wrongConfig, PROMPT))
                .isInstanceOfSatisfying(KafkaAccessException.class,
                        e -> assertThat(e.reason()).isEqualTo(KafkaAccessException.Reason.AUTHENTICATION))
                .hasMessageContaining("refused user alice");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(wrongConfig.consumer(Map.of()),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(new TopicPartition(Topics.GESTURES, 0)));
            assertThatThrownBy(() -> consumer.poll(PROMPT)).isInstanceOf(SaslAuthenticationException.class);
        }
        assertNoSecretIn(wrong, runs.toArray(Object[][]::new));
    }

    @Test
    void shouldOfferKafkaConfigInHelpWithoutAnySecret() {
        for (String[] command : List.of(new String[] {"ingest"}, new String[] {"replay"}, new String[] {"job", "run"},
                new String[] {"demo"})) {
            List<String> args = new ArrayList<>(List.of(command));
            args.add("--help");
            Object[] help = run(args.toArray(String[]::new));
            assertThat((String) help[1]).as(String.join(" ", command)).contains("--kafka-config=FILE")
                    .doesNotContain(ALICE_PASSWORD).doesNotContainIgnoringCase("password=");
        }
    }

    @Test
    void shouldNameTheFileWhenTheKafkaConfigIsMissingOrBad() throws IOException {
        Object[] missing = run("replay", "x.aedat", "--kafka-config", dir.resolve("none.properties").toString());
        assertThat(missing[0]).isEqualTo(2);
        assertThat((String) missing[2]).contains("--kafka-config: Kafka client config " + dir.resolve("none.properties")
                + " does not exist");
        Path typo = Files.writeString(dir.resolve("typo.properties"), "security.protocol=SASL_SSL\nsasl.mechanisms=PLAIN\n");
        Object[] bad = run("job", "run", "--kafka-config", typo.toString());
        assertThat((String) bad[2]).contains("Invalid value PLAIN for configuration sasl.mechanisms in " + typo
                + ": not a Java Kafka client setting: the Java client's key is sasl.mechanism");
        Path noBootstrap = dir.resolve("no-bootstrap.properties");
        Files.write(noBootstrap, Files.readAllLines(alice).stream().filter(l -> !l.startsWith("bootstrap.servers")).toList());
        Object[] embedded = run("demo", "--kafka-config", noBootstrap.toString(), "--recording", "x.aedat");
        assertThat(embedded[0]).isEqualTo(2);
        assertThat((String) embedded[2]).contains("--kafka-config is for an external broker: give --kafka HOST:PORT or "
                + "bootstrap.servers in " + noBootstrap);
    }

    private interface StateCheck {
        boolean test(JsonNode state);
    }

    /** Polls the dashboard's /state (what its page reads) until {@code check} holds. */
    private static JsonNode awaitState(DashboardServer server, StateCheck check, String what) throws Exception {
        ObjectMapper json = new ObjectMapper();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + server.port() + "/state").toURL()
                    .openConnection();
            try (InputStream in = c.getInputStream()) {
                last = json.readTree(in);
            }
            if (check.test(last)) {
                return last;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no " + what + " on the dashboard within 120 s; last state: " + last);
    }

    private static List<JsonNode> readCommittedGestures(KafkaClientConfig clients) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> out = new ArrayList<>();
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        defaults.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(clients.consumer(defaults), new StringDeserializer(),
                new StringDeserializer())) {
            TopicPartition tp = new TopicPartition(Topics.GESTURES, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (consumer.position(tp) < end && System.nanoTime() < deadline) {
                for (var rec : consumer.poll(Duration.ofMillis(200))) {
                    out.add(json.readTree(rec.value()));
                }
            }
        }
        return out;
    }

    /** Neither password in the runs' stdout and stderr nor in the log, where {@code file}'s settings were logged redacted. */
    private static void assertNoSecretIn(Path file, Object[]... runs) {
        List<String> texts = new ArrayList<>();
        for (Object[] r : runs) {
            texts.add((String) r[1]);
            texts.add((String) r[2]);
        }
        texts.add(log.text());
        assertThat(log.text()).contains("Kafka client settings from " + file).contains("sasl.jaas.config=[redacted]");
        for (String text : texts) {
            assertThat(text).doesNotContain(ALICE_PASSWORD).doesNotContain(WRONG_PASSWORD).doesNotContain(TLS_PASSWORD);
        }
    }

    /** Every log line the configuration lets through (as a log file would hold them), with its exceptions' messages. */
    static final class LogLines extends AbstractAppender implements AutoCloseable {
        private final StringBuilder text = new StringBuilder();

        private LogLines() {
            super("secure-it-" + System.nanoTime(), null, null, true, Property.EMPTY_ARRAY);
        }

        static LogLines attach() {
            LogLines lines = new LogLines();
            lines.start();
            LoggerContext context = (LoggerContext) LogManager.getContext(false);
            context.getConfiguration().getRootLogger().addAppender(lines, Level.ALL, null);
            context.updateLoggers();
            return lines;
        }

        @Override
        public synchronized void append(LogEvent event) {
            text.append(event.getLevel()).append(' ').append(event.getLoggerName()).append(' ')
                    .append(event.getMessage().getFormattedMessage());
            for (Throwable t = event.getThrown(); t != null; t = t.getCause()) {
                text.append(" | ").append(t);
            }
            text.append('\n');
        }

        synchronized String text() {
            return text.toString();
        }

        @Override
        public void close() {
            LoggerContext context = (LoggerContext) LogManager.getContext(false);
            context.getConfiguration().getRootLogger().removeAppender(getName());
            context.updateLoggers();
            stop();
        }
    }
}
