package io.dvstream.jobs;

import static io.dvstream.jobs.GestureFixtures.packets;
import static io.dvstream.jobs.GestureFixtures.readCommitted;
import static io.dvstream.jobs.GestureFixtures.renamed;
import static org.assertj.core.api.Assertions.assertThat;

import io.dvstream.broker.junit.KafkaBootstrap;
import io.dvstream.broker.junit.WithKafkaBroker;
import io.dvstream.events.EventPacket;
import io.dvstream.events.binning.BinningConfig;
import io.dvstream.events.binning.Frame;
import io.dvstream.events.binning.FrameBinner;
import io.dvstream.events.binning.FrameListener;
import io.dvstream.events.sensor.SensorGeometry;
import io.dvstream.events.wire.WireCodec;
import io.dvstream.jobs.binning.BinningSettings;
import io.dvstream.jobs.decisions.DecisionConfig;
import io.dvstream.jobs.decisions.GestureEvent;
import io.dvstream.jobs.decisions.GestureEvent.Kind;
import io.dvstream.jobs.inference.Ds2taClassifier;
import io.dvstream.jobs.inference.InferenceSettings;
import io.dvstream.jobs.kafka.GestureEventJson;
import io.dvstream.model.Ds2ta;
import io.dvstream.model.Ds2taState;
import io.dvstream.model.ModelConfig;
import io.dvstream.model.StreamingConfig.WindowMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The end-to-end test with the real model runtime: the bundled <b>synthetic</b> labelled
 * recordings ({@code recordings/user0[12]_lab.aedat}) as two cameras through the real broker and
 * the gesture job on a MiniCluster (parallelism 2) with DS2TA small-1-64 at seeded random weights.
 * The per-window logits of every committed {@code window} record must equal, bit for bit, what the
 * runtime gives when the same packets are binned offline by {@link FrameBinner} straight at the
 * model's 64x64 and stepped by {@link Ds2ta#step} in a plain loop from a resting state (the
 * semantics of {@code dvstream model run}), averaged over each window. The job bins at 128x128 and
 * sum-pools to 64x64, its state goes through {@code Ds2taState} bytes in Flink keyed state.
 */
@WithKafkaBroker
class GestureJobDs2taITCase {

    private static final int PARALLELISM = 2;
    private static final long BIN_US = 50_000;
    private static final long SEED = 2026;
    private static final InferenceSettings WINDOWS = new InferenceSettings(10, 5, WindowMode.CARRY);
    /** Every window gives a record (no idle rule), so that every window's logits are compared. */
    private static final DecisionConfig DECISIONS = new DecisionConfig(0.3, 0.2, 2, 2, 0, null);

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(PARALLELISM)
            .setConfiguration(clusterConfiguration())
            .build());

    private static Configuration clusterConfiguration() {
        Configuration conf = BinningJob.flinkConfiguration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        return conf;
    }

    static Path bundledRecording(String name) {
        for (Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("recordings").resolve(name);
            if (Files.isReadable(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("bundled recording recordings/" + name + " not found above " + System.getProperty("user.dir"));
    }

    @Test
    void shouldGiveThePerWindowLogitsOfTheRuntimeOnFramesBinnedOfflineFromTheSameRecording(@KafkaBootstrap String bootstrap)
            throws Exception {
        Ds2ta model = Ds2ta.random(ModelConfig.small1x64(), SEED);
        Ds2taClassifier classifier = Ds2taClassifier.of(model, "random:small-1-64:seed=" + SEED);
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, List<EventPacket>> cameras = new LinkedHashMap<>();
        cameras.put("user01-" + run, renamed(packets(bundledRecording("user01_lab.aedat")), "user01-" + run, 0));
        cameras.put("user02-" + run, renamed(packets(bundledRecording("user02_lab.aedat")), "user02-" + run, 0));
        String events = "dvs.events.ds2ta-it-" + run;
        String gestures = "dvs.gestures.ds2ta-it-" + run;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(events, PARALLELISM, (short) 1), new NewTopic(gestures, PARALLELISM, (short) 1),
                    new NewTopic("dvs.deadletter.ds2ta-it-" + run, 1, (short) 1))).all().get();
        }
        // Every send acknowledged and counted: a lost input record fails here, not as missing windows later.
        WireCodec codec = new WireCodec();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (var e : cameras.entrySet()) {
            for (EventPacket p : e.getValue()) {
                records.add(new ProducerRecord<>(events, e.getKey().getBytes(StandardCharsets.UTF_8), codec.encode(p)));
            }
        }
        GestureFixtures.sendAll(bootstrap, events, records);

        BinningJobConfig job = GestureJobConfig.defaults(bootstrap).job()
                .withTopics(events, "unused", "dvs.deadletter.ds2ta-it-" + run)
                .withBounded(true)
                .withCheckpointIntervalMs(500)
                .withTransactionalIdPrefix("ds2ta-it-" + run)
                .withBinning(new BinningSettings(BIN_US, 128, 128, BinningConfig.DEFAULT_MAX_GAP_US, null, 600_000, 600_000));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(PARALLELISM);
        long start = System.nanoTime();
        new GestureJob(new GestureJobConfig(job, gestures, WINDOWS, DECISIONS), classifier).executeAsync(env)
                .getJobExecutionResult().get(300, TimeUnit.SECONDS); // 9-12 s alone; minutes on a crowded 2-core machine
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        Map<String, List<GestureEvent>> windows = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : readCommitted(bootstrap, gestures, 1)) {
            GestureEvent g = GestureEventJson.read(r.value());
            if (g.kind() == Kind.WINDOW) {
                windows.computeIfAbsent(g.camera(), k -> new ArrayList<>()).add(g);
            }
        }
        int compared = 0;
        for (var e : cameras.entrySet()) {
            List<float[]> expected = offlineWindowLogits(model, e.getValue());
            List<GestureEvent> actual = windows.getOrDefault(e.getKey(), List.of());
            assertThat(actual).as(e.getKey()).hasSize(expected.size());
            for (int w = 0; w < expected.size(); w++) {
                assertThat(actual.get(w).window()).isEqualTo(w);
                assertThat(actual.get(w).logits()).as("%s window %d", e.getKey(), w).containsExactly(expected.get(w));
                assertThat(actual.get(w).modelId()).isEqualTo(classifier.modelId());
                assertThat(actual.get(w).firingRate()).isPositive();
                assertThat(actual.get(w).energyJoules()).isPositive();
                assertThat(actual.get(w).inferenceMs()).as("classifier time of the closing frame").isPositive();
            }
            compared += expected.size();
        }
        System.out.printf("GestureJobDs2taITCase: %d windows of %d cameras equal the offline runtime; bounded job %d ms%n",
                compared, cameras.size(), ms);
        assertThat(compared).isGreaterThan(100);
    }

    /** FrameBinner at 64x64, Ds2ta.step from rest over every frame (as {@code model run}), mean logits per window. */
    private static List<float[]> offlineWindowLogits(Ds2ta model, List<EventPacket> packets) {
        List<float[]> frames = new ArrayList<>();
        FrameBinner binner = new FrameBinner(BinningConfig.of(BIN_US, 64, 64), SensorGeometry.DVS128);
        FrameListener collect = new FrameListener() {
            @Override
            public void onFrame(Frame f) {
                frames.add(f.counts().clone());
            }
        };
        for (EventPacket p : packets) {
            binner.accept(p, collect);
        }
        assertThat(binner.restarts()).isZero();
        Ds2taState state = model.newState();
        List<float[]> steps = new ArrayList<>();
        for (float[] f : frames) {
            steps.add(model.step(f, state).logits());
        }
        int k = model.config().numClasses();
        List<float[]> out = new ArrayList<>();
        for (int w = 0; w * WINDOWS.stride() + WINDOWS.windowSteps() <= steps.size(); w++) {
            double[] sum = new double[k];
            for (int s = w * WINDOWS.stride(); s < w * WINDOWS.stride() + WINDOWS.windowSteps(); s++) {
                for (int c = 0; c < k; c++) {
                    sum[c] += steps.get(s)[c];
                }
            }
            float[] mean = new float[k];
            for (int c = 0; c < k; c++) {
                mean[c] = (float) (sum[c] / WINDOWS.windowSteps());
            }
            out.add(mean);
        }
        return out;
    }
}
