package io.dvstream.cli.dashboard;

import io.dvstream.kafka.clientconfig.KafkaClientConfig;
import static org.assertj.core.api.Assertions.assertThat;

import io.dvstream.kafka.clientconfig.KafkaClientConfig;
import com.fasterxml.jackson.databind.JsonNode;
import io.dvstream.kafka.clientconfig.KafkaClientConfig;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dvstream.kafka.clientconfig.KafkaClientConfig;
import io.dvstream.broker.junit.KafkaBootstrap;
import io.dvstream.kafka.clientconfig.KafkaClientConfig;
import io.dvstream.broker.junit.WithKafkaBroker;
import io.dvstream.kafka.clientconfig.KafkaClientConfig;
import io.dvstream.events.EventPacket;
import io.dvstream.kafka.clientconfig.KafkaClientConfig;
import io.dvstream.events.sensor.SensorGeometry;
import io.dvstream.kafka.clientconfig.KafkaClientConfig;
import io.dvstream.events.wire.WireCodec;
import io.dvstream.kafka.clientconfig.KafkaClientConfig;
import io.dvstream.jobs.decisions.GestureEvent;
import io.dvstream.kafka.clientconfig.KafkaClientConfig;
import io.dvstream.jobs.kafka.GestureEventJson;
import io.dvstream.kafka.clientconfig.KafkaClientConfig;
import java.io.IOException;
import io.dvstream.kafka.clientconfig.KafkaClientConfig;
import java.io.InputStream;
import io.dvstream.kafka.clientconfig.KafkaClientConfig;
import java.net.HttpURLConnection;
import io.dvstream.kafka.clientconfig.KafkaClientConfig;
import java.net.InetAddress;
import io.dvstream.kafka.clientconfig.KafkaClientConfig;
import java.net.Socket;
import io.dvstream.kafka.clientconfig.KafkaClientConfig;
import java.net.URI;
import io.dvstream.kafka.clientconfig.KafkaClientConfig;
import java.nio.charset.StandardCharsets;
import io.dvstream.kafka.clientconfig.KafkaClientConfig;
import java.nio.file.Files;
import io.dvstream.kafka.clientconfig.KafkaClientConfig;
import java.nio.file.Path;
import io.dvstream.kafka.clientconfig.KafkaClientConfig;
import java.util.List;
import io.dvstream.kafka.clientconfig.KafkaClientConfig;
import java.util.Map;
import io.dvstream.kafka.clientconfig.KafkaClientConfig;
import java.util.UUID;
import io.dvstream.kafka.clientconfig.KafkaClientConfig;
import java.util.concurrent.TimeUnit;
import io.dvstream.kafka.clientconfig.KafkaClientConfig;
import org.apache.kafka.clients.admin.Admin;
import io.dvstream.kafka.clientconfig.KafkaClientConfig;
import org.apache.kafka.clients.admin.AdminClientConfig;
import io.dvstream.kafka.clientconfig.KafkaClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import io.dvstream.kafka.clientconfig.KafkaClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import io.dvstream.kafka.clientconfig.KafkaClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import io.dvstream.kafka.clientconfig.KafkaClientConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import io.dvstream.kafka.clientconfig.KafkaClientConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import io.dvstream.kafka.clientconfig.KafkaClientConfig;
import org.junit.jupiter.api.Test;
import io.dvstream.kafka.clientconfig.KafkaClientConfig;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard server over HTTP against a real broker, without a browser: who gets in (token,
 * cookie, Host header), what {@code /state} says about packets and gesture records written to the
 * topics (synthetic packets; records in the documented {@code dvs.gestures} format), and that a
 * {@code --kafka-config} file reaches its Kafka clients.
 */
@WithKafkaBroker
class DashboardServerITCase {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static DashboardSettings settings(String bootstrap, String suffix) {
        return DashboardSettings.defaults(bootstrap).withTopics("ev." + suffix, "ge." + suffix, "la." + suffix)
                .withAddress(InetAddress.getLoopbackAddress(), 0, null);
    }

    private static void createTopics(String bootstrap, String... names) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(names).stream().map(n -> new NewTopic(n, 1, (short) 1)).toList()).all().get();
        }
    }

    /** A raw HTTP/1.1 GET, so that the Host header can be anything. */
    private static String get(int port, String path, String host, String... headers) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            StringBuilder req = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n");
            for (String h : headers) {
                req.append(h).append("\r\n");
            }
            s.getOutputStream().write(req.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            try (InputStream in = s.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    @Test
    void shouldAnswerOnlyRequestsAddressedToLocalhostWithoutAToken(@KafkaBootstrap String bootstrap) throws Exception {
        try (DashboardServer server = DashboardServer.start(settings(bootstrap, UUID.randomUUID().toString()))) {
            assertThat(get(server.port(), "/", "127.0.0.1:" + server.port())).startsWith("HTTP/1.1 200").contains("dvstream live dashboard");
            assertThat(get(server.port(), "/dashboard.js", "localhost")).startsWith("HTTP/1.1 200")
                    .contains("Content-type: text/javascript");
            assertThat(get(server.port(), "/", "rebound.attacker.example")).startsWith("HTTP/1.1 401")
                    .contains("only requests addressed to localhost");
            assertThat(get(server.port(), "/secret", "localhost")).startsWith("HTTP/1.1 404");
            assertThat(server.url(true)).isEqualTo("http://127.0.0.1:" + server.port() + "/");
        }
    }

    @Test
    void shouldAskForTheTokenAndSwapItForACookie(@KafkaBootstrap String bootstrap) throws Exception {
        String token = DashboardServer.newToken();
        DashboardSettings s = settings(bootstrap, UUID.randomUUID().toString()).withAddress(InetAddress.getLoopbackAddress(), 0, token);
        try (DashboardServer server = DashboardServer.start(s)) {
            int port = server.port();
            assertThat(server.url(true)).endsWith("/?token=" + token);
            assertThat(get(port, "/", "any.host")).startsWith("HTTP/1.1 401").contains("a token is required");
            assertThat(get(port, "/state", "any.host", "Authorization: Bearer wrong-token-of-some-length")).startsWith("HTTP/1.1 401");

            String redirect = get(port, "/?token=" + token, "any.host");
            assertThat(redirect).startsWith("HTTP/1.1 303").contains("Location: /")
                    .contains("Set-cookie: dvstream_dashboard_" + port + "=" + token + "; Path=/; HttpOnly; SameSite=Strict");
            assertThat(get(port, "/", "any.host", "Cookie: other=1; dvstream_dashboard_" + port + "=" + token))
                    .startsWith("HTTP/1.1 200").contains("dvstream live dashboard");
            assertThat(get(port, "/state", "any.host", "Authorization: Bearer " + token)).startsWith("HTTP/1.1 200");
            assertThat(get(port, "/stream", "any.host", "Cookie: dvstream_dashboard_" + port + "=" + token + "x"))
                    .startsWith("HTTP/1.1 401");
        }
    }

    @Test
    void shouldShowPacketsAndGestureRecordsFromTheTopics(@KafkaBootstrap String bootstrap) throws Exception {
        String suffix = UUID.randomUUID().toString();
        DashboardSettings s = settings(bootstrap, suffix);
        createTopics(bootstrap, s.eventsTopic(), s.gesturesTopic(), s.labelsTopic());
        try (DashboardServer server = DashboardServer.start(s);
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                     new ByteArraySerializer(), new ByteArraySerializer())) {
            // The reader starts the events topic at its end: write only once it reads all three topics.
            awaitState(server, st -> st.path("dashboard").path("partitionsRead").asInt() == 3, "three partitions read");
            WireCodec codec = new WireCodec();
            byte[] key = "cam-a".getBytes(StandardCharsets.UTF_8);
            // Synthetic packets: sequences 0, 1, 2, then 5 (3 and 4 lost), 7 events each, 2 dropped in the last.
            long[] sequences = {0, 1, 2, 5};
            for (int k = 0; k < sequences.length; k++) {
                EventPacket p = new EventPacket("cam-a", SensorGeometry.DVS128);
                for (int i = 0; i < 7; i++) {
                    p.append(1_000_000L + k * 10_000L + i, 10 + i, 20, i % 2 == 0);
                }
                p.setSequence(sequences[k]);
                p.setDroppedEvents(k == 3 ? 2 : 0);
                producer.send(new ProducerRecord<>(s.eventsTopic(), key, codec.encode(p))).get();
            }
            long emitted = System.currentTimeMillis();
            float[] scores = new float[11];
            scores[1] = 0.8f;
            for (int i = 0; i < 11; i++) {
                scores[i] = i == 1 ? 0.8f : 0.02f;
            }
            GestureEvent window = new GestureEvent("cam-a", GestureEvent.Kind.WINDOW, "right_hand_wave", 1, 0.8, scores, new float[11],
                    0, 3, 1_000_000, 1_020_000, emitted, "synthetic-model", 0.01, 1e-6, 4.25);
            GestureEvent start = new GestureEvent("cam-a", GestureEvent.Kind.START, "right_hand_wave", 1, 0.8, null, null,
                    0, 3, 1_000_000, 1_020_000, emitted, "synthetic-model", 0.01, 1e-6, 4.25);
            producer.send(new ProducerRecord<>(s.gesturesTopic(), key, GestureEventJson.write(window))).get();
            producer.send(new ProducerRecord<>(s.gesturesTopic(), key, GestureEventJson.write(start))).get();

            JsonNode cam = awaitState(server, st -> st.path("cameras").size() == 1
                    && st.path("cameras").get(0).path("current").has("gesture")
                    && st.path("cameras").get(0).path("health").path("packets").asLong() == 4, "camera with its records")
                    .path("cameras").get(0);
            assertThat(cam.path("camera").asText()).isEqualTo("cam-a");
            assertThat(cam.path("sensor").asText()).isEqualTo("dvs128 128x128");
            JsonNode h = cam.path("health");
            assertThat(h.path("events").asLong()).isEqualTo(28);
            assertThat(h.path("droppedEvents").asLong()).isEqualTo(2);
            assertThat(h.path("sequenceGaps").asLong()).isEqualTo(1);
            assertThat(h.path("missingPackets").asLong()).isEqualTo(2);
            assertThat(h.path("inferenceMs").asDouble()).isEqualTo(4.25);
            assertThat(h.path("inferenceP95Ms").asDouble()).isEqualTo(4.25);
            // The window ends at 1.02 s camera time: the packet of sequence 2 (events up to 1,020,006 us) reached it.
            assertThat(h.has("decisionLatencyMs")).isTrue();
            assertThat(cam.path("current").path("gesture").asText()).isEqualTo("right_hand_wave");
            assertThat(cam.path("window").path("scores").size()).isEqualTo(11);
            assertThat(cam.path("classes").get(1).asText()).isEqualTo("right_hand_wave");
            assertThat(cam.path("timeline").get(0).path("kind").asText()).isEqualTo("start");
        }
    }

    @Test
    void shouldApplyTheKafkaConfigFileToItsClients(@KafkaBootstrap String bootstrap, @TempDir Path dir) throws Exception {
        // The broker speaks PLAINTEXT: a file asking for TLS must make the dashboard's reader fail to get metadata,
        // which shows the file reached it (a client without it reads fine, as the tests above show).
        Path file = dir.resolve("client.properties");
        Files.writeString(file, "security.protocol=SSL\nrequest.timeout.ms=2000\ndefault.api.timeout.ms=3000\n");
        String suffix = UUID.randomUUID().toString();
        DashboardSettings s = settings(bootstrap, suffix).withKafka(KafkaClientConfig.load(file));
        createTopics(bootstrap, s.eventsTopic());
        try (DashboardServer server = DashboardServer.start(s)) {
            JsonNode st = awaitState(server, x -> x.path("dashboard").has("readerError"), "a reader error");
            System.out.println("reader error with security.protocol=SSL against a PLAINTEXT broker: "
                    + st.path("dashboard").path("readerError").asText());
            assertThat(st.path("dashboard").path("readerError").asText()).startsWith("no metadata for topic ");
            assertThat(st.path("dashboard").path("partitionsRead").asInt()).isZero();
        }
    }

    private interface StateCheck {
        boolean test(JsonNode state);
    }

    private static JsonNode awaitState(DashboardServer server, StateCheck check, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + server.port() + "/state").toURL().openConnection();
            try (InputStream in = c.getInputStream()) {
                last = JSON.readTree(in);
            }
            if (check.test(last)) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no " + what + " within 90 s; last state: " + last);
    }
}
