package io.dvstream.jobs;

import static io.dvstream.jobs.GestureFixtures.BIN_US;
import static io.dvstream.jobs.GestureFixtures.DECISIONS;
import static io.dvstream.jobs.GestureFixtures.STAND_IN;
import static io.dvstream.jobs.GestureFixtures.WINDOWS;
import static io.dvstream.jobs.GestureFixtures.between;
import static io.dvstream.jobs.GestureFixtures.offline;
import static io.dvstream.jobs.GestureFixtures.packets;
import static io.dvstream.jobs.GestureFixtures.readCommitted;
import static io.dvstream.jobs.GestureFixtures.renamed;
import static io.dvstream.jobs.GestureFixtures.sendAll;
import static org.assertj.core.api.Assertions.assertThat;

import io.dvstream.broker.junit.KafkaBootstrap;
import io.dvstream.broker.junit.WithKafkaBroker;
import io.dvstream.events.EventPacket;
import io.dvstream.events.binning.BinningConfig;
import io.dvstream.events.wire.WireCodec;
import io.dvstream.jobs.binning.BinningSettings;
import io.dvstream.jobs.decisions.GestureEvent;
import io.dvstream.jobs.inference.InferenceBatching;
import io.dvstream.jobs.kafka.GestureEventJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rescaling with a savepoint: the gesture job runs unbounded at parallelism 1 over the first half
 * of three cameras' packets, stops with a savepoint, and is restored at parallelism 2 for the
 * second half. The committed records must be exactly those of the offline reference over all
 * packets: binner, classifier and decision state moved to the new subtasks intact.
 */
@WithKafkaBroker
class GestureJobRescaleITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .setConfiguration(clusterConfiguration())
            .build());

    private static Configuration clusterConfiguration() {
        Configuration conf = BinningJob.flinkConfiguration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        return conf;
    }

    @Test
    void shouldContinueIdenticallyAfterASavepointAtParallelismOneRestoredAtTwo(@KafkaBootstrap String bootstrap,
                                                                               @TempDir Path savepoints) throws Exception {
        savepointAtOneRestoreAtTwo(bootstrap, savepoints, InferenceBatching.off(), InferenceBatching.off());
    }

    /**
     * Micro-batching turned on across a savepoint (the same uid and keyed state as the per-frame
     * operator, docs/gesture-job.md, "Micro-batching"), and off again: frames waiting in the
     * batched operator when the savepoint is taken are stepped before its barrier.
     */
    @Test
    void shouldContinueIdenticallyWhenMicroBatchingIsTurnedOnOrOffAcrossASavepoint(@KafkaBootstrap String bootstrap,
                                                                                   @TempDir Path savepoints) throws Exception {
        savepointAtOneRestoreAtTwo(bootstrap, savepoints.resolve("on"), InferenceBatching.off(), new InferenceBatching(8, 5));
        savepointAtOneRestoreAtTwo(bootstrap, savepoints.resolve("off"), new InferenceBatching(8, 5), InferenceBatching.off());
    }

    private static void savepointAtOneRestoreAtTwo(String bootstrap, Path savepoints, InferenceBatching before,
                                                   InferenceBatching after) throws Exception {
        List<EventPacket> source = packets(SharedRecordings.require(SharedRecordings.DVS128));
        long t0 = source.get(0).firstTUs();
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, List<EventPacket>> cameras = new LinkedHashMap<>();
        cameras.put("alex-" + run, renamed(source, "alex-" + run, 0));
        cameras.put("shifted-" + run, renamed(source, "shifted-" + run, 7_200_000_000L));
        List<EventPacket> reset = new ArrayList<>(between(source, t0, t0 + 4_000_000));
        reset.addAll(between(source, t0, t0 + 3_000_000));
        cameras.put("reset-" + run, renamed(reset, "reset-" + run, 0));
        String events = "dvs.events.rescale-" + run;
        String gestures = "dvs.gestures.rescale-" + run;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(events, 2, (short) 1), new NewTopic(gestures, 2, (short) 1))).all().get();
        }
        BinningJobConfig job = GestureJobConfig.defaults(bootstrap).job()
                .withTopics(events, "unused", "dvs.deadletter.rescale-" + run)
                .withCheckpointIntervalMs(200)
                .withTransactionalIdPrefix("rescale-" + run)
                .withBinning(new BinningSettings(BIN_US, 128, 128, BinningConfig.DEFAULT_MAX_GAP_US, null, 600_000, 600_000));
        GestureJobConfig config = new GestureJobConfig(job, gestures, WINDOWS, DECISIONS);

        Map<String, List<GestureEvent>> expectedFirstHalf = new LinkedHashMap<>();
        Map<String, List<GestureEvent>> expected = new LinkedHashMap<>();
        cameras.forEach((cam, packets) -> {
            expectedFirstHalf.put(cam, offline(cam, packets.subList(0, packets.size() / 2)));
            expected.put(cam, offline(cam, packets));
        });

        publish(bootstrap, events, cameras, true);
        StreamExecutionEnvironment one = StreamExecutionEnvironment.getExecutionEnvironment();
        one.setParallelism(1);
        JobClient first = new GestureJob(config.withBatching(before), STAND_IN).executeAsync(one);
        awaitRecords(bootstrap, gestures, total(expectedFirstHalf));
        String savepoint = first.stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                .get(60, TimeUnit.SECONDS);
        assertThat(byCamera(readCommitted(bootstrap, gestures, 0))).as("before the savepoint").isEqualTo(expectedFirstHalf);

        publish(bootstrap, events, cameras, false);
        StreamExecutionEnvironment two = StreamExecutionEnvironment.getExecutionEnvironment();
        two.setParallelism(2);
        Configuration restore = new Configuration();
        restore.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        two.configure(restore);
        JobClient second = new GestureJob(config.withBatching(after), STAND_IN).executeAsync(two);
        try {
            awaitRecords(bootstrap, gestures, total(expected));
        } finally {
            second.cancel().get(30, TimeUnit.SECONDS);
        }
        Map<String, List<GestureEvent>> actual = byCamera(readCommitted(bootstrap, gestures, 0));
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        actual.forEach((cam, records) -> assertThat(records).as(cam).containsExactlyElementsOf(expected.get(cam)));
    }

    private static int total(Map<String, List<GestureEvent>> records) {
        return records.values().stream().mapToInt(List::size).sum();
    }

    private static void awaitRecords(String bootstrap, String topic, int count) throws Exception {
        List<ConsumerRecord<byte[], byte[]>> read = readCommitted(bootstrap, topic, count);
        assertThat(read).as("committed records of " + topic).hasSizeGreaterThanOrEqualTo(count);
    }

    /** The records per camera with wall times cleared (the only field two runs may differ in). */
    private static Map<String, List<GestureEvent>> byCamera(List<ConsumerRecord<byte[], byte[]>> records) throws Exception {
        Map<String, List<GestureEvent>> out = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            GestureEvent g = GestureEventJson.read(r.value()).withoutWallTime();
            out.computeIfAbsent(g.camera(), k -> new ArrayList<>()).add(g);
        }
        return out;
    }

    /** Publishes the first or the second half of every camera's packets. */
    private static void publish(String bootstrap, String topic, Map<String, List<EventPacket>> cameras, boolean firstHalf)
            throws Exception {
        WireCodec codec = new WireCodec();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        cameras.forEach((cam, packets) -> {
            int half = packets.size() / 2;
            for (EventPacket p : firstHalf ? packets.subList(0, half) : packets.subList(half, packets.size())) {
                records.add(new ProducerRecord<>(topic, cam.getBytes(StandardCharsets.UTF_8), codec.encode(p)));
            }
        });
        sendAll(bootstrap, topic, records);
    }
}
