package io.dvstream.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dvstream.broker.junit.KafkaBootstrap;
import io.dvstream.broker.junit.WithKafkaBroker;
import io.dvstream.events.EventPacket;
import io.dvstream.events.binning.BinningConfig;
import io.dvstream.events.binning.Frame;
import io.dvstream.events.binning.FrameBinner;
import io.dvstream.events.binning.FrameListener;
import io.dvstream.events.wire.Topics;
import io.dvstream.ingest.aedat.ReaderOptions;
import io.dvstream.ingest.aedat.RecordingReader;
import io.dvstream.ingest.aedat.Recordings;
import io.dvstream.ingest.kafka.PacketPublisher;
import io.dvstream.ingest.kafka.PublisherConfig;
import io.dvstream.ingest.replay.Packetizer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole job on a MiniCluster (parallelism 2) against the real broker: a recording replayed
 * into {@code dvs.events} gives exactly the frames {@link FrameBinner} computes offline from the
 * same file, and a corrupt record ends up in {@code dvs.deadletter} with its reason.
 */
@WithKafkaBroker
class BinningJobITCase {

    private static final int PARALLELISM = 2;
    private static final long PACKET_US = 10_000;
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(PARALLELISM)
            .setConfiguration(clusterConfiguration())
            .build());

    private static Configuration clusterConfiguration() {
        Configuration conf = BinningJob.flinkConfiguration();
        // A misconfigured exactly-once sink restart-loops; in a test it should fail at once.
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        return conf;
    }

    /** One frame summary as the job writes it, or as the offline binner computes it. */
    record Summary(long stream, long frame, long startUs, long endUs, int events, int on, int off) {
    }

    @Test
    void shouldBinAReplayedRecordingExactlyAsTheOfflineBinnerAndDeadLetterACorruptRecord(@KafkaBootstrap String bootstrap)
            throws Exception {
        Path recording = SharedRecordings.require(SharedRecordings.DVS128);
        String run = UUID.randomUUID().toString().substring(0, 8);
        // The same recording as two cameras, so both subtasks of the keyed operator have work.
        List<String> cameras = List.of("alex-" + run, "alex-twin-" + run);
        String corruptCamera = "corrupt-" + run;
        String framesTopic = "dvs.frames.it-" + run;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(framesTopic, PARALLELISM, (short) 1))).all().get();
        }
        long published = 0;
        for (String camera : cameras) {
            published += replay(recording, camera, bootstrap);
        }
        RecordMetadata corrupt = sendCorruptRecord(bootstrap, corruptCamera);

        BinningJobConfig config = BinningJobConfig.defaults(bootstrap)
                .withTopics(Topics.EVENTS, framesTopic, Topics.DEADLETTER)
                .withBounded(true)
                .withCheckpointIntervalMs(300)
                .withTransactionalIdPrefix("it-" + run)
                // No idle closes during the run: the last frame stays open, as offline.
                .withBinning(io.dvstream.jobs.binning.BinningSettings.defaults().withIdleTimeoutMs(600_000));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(PARALLELISM);
        long start = System.nanoTime();
        JobClient job = new BinningJob(config).executeAsync(env);
        job.getJobExecutionResult().get(JOB_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        System.out.printf("BinningJobITCase: bounded job over %d packets (%d frames expected) took %d ms%n", published,
                offlineFrames(recording, config.binningConfig()).size(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));

        List<Summary> expected = offlineFrames(recording, config.binningConfig());
        assertThat(expected).hasSizeGreaterThan(600); // 6.9 s of recording in 10 ms frames
        assertThat(expected).anyMatch(s -> s.events() == 0);
        for (String camera : cameras) {
            List<Summary> frames = readCommitted(bootstrap, framesTopic, camera, expected.size()).stream()
                    .map(BinningJobITCase::summary).toList();
            assertThat(frames).as(camera).hasSameSizeAs(expected);
            assertThat(frames).as(camera).containsExactlyElementsOf(expected);
            assertThat(frames.stream().mapToInt(Summary::events).sum()).as(camera)
                    .isEqualTo(expected.stream().mapToInt(Summary::events).sum());
        }

        List<JsonNode> letters = readCommitted(bootstrap, Topics.DEADLETTER, corruptCamera, 1);
        assertThat(letters).singleElement().satisfies(d -> {
            assertThat(d.get("camera").asText()).isEqualTo(corruptCamera);
            assertThat(d.get("kind").asText()).isEqualTo("VERSION");
            assertThat(d.get("reason").asText()).startsWith("not a dvstream packet: format byte 0x00, expected 0xD1");
            assertThat(d.get("topic").asText()).isEqualTo(Topics.EVENTS);
            assertThat(d.get("partition").asInt()).isEqualTo(corrupt.partition());
            assertThat(d.get("offset").asLong()).isEqualTo(corrupt.offset());
        });
    }

    /** Publishes the recording as {@code camera} in 10 ms packets, as the replay command does. */
    private static long replay(Path recording, String camera, String bootstrap) throws Exception {
        try (PacketPublisher publisher = new PacketPublisher(PublisherConfig.to(bootstrap));
             RecordingReader reader = Recordings.open(recording, ReaderOptions.DEFAULTS.withCameraId(camera))) {
            Packetizer packetizer = new Packetizer(PACKET_US, publisher::publish);
            while (reader.hasNext()) {
                packetizer.accept(reader.next());
            }
            packetizer.flush();
            publisher.flush();
            return publisher.packets();
        }
    }

    private static RecordMetadata sendCorruptRecord(String bootstrap, String camera) throws Exception {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            return producer.send(new ProducerRecord<>(Topics.EVENTS, camera.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    new byte[] {0x00, 0x01})).get();
        }
    }

    /** Closed frames of the whole file binned in one go, without Kafka or Flink. */
    private static List<Summary> offlineFrames(Path recording, BinningConfig binning) throws Exception {
        List<Summary> out = new ArrayList<>();
        try (RecordingReader reader = Recordings.open(recording)) {
            FrameBinner binner = new FrameBinner(binning, reader.sensor());
            FrameListener collect = new FrameListener() {
                @Override
                public void onFrame(Frame f) {
                    out.add(new Summary(binner.restarts(), f.index(), f.startUs(), f.endUs(), f.eventCount(),
                            (int) f.channelTotal(EventPacket.ON), (int) f.channelTotal(EventPacket.OFF)));
                }
            };
            while (reader.hasNext()) {
                binner.accept(reader.next(), collect);
            }
        }
        return out;
    }

    /**
     * The committed records of {@code camera} in {@code topic}, in offset order: everything up to the
     * last stable offsets, read again until at least {@code expected} records are there (the sinks
     * commit as the job ends) or 30 s have passed.
     */
    private static List<JsonNode> readCommitted(String bootstrap, String topic, String camera, int expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<JsonNode> read = readCommittedOnce(bootstrap, topic, camera, deadline);
        while (read.size() < expected && System.nanoTime() < deadline) {
            Thread.sleep(200);
            read = readCommittedOnce(bootstrap, topic, camera, deadline);
        }
        return read;
    }

    private static List<JsonNode> readCommittedOnce(String bootstrap, String topic, String camera, long deadline) throws Exception {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<JsonNode> read = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions); // the last stable offsets under read_committed
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to " + end + " within 30 s");
                }
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (camera.equals(r.key())) {
                        read.add(JSON.readTree(r.value()));
                    }
                }
            }
        }
        return read;
    }

    private static Summary summary(JsonNode n) {
        return new Summary(n.get("stream").asLong(), n.get("frame").asLong(), n.get("startUs").asLong(), n.get("endUs").asLong(),
                n.get("events").asInt(), n.get("on").asInt(), n.get("off").asInt());
    }
}
