package io.dvstream.jobs;

import static io.dvstream.jobs.GestureFixtures.BIN_US;
import static io.dvstream.jobs.GestureFixtures.DECISIONS;
import static io.dvstream.jobs.GestureFixtures.STAND_IN;
import static io.dvstream.jobs.GestureFixtures.WINDOWS;
import static io.dvstream.jobs.GestureFixtures.between;
import static io.dvstream.jobs.GestureFixtures.idleCamera;
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
import io.dvstream.events.binning.FrameBinner;
import io.dvstream.events.wire.WireCodec;
import io.dvstream.jobs.binning.BinningSettings;
import io.dvstream.jobs.decisions.GestureEvent;
import io.dvstream.jobs.decisions.GestureEvent.Kind;
import io.dvstream.jobs.inference.InferenceBatching;
import io.dvstream.jobs.kafka.GestureEventJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The gesture job on a MiniCluster (parallelism 2) against the real broker, with the stand-in
 * classifier (not a model). Five cameras go into one events topic:
 * <ul>
 *   <li>{@code alex}: the DVS128 recording from {@code shared/recordings} as it is;</li>
 *   <li>{@code shifted}: the same recording on an unrelated clock (one hour later);</li>
 *   <li>{@code idle}: synthetic, one event every 40 ms: every window is idle;</li>
 *   <li>{@code reset}: the recording's first 4 s, then its first 3 s again (the clock jumps back);</li>
 *   <li>{@code corrupt}: the recording's seconds 2 to 5, with an undecodable record after every
 *       25th packet.</li>
 * </ul>
 * The committed {@code dvs.gestures} records of every camera must equal what the same classifier
 * and decider give offline on frames binned straight at the classifier's resolution by
 * {@link FrameBinner} from the same packets (the job bins at 128x128 and pools to 32x32), and a
 * second run over the same input must give the same records (wall times aside).
 */
@WithKafkaBroker
class GestureJobITCase {

    private static final int PARALLELISM = 2;
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(PARALLELISM)
            .setConfiguration(clusterConfiguration())
            .build());

    private static String run;
    private static String eventsTopic;
    private static String deadLetterTopic;
    /** Each camera's packets in publishing order (what the offline reference bins). */
    private static final Map<String, List<EventPacket>> CAMERAS = new LinkedHashMap<>();
    private static int corruptRecords;
    private static Map<String, List<GestureEvent>> firstRun;

    private static Configuration clusterConfiguration() {
        Configuration conf = BinningJob.flinkConfiguration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        return conf;
    }

    private static String camera(String name) {
        return name + "-" + run;
    }

    @BeforeAll
    static void publishAndRunOnce(@KafkaBootstrap String bootstrap) throws Exception {
        Path recording = SharedRecordings.require(SharedRecordings.DVS128);
        run = UUID.randomUUID().toString().substring(0, 8);
        eventsTopic = "dvs.events.gestures-it-" + run;
        deadLetterTopic = "dvs.deadletter.gestures-it-" + run;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(eventsTopic, PARALLELISM, (short) 1),
                    new NewTopic(deadLetterTopic, 1, (short) 1))).all().get();
        }
        List<EventPacket> source = packets(recording);
        long t0 = source.get(0).firstTUs();
        CAMERAS.put(camera("alex"), renamed(source, camera("alex"), 0));
        CAMERAS.put(camera("shifted"), renamed(source, camera("shifted"), 3_600_000_000L));
        CAMERAS.put(camera("idle"), idleCamera(camera("idle"), 77_000_000L, 3_000_000));
        List<EventPacket> reset = new ArrayList<>(between(source, t0, t0 + 4_000_000));
        reset.addAll(between(source, t0, t0 + 3_000_000));
        CAMERAS.put(camera("reset"), renamed(reset, camera("reset"), 0));
        CAMERAS.put(camera("corrupt"), renamed(between(source, t0 + 2_000_000, t0 + 5_000_000), camera("corrupt"), 0));

        WireCodec codec = new WireCodec();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (var e : CAMERAS.entrySet()) {
            byte[] key = e.getKey().getBytes(StandardCharsets.UTF_8);
            int n = 0;
            for (EventPacket p : e.getValue()) {
                byte[] value = codec.encode(p);
                records.add(new ProducerRecord<>(eventsTopic, key, value));
                if (e.getKey().equals(camera("corrupt")) && ++n % 25 == 0) {
                    byte[] bad = n % 50 == 0 ? Arrays.copyOf(value, value.length / 2) : new byte[] {0x00, 0x01};
                    records.add(new ProducerRecord<>(eventsTopic, key, bad));
                    corruptRecords++;
                }
            }
        }
        sendAll(bootstrap, eventsTopic, records);
        firstRun = runJob(bootstrap, "a");
    }

    @Test
    void shouldGiveEveryCameraTheRecordsOfTheOfflineClassifierAndDecider() {
        int windows = 0;
        int starts = 0;
        for (var e : CAMERAS.entrySet()) {
            List<GestureEvent> expected = offline(e.getKey(), e.getValue());
            List<GestureEvent> actual = firstRun.getOrDefault(e.getKey(), List.of()).stream()
                    .map(GestureEvent::withoutWallTime).toList();
            assertThat(actual).as(e.getKey()).containsExactlyElementsOf(expected);
            windows += (int) expected.stream().filter(g -> g.kind() == Kind.WINDOW).count();
            starts += (int) expected.stream().filter(g -> g.kind() == Kind.START).count();
        }
        System.out.printf("GestureJobITCase: %d window records, %d gesture starts over %d cameras%n", windows, starts,
                CAMERAS.size());
        assertThat(starts).isPositive();
        // Idle camera: nothing at all. Unrelated clock: the same records as the original.
        assertThat(firstRun.get(camera("idle"))).isNull();
        assertThat(records(camera("shifted"))).hasSameSizeAs(records(camera("alex")));
        assertThat(records(camera("shifted")).get(0).startUs() - records(camera("alex")).get(0).startUs())
                .isEqualTo(3_600_000_000L);
        assertThat(records(camera("shifted"))).extracting(GestureEvent::logits)
                .containsExactlyElementsOf(records(camera("alex")).stream().map(GestureEvent::logits).toList());
        // Reset: windows of a second stream, numbered from 0 again.
        assertThat(records(camera("reset"))).extracting(GestureEvent::stream).contains(0L, 1L);
        assertThat(records(camera("reset")).stream().filter(g -> g.stream() == 1 && g.kind() == Kind.WINDOW).findFirst())
                .hasValueSatisfying(g -> assertThat(g.window()).isZero());
        // Corrupt: its good packets are classified as if the bad ones had never been there.
        assertThat(records(camera("corrupt"))).isNotEmpty();
        assertThat(records(camera("alex"))).allSatisfy(g -> assertThat(g.modelId()).isEqualTo(STAND_IN.modelId()));
    }

    @Test
    void shouldDeadLetterTheCorruptRecordsWithTheirReasons(@KafkaBootstrap String bootstrap) throws Exception {
        List<String> kinds = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : readCommitted(bootstrap, deadLetterTopic, corruptRecords)) {
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(camera("corrupt"));
            var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.value());
            kinds.add(json.get("kind").asText());
            assertThat(json.get("topic").asText()).isEqualTo(eventsTopic);
        }
        assertThat(kinds).hasSize(corruptRecords).contains("VERSION", "TRUNCATED");
    }

    @Test
    void shouldWriteTheSameRecordsOnASecondRunOverTheSameInput(@KafkaBootstrap String bootstrap) throws Exception {
        Map<String, List<GestureEvent>> second = runJob(bootstrap, "b");
        assertThat(second.keySet()).isEqualTo(firstRun.keySet());
        for (String cam : firstRun.keySet()) {
            assertThat(second.get(cam).stream().map(GestureEvent::withoutWallTime).toList()).as(cam)
                    .containsExactlyElementsOf(firstRun.get(cam).stream().map(GestureEvent::withoutWallTime).toList());
        }
    }

    @Test
    void shouldCommitExactlyTheUndisturbedRecordsAfterATaskFailureMidStream(@KafkaBootstrap String bootstrap) throws Exception {
        FailOnceAfterACheckpoint.reset();
        Map<String, List<GestureEvent>> recovered = runJob(bootstrap, "failure", true);
        assertThat(FailOnceAfterACheckpoint.FAILED).as("a failure was injected after a completed checkpoint").isTrue();
        assertThat(recovered.keySet()).isEqualTo(firstRun.keySet());
        for (String cam : firstRun.keySet()) {
            // read_committed: nothing of the failed attempt's open transactions, nothing missing, no duplicates
            assertThat(recovered.get(cam).stream().map(GestureEvent::withoutWallTime).toList()).as(cam)
                    .containsExactlyElementsOf(firstRun.get(cam).stream().map(GestureEvent::withoutWallTime).toList());
        }
    }

    /**
     * Micro-batching on (inference.batch.max 8, so the inference operator holds frames of several
     * cameras between checkpoints until it steps them or a barrier comes) and a task failure after a
     * completed checkpoint: the committed records must still equal the per-frame run's, nothing
     * lost or doubled at the barriers (the stand-in's batched step is a loop, so bit for bit).
     */
    @Test
    void shouldCommitTheSameRecordsWithCamerasMicroBatchedAndATaskFailureMidStream(@KafkaBootstrap String bootstrap)
            throws Exception {
        FailOnceAfterACheckpoint.reset();
        Map<String, List<GestureEvent>> batched = runJob(bootstrap, "batched-failure", true, new InferenceBatching(8, 5));
        assertThat(FailOnceAfterACheckpoint.FAILED).as("a failure was injected after a completed checkpoint").isTrue();
        assertThat(batched.keySet()).isEqualTo(firstRun.keySet());
        for (String cam : firstRun.keySet()) {
            assertThat(batched.get(cam).stream().map(GestureEvent::withoutWallTime).toList()).as(cam)
                    .containsExactlyElementsOf(firstRun.get(cam).stream().map(GestureEvent::withoutWallTime).toList());
        }
    }

    /**
     * Passes records on, slowly (so that checkpoints complete mid-stream), and throws once: at the
     * 5th record after the first completed checkpoint of the first attempt. Static flags: the
     * MiniCluster runs in this JVM.
     */
    static final class FailOnceAfterACheckpoint extends org.apache.flink.api.common.functions.RichMapFunction<GestureEvent, GestureEvent>
            implements org.apache.flink.api.common.state.CheckpointListener {
        static volatile boolean FAILED;
        static volatile boolean CHECKPOINTED;
        private static final java.util.concurrent.atomic.AtomicInteger SEEN_AFTER_CHECKPOINT = new java.util.concurrent.atomic.AtomicInteger();

        static void reset() {
            FAILED = false;
            CHECKPOINTED = false;
            SEEN_AFTER_CHECKPOINT.set(0);
        }

        @Override
        public GestureEvent map(GestureEvent e) throws Exception {
            if (!FAILED) {
                // Slow enough that a checkpoint completes while records are still coming, and that few
                // records slip by between a checkpoint's completion and its notification here: with
                // 2 ms and the 50th record, a quiet machine sometimes finished the stream first (CI, stop 13).
                Thread.sleep(4);
                if (CHECKPOINTED && SEEN_AFTER_CHECKPOINT.incrementAndGet() == 5) {
                    FAILED = true;
                    throw new IllegalStateException("injected failure (test)");
                }
            }
            return e;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            CHECKPOINTED = true;
        }
    }

    private static List<GestureEvent> records(String cam) {
        return firstRun.getOrDefault(cam, List.of()).stream().map(GestureEvent::withoutWallTime).toList();
    }

    /** Runs the bounded job over the events topic into a fresh gestures topic; the committed records per camera. */
    private static Map<String, List<GestureEvent>> runJob(String bootstrap, String name) throws Exception {
        return runJob(bootstrap, name, false);
    }

    private static Map<String, List<GestureEvent>> runJob(String bootstrap, String name, boolean injectFailure) throws Exception {
        return runJob(bootstrap, name, injectFailure, InferenceBatching.off());
    }

    private static Map<String, List<GestureEvent>> runJob(String bootstrap, String name, boolean injectFailure,
                                                          InferenceBatching batching) throws Exception {
        String gesturesTopic = "dvs.gestures.it-" + run + "-" + name;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(gesturesTopic, PARALLELISM, (short) 1))).all().get();
        }
        BinningJobConfig job = GestureJobConfig.defaults(bootstrap).job()
                .withTopics(eventsTopic, "unused", name.equals("a") ? deadLetterTopic : deadLetterTopic + "-" + name)
                .withBounded(true)
                .withCheckpointIntervalMs(injectFailure ? 100 : 300)
                .withTransactionalIdPrefix("gestures-it-" + run + "-" + name)
                .withBinning(new BinningSettings(BIN_US, 128, 128, BinningConfig.DEFAULT_MAX_GAP_US, null, 600_000, 600_000));
        GestureJobConfig config = new GestureJobConfig(job, gesturesTopic, WINDOWS, DECISIONS, batching);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(PARALLELISM);
        long start = System.nanoTime();
        GestureJob gestureJob = new GestureJob(config, STAND_IN);
        if (injectFailure) {
            Configuration restarts = new Configuration();
            restarts.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
            restarts.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
            restarts.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
            env.configure(restarts);
            gestureJob.build(env, g -> g.map(new FailOnceAfterACheckpoint(), GestureEvent.TYPE).name("fail-once").uid("fail-once"));
            env.executeAsync("gestures with an injected failure").getJobExecutionResult()
                    .get(JOB_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } else {
            gestureJob.executeAsync(env).getJobExecutionResult().get(JOB_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        long events = CAMERAS.values().stream().flatMap(List::stream).mapToLong(EventPacket::size).sum();
        System.out.printf("GestureJobITCase: run %s, %d events of %d cameras, bounded job %d ms%n", name, events, CAMERAS.size(), ms);
        Map<String, List<GestureEvent>> byCamera = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : readCommitted(bootstrap, gesturesTopic, 1)) {
            GestureEvent g = GestureEventJson.read(r.value());
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(g.camera());
            byCamera.computeIfAbsent(g.camera(), k -> new ArrayList<>()).add(g);
        }
        return byCamera;
    }

}
