package io.dvstream.cli;

import static io.dvstream.cli.CommandLineTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dvstream.broker.junit.KafkaBootstrap;
import io.dvstream.broker.junit.WithKafkaBroker;
import io.dvstream.events.EventPacket;
import io.dvstream.events.sensor.SensorGeometry;
import io.dvstream.events.wire.WireCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/** {@code dvstream job run --bounded} against a real broker: synthetic packets in, gesture records out. */
@WithKafkaBroker
class JobRunCommandITCase {

    @Test
    void shouldRunTheGestureJobWithTheStandInAndSayItLoudly(@KafkaBootstrap String bootstrap) throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String events = "dvs.events.job-cli-" + id;
        String gestures = "dvs.gestures.job-cli-" + id;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(events, 1, (short) 1), new NewTopic(gestures, 1, (short) 1))).all().get();
        }
        // Synthetic: 2 s of a camera, 50 random events per 10 ms packet (seeded).
        Random random = new Random(3);
        WireCodec codec = new WireCodec();
        // One request in flight: a loaded broker answered the first batch to the new topic NOT_LEADER, and the
        // idempotent producer's retry then met OUT_OF_ORDER_SEQUENCE until the delivery timeout, so only part
        // of the input arrived (21 of 38 windows). Every send is checked, so broken input fails here, by name.
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int k = 0; k < 200; k++) {
                EventPacket p = new EventPacket("cam-" + id, SensorGeometry.DVS128);
                for (int i = 0; i < 50; i++) {
                    p.append(5_000_000L + k * 10_000L + i * 200L, random.nextInt(128), random.nextInt(128), random.nextBoolean());
                }
                p.setSequence(k);
                sent.add(producer.send(new ProducerRecord<>(events, p.cameraId().getBytes(StandardCharsets.UTF_8), codec.encode(p))));
            }
            producer.flush();
        }
        for (Future<RecordMetadata> f : sent) {
            f.get(); // throws what went wrong with that packet
        }

        Object[] r = run("job", "run", "--bootstrap", bootstrap, "--bounded", "--parallelism", "1", "--model", "stand-in",
                "--set", "input.topic=" + events, "--set", "output.topic=" + gestures,
                "--set", "deadletter.topic=dvs.deadletter.job-cli-" + id, "--set", "checkpoint.interval.ms=300",
                "--set", "transactional.id.prefix=job-cli-" + id, "--set", "idle.timeout.ms=600000",
                "--set", "bin.width.us=10000", "--set", "decision.min.events=0");

        assertThat(r[0]).as(r[1] + "\n" + r[2]).isEqualTo(0);
        assertThat((String) r[2]).contains("STAND-IN classifier").contains("NOT a trained model");
        assertThat((String) r[1]).contains("Gesture job: " + events).contains("Gesture job finished");
        // 199 closed 10 ms frames (the last stays open), windows of 10 steps every 5: 38 window records.
        List<JsonNode> windows = readCommitted(bootstrap, gestures).stream()
                .filter(n -> n.get("kind").asText().equals("window")).toList();
        assertThat(windows).hasSize(38);
        assertThat(windows).allSatisfy(n -> {
            assertThat(n.get("camera").asText()).isEqualTo("cam-" + id);
            assertThat(n.get("modelId").asText()).startsWith("stand-in:");
            assertThat(n.get("scores")).hasSize(11);
        });

        // The same input with seeded random DS2TA weights and the weight file's streaming settings
        // (50 ms frames, T = 10, stride 5): 39 closed frames, 6 windows.
        String gestures2 = gestures + "-ds2ta";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(gestures2, 1, (short) 1))).all().get();
        }
        Object[] d = run("job", "run", "--bootstrap", bootstrap, "--bounded", "--model", "random:small-1-64:3",
                "--set", "input.topic=" + events, "--set", "output.topic=" + gestures2,
                "--set", "deadletter.topic=dvs.deadletter.job-cli-" + id, "--set", "checkpoint.interval.ms=300",
                "--set", "transactional.id.prefix=job-cli-ds2ta-" + id, "--set", "idle.timeout.ms=600000",
                "--set", "decision.min.events=0");
        assertThat(d[0]).as(d[1] + "\n" + d[2]).isEqualTo(0);
        assertThat((String) d[2]).contains("RANDOM WEIGHTS").contains("chance level");
        List<JsonNode> ds2ta = readCommitted(bootstrap, gestures2).stream()
                .filter(n -> n.get("kind").asText().equals("window")).toList();
        assertThat(ds2ta).hasSize(6).allSatisfy(n -> {
            assertThat(n.get("modelId").asText()).matches("random:small-1-64:seed=3#[0-9a-f]{12}");
            assertThat(n.get("endUs").asLong() - n.get("startUs").asLong()).isEqualTo(500_000);
            assertThat(n.get("firingRate").asDouble()).isPositive();
        });
    }

    @Test
    void shouldRefuseAModelFileItCannotLoadAndNameBadSettings() {
        Object[] model = run("job", "run", "--model", "/nonexistent/w.safetensors");
        assertThat(model[0]).isEqualTo(2);
        assertThat((String) model[2]).contains("--model /nonexistent/w.safetensors: no such readable file");
        Object[] preset = run("job", "run", "--model", "random:huge");
        assertThat((String) preset[2]).contains("Unknown model preset huge");
        Object[] seed = run("job", "run", "--model", "random:small-1-64:x");
        assertThat((String) seed[2]).contains("seed 'x' is not an integer");
        Object[] bad = run("job", "run", "--set", "window.mode=sliding");
        assertThat(bad[0]).isEqualTo(2);
        assertThat((String) bad[2]).contains("Invalid value sliding for configuration window.mode: must be carry or reset");
        Object[] noEquals = run("job", "run", "--set", "window.steps");
        assertThat((String) noEquals[2]).contains("--set expects KEY=VALUE, got 'window.steps'");
    }

    private static List<JsonNode> readCommitted(String bootstrap, String topic) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> out = new ArrayList<>();
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
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
}
