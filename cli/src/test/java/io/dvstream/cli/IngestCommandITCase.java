package io.dvstream.cli;

import static io.dvstream.cli.CommandLineTest.recording;
import static io.dvstream.cli.CommandLineTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dvstream.broker.junit.KafkaBootstrap;
import io.dvstream.broker.junit.WithKafkaBroker;
import io.dvstream.events.wire.Topics;
import io.dvstream.ingest.sim.CameraLabel;
import io.dvstream.ingest.sim.SimulatedCamera;
import io.dvstream.ingest.sim.SimulatedCameraSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

@WithKafkaBroker
class IngestCommandITCase {

    @Test
    void shouldIngestARecordingSourceAndAcknowledgeEveryEvent(@KafkaBootstrap String bootstrap) {
        Path alex = recording("dvs128_alex_walking_again.aedat");
        // 6.9 s of camera time in 5 ms packets is ~1,400 packets; the queue holds them all.
        Object[] r = run("ingest", "--source", "file:" + alex, "--camera", "ingest-cli-" + System.nanoTime(),
                "--kafka", bootstrap, "--queue-packets", "4096", "--no-status", "--compression", "zstd");
        assertThat(r[0]).as("stderr: %s", r[2]).isEqualTo(0);
        assertThat((String) r[1]).contains("Ingesting recording " + alex)
                .contains("Ingested 19,182 events, 19,182 acknowledged by Kafka")
                .contains("dropped 0 events in 0 packets");
    }

    @Test
    void shouldPublishASimulatedCamerasLabelsToTheLabelsTopic(@KafkaBootstrap String bootstrap) throws Exception {
        String camera = "ingest-sim-" + System.nanoTime();
        // A small sensor and short gestures keep the simulation cheap; unpaced, the script ends by itself.
        String source = "sim:32x32?gestures=1,3,10&seed=5&speed=max&gesture_s=1&gap_s=0.5";
        Object[] r = run("ingest", "--source", source, "--camera", camera, "--kafka", bootstrap,
                "--queue-packets", "4096", "--no-status");
        assertThat(r[0]).as("stderr: %s", r[2]).isEqualTo(0);
        assertThat((String) r[1]).contains("dropped 0 events in 0 packets").contains("Published 3 labels to dvs.labels");

        // The same spec run here gives the labels the camera performed (the simulator is deterministic).
        List<String> expected = new ArrayList<>();
        try (SimulatedCamera reference = new SimulatedCamera(withId(SimulatedCameraSpec.parse(source), camera))) {
            reference.run(packet -> { }, label -> {
                if (label.phase() == CameraLabel.Phase.START) {
                    expected.add(camera + " " + label.gesture().number() + " " + label.gesture().displayName() + " "
                            + label.startUs() + ".." + label.endUs() + " pass 0");
                }
            });
        }
        assertThat(expected).hasSize(3);

        ObjectMapper mapper = new ObjectMapper();
        List<String> published = new ArrayList<>();
        for (String value : readLabels(bootstrap, camera, 3)) {
            JsonNode json = mapper.readTree(value);
            published.add(json.get("camera").asText() + " " + json.get("class").asInt() + " " + json.get("gesture").asText() + " "
                    + json.get("startUs").asLong() + ".." + json.get("endUs").asLong() + " pass " + json.get("pass").asLong());
        }
        assertThat(published).containsExactlyElementsOf(expected);
        assertThat(published.get(0)).startsWith(camera + " 1 hand clap ");
        assertThat(published.get(2)).startsWith(camera + " 10 air guitar ");
    }

    private static SimulatedCameraSpec withId(SimulatedCameraSpec s, String id) {
        return new SimulatedCameraSpec(s.sensor(), s.script(), s.loop(), s.seed(), s.lighting(), s.user(), s.speed(), s.packetUs(),
                s.gestureS(), s.gapS(), s.pixels(), id);
    }

    /** The values keyed {@code camera} in dvs.labels, from the beginning, until {@code count} arrived or 30 s. */
    private static List<String> readLabels(String bootstrap, String camera, int count) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.LABELS).stream()
                    .map(info -> new TopicPartition(Topics.LABELS, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (camera.equals(record.key())) {
                        values.add(record.value());
                    }
                }
            }
        }
        assertThat(values).as("labels of %s in %s within 30 s", camera, Topics.LABELS).hasSize(count);
        return values;
    }
}
