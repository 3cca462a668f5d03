package io.dvstream.jobs;

import static io.dvstream.jobs.GestureFixtures.BIN_US;
import static io.dvstream.jobs.GestureFixtures.DECISIONS;
import static io.dvstream.jobs.GestureFixtures.STAND_IN;
import static io.dvstream.jobs.GestureFixtures.WINDOWS;
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
import io.dvstream.jobs.kafka.GestureEventJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A TaskManager lost mid-stream: two TaskManagers with two slots each, the job at parallelism 2
 * spread over both; after a checkpoint has completed one TaskManager is shut down. The job
 * restarts on the other from the checkpoint, and the committed records (read_committed) must be
 * exactly the offline reference's: nothing missing, nothing twice.
 */
@WithKafkaBroker
class GestureJobTaskManagerLossITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(2)
            .setNumberSlotsPerTaskManager(2)
            .setConfiguration(clusterConfiguration())
            .build());

    private static Configuration clusterConfiguration() {
        Configuration conf = BinningJob.flinkConfiguration();
        // Spread the job's slots over both TaskManagers, so that losing either one hurts.
        conf.set(TaskManagerOptions.TASK_MANAGER_LOAD_BALANCE_MODE, TaskManagerOptions.TaskManagerLoadBalanceMode.SLOTS);
        return conf;
    }

    @Test
    void shouldCommitExactlyTheOfflineRecordsAfterLosingATaskManager(@KafkaBootstrap String bootstrap,
                                                                     @InjectMiniCluster MiniCluster cluster) throws Exception {
        List<EventPacket> source = packets(SharedRecordings.require(SharedRecordings.DVS128));
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, List<EventPacket>> cameras = new LinkedHashMap<>();
        cameras.put("alex-" + run, renamed(source, "alex-" + run, 0));
        cameras.put("later-" + run, renamed(source, "later-" + run, 86_400_000_000L));
        cameras.put("sooner-" + run, renamed(source, "sooner-" + run, -40_000_000L));
        String events = "dvs.events.tm-loss-" + run;
        String gestures = "dvs.gestures.tm-loss-" + run;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(events, 2, (short) 1), new NewTopic(gestures, 2, (short) 1))).all().get();
        }
        WireCodec codec = new WireCodec();
        List<ProducerRecord<byte[], byte[]>> input = new ArrayList<>();
        cameras.forEach((cam, packets) -> packets.forEach(p ->
                input.add(new ProducerRecord<>(events, cam.getBytes(StandardCharsets.UTF_8), codec.encode(p)))));
        sendAll(bootstrap, events, input);
        BinningJobConfig job = GestureJobConfig.defaults(bootstrap).job()
                .withTopics(events, "unused", "dvs.deadletter.tm-loss-" + run)
                .withBounded(true)
                .withCheckpointIntervalMs(100)
                .withTransactionalIdPrefix("tm-loss-" + run)
                .withBinning(new BinningSettings(BIN_US, 128, 128, BinningConfig.DEFAULT_MAX_GAP_US, null, 600_000, 600_000));
        GestureJobConfig config = new GestureJobConfig(job, gestures, WINDOWS, DECISIONS);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        Configuration restarts = new Configuration();
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        env.configure(restarts);
        SlowAfterCheckpoints.reset();
        new GestureJob(config, STAND_IN).build(env, g -> g.map(new SlowAfterCheckpoints(), GestureEvent.TYPE).name("slow").uid("slow"));
        JobClient client = env.executeAsync("gestures, a TaskManager lost");

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (SlowAfterCheckpoints.SEEN_AFTER_CHECKPOINT.get() < 40 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(SlowAfterCheckpoints.SEEN_AFTER_CHECKPOINT.get()).as("records after a completed checkpoint").isGreaterThanOrEqualTo(40);
        SlowAfterCheckpoints.STOP_SLOWING = true; // the recovered attempt may run at full speed
        cluster.terminateTaskManager(0).get(30, TimeUnit.SECONDS);
        client.getJobExecutionResult().get(60, TimeUnit.SECONDS);
        assertThat(SlowAfterCheckpoints.OPENS.get()).as("operator instances opened: 2, then 2 more after the restart")
                .isGreaterThanOrEqualTo(4);

        Map<String, List<GestureEvent>> expected = new LinkedHashMap<>();
        cameras.forEach((cam, packets) -> expected.put(cam, offline(cam, packets)));
        int total = expected.values().stream().mapToInt(List::size).sum();
        Map<String, List<GestureEvent>> actual = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : readCommitted(bootstrap, gestures, total)) {
            GestureEvent g = GestureEventJson.read(r.value()).withoutWallTime();
            actual.computeIfAbsent(g.camera(), k -> new ArrayList<>()).add(g);
        }
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        actual.forEach((cam, records) -> assertThat(records).as(cam).containsExactlyElementsOf(expected.get(cam)));
    }

    /**
     * Passes records on, 3 ms each until told to stop slowing (so that the TaskManager is lost
     * mid-stream), and counts openings and records seen after a completed checkpoint. Static: the
     * MiniCluster runs in this JVM.
     */
    static final class SlowAfterCheckpoints extends RichMapFunction<GestureEvent, GestureEvent> implements CheckpointListener {
        static final AtomicInteger OPENS = new AtomicInteger();
        static final AtomicInteger SEEN_AFTER_CHECKPOINT = new AtomicInteger();
        static volatile boolean CHECKPOINTED;
        static volatile boolean STOP_SLOWING;

        static void reset() {
            OPENS.set(0);
            SEEN_AFTER_CHECKPOINT.set(0);
            CHECKPOINTED = false;
            STOP_SLOWING = false;
        }

        @Override
        public void open(OpenContext openContext) {
            OPENS.incrementAndGet();
        }

        @Override
        public GestureEvent map(GestureEvent e) throws Exception {
            if (!STOP_SLOWING) {
                Thread.sleep(3);
                if (CHECKPOINTED) {
                    SEEN_AFTER_CHECKPOINT.incrementAndGet();
                }
            }
            return e;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            CHECKPOINTED = true;
        }
    }
}
