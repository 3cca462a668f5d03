package io.dvstream.cli;

import static io.dvstream.cli.CommandLineTest.recording;
import static io.dvstream.cli.CommandLineTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dvstream.broker.junit.KafkaBootstrap;
import io.dvstream.broker.junit.WithKafkaBroker;
import io.dvstream.events.EventPacket;
import io.dvstream.events.wire.Topics;
import io.dvstream.events.wire.WireCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dvstream replay} into a real broker, read back from Kafka. */
@WithKafkaBroker
class ReplayCommandITCase {

    private static final long ALEX_EVENTS = 19_182;
    private static final long ALEX_FIRST_US = 41_306_606L;
    private static final long ALEX_LAST_US = 48_193_156L;
    /** One pass and the 1 ms gap before the next. */
    private static final long ALEX_PERIOD_US = ALEX_LAST_US - ALEX_FIRST_US + ReplayCommand.LOOP_GAP_US;

    @Test
    void shouldDeliverEveryEventAtMaxSpeed(@KafkaBootstrap String bootstrap) {
        Path alex = recording("dvs128_alex_walking_again.aedat");
        String camera = "alex-max-" + UUID.randomUUID();
        Object[] r = run("replay", alex.toString(), "--camera", camera, "--kafka", bootstrap, "--speed", "max");
        assertThat(r[0]).as(r[1] + "" + r[2]).isEqualTo(0);
        assertThat((String) r[1]).contains("at full speed")
                .contains("Sent 19,182 events in 683 packets over 1 pass (6.887 s of camera time)")
                .contains("worst lag behind real pace n/a (--speed max)");
        assertThat((String) r[2]).contains("replay").contains("19182/? events").contains("camera 6.887 s").contains("n/a (max speed)");

        List<EventPacket> packets = readPackets(bootstrap, camera, 683);
        assertThat(packets.stream().mapToLong(EventPacket::size).sum()).isEqualTo(ALEX_EVENTS);
        assertThat(packets).extracting(EventPacket::sequence).containsExactlyElementsOf(LongStream.range(0, 683).boxed().toList());
        EventPacket first = packets.get(0);
        assertThat(first.tUs(0)).isEqualTo(ALEX_FIRST_US);
        assertThat(first.x(0)).isEqualTo(62);
        assertThat(first.y(0)).isEqualTo(9);
        assertThat(first.isOn(0)).isFalse();
        assertThat(packets.get(682).lastTUs()).isEqualTo(ALEX_LAST_US);
    }

    @Test
    void shouldLoopOnOneMonotoneCameraClock(@KafkaBootstrap String bootstrap) {
        Path alex = recording("dvs128_alex_walking_again.aedat");
        String camera = "alex-loop-" + UUID.randomUUID();
        Object[] r = run("replay", alex.toString(), "--camera", camera, "--kafka", bootstrap, "--speed", "max",
                "--loops", "3", "--no-progress");
        assertThat(r[0]).as(r[1] + "" + r[2]).isEqualTo(0);
        assertThat((String) r[1]).contains("Sent 57,546 events in ").contains(" over 3 passes");
        assertThat((String) r[2]).doesNotContain("replay ");

        List<EventPacket> packets = readEvents(bootstrap, camera, 3 * ALEX_EVENTS);
        long previousUs = Long.MIN_VALUE;
        long events = 0;
        for (int k = 0; k < packets.size(); k++) {
            EventPacket p = packets.get(k);
            assertThat(p.sequence()).isEqualTo(k);
            for (int i = 0; i < p.size(); i++) {
                assertThat(p.tUs(i)).as("event %d of packet %d", i, k).isGreaterThanOrEqualTo(previousUs);
                previousUs = p.tUs(i);
                if (events + i == ALEX_EVENTS || events + i == 2 * ALEX_EVENTS) {
                    // The first event of passes 2 and 3: 1 ms after the last of the pass before.
                    assertThat(p.tUs(i)).isEqualTo(ALEX_FIRST_US + (events + i) / ALEX_EVENTS * ALEX_PERIOD_US);
                }
            }
            events += p.size();
        }
        assertThat(events).isEqualTo(3 * ALEX_EVENTS);
        assertThat(previousUs).isEqualTo(ALEX_LAST_US + 2 * ALEX_PERIOD_US);
    }

    @Test
    void shouldPublishLabelsToTheLabelsTopic(@KafkaBootstrap String bootstrap, @TempDir Path dir) throws Exception {
        Path alex = recording("dvs128_alex_walking_again.aedat");
        Path csv = dir.resolve("alex_labels.csv");
        Files.writeString(csv, """
                class,startTime_usec,endTime_usec
                3,45000000,46000000
                1,42000000,43000000
                11,50000000,51000000
                """);
        String camera = "alex-labels-" + UUID.randomUUID();
        Object[] r = run("replay", alex.toString(), "--camera", camera, "--kafka", bootstrap, "--speed", "max",
                "--loops", "2", "--labels", csv.toString(), "--no-progress");
        assertThat(r[0]).as(r[1] + "" + r[2]).isEqualTo(0);
        assertThat((String) r[1]).contains("3 labels per pass to dvs.labels")
                .contains("4 labels to dvs.labels, 2 not sent (they start after the recording's last event)");

        List<String> labels = new ArrayList<>();
        read(bootstrap, Topics.LABELS, camera, new StringDeserializer(), v -> v, l -> labels.size() >= 4, labels);
        ObjectMapper mapper = new ObjectMapper();
        List<String> summary = new ArrayList<>();
        for (String label : labels) {
            JsonNode json = mapper.readTree(label);
            assertThat(json.get("camera").asText()).isEqualTo(camera);
            summary.add(json.get("pass").asLong() + " " + json.get("class").asInt() + " " + json.get("gesture").asText()
                    + " " + json.get("startUs").asLong() + ".." + json.get("endUs").asLong());
        }
        assertThat(summary).containsExactly(
                "0 1 hand clap 42000000..43000000",
                "0 3 left hand wave 45000000..46000000",
                "1 1 hand clap " + (42_000_000 + ALEX_PERIOD_US) + ".." + (43_000_000 + ALEX_PERIOD_US),
                "1 3 left hand wave " + (45_000_000 + ALEX_PERIOD_US) + ".." + (46_000_000 + ALEX_PERIOD_US));
    }

    private static List<EventPacket> readPackets(String bootstrap, String camera, int packets) {
        List<EventPacket> read = new ArrayList<>();
        WireCodec codec = new WireCodec();
        read(bootstrap, Topics.EVENTS, camera, new ByteArrayDeserializer(), v -> codec.decode(camera, v),
                l -> l.size() >= packets, read);
        return read;
    }

    private static List<EventPacket> readEvents(String bootstrap, String camera, long events) {
        List<EventPacket> read = new ArrayList<>();
        WireCodec codec = new WireCodec();
        long[] seen = {0};
        read(bootstrap, Topics.EVENTS, camera, new ByteArrayDeserializer(), v -> {
            EventPacket p = codec.decode(camera, v);
            seen[0] += p.size();
            return p;
        }, l -> seen[0] >= events, read);
        return read;
    }

    /** Reads {@code topic} from the beginning, keeping the values keyed {@code camera}, until {@code done} or 30 s. */
    private static <V, T> void read(String bootstrap, String topic, String camera,
            Deserializer<V> values, Function<V, T> decode, Predicate<List<T>> done, List<T> into) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(p, new StringDeserializer(), values)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!done.test(into) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(200))) {
                    if (camera.equals(record.key())) {
                        into.add(decode.apply(record.value()));
                    }
                }
            }
        }
        assertThat(done.test(into)).as("read %d records of camera %s from %s within 30 s", into.size(), camera, topic).isTrue();
    }
}
