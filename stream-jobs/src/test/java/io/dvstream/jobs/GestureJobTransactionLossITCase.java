package io.dvstream.jobs;

import static io.dvstream.jobs.GestureFixtures.BIN_US;
import static io.dvstream.jobs.GestureFixtures.DECISIONS;
import static io.dvstream.jobs.GestureFixtures.STAND_IN;
import static io.dvstream.jobs.GestureFixtures.WINDOWS;
import static io.dvstream.jobs.GestureFixtures.between;
import static io.dvstream.jobs.GestureFixtures.packets;
import static io.dvstream.jobs.GestureFixtures.renamed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.dvstream.broker.junit.KafkaBootstrap;
import io.dvstream.broker.junit.WithKafkaBroker;
import io.dvstream.events.EventPacket;
import io.dvstream.events.binning.BinningConfig;
import io.dvstream.events.wire.WireCodec;
import io.dvstream.jobs.binning.BinningSettings;
import io.dvstream.jobs.decisions.GestureEvent;
import io.dvstream.jobs.kafka.CommitCheckingKafkaSink;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The exactly-once pitfall of stack.md made to happen: a checkpoint that takes longer than the
 * sink's {@code transaction.timeout.ms} lets the broker abort the transaction holding the records
 * written since the previous checkpoint. The Kafka connector's committer only logs that and goes
 * on (the records are silently missing from the output); {@link CommitCheckingKafkaSink} must
 * count it and fail the job with {@link CommitCheckingKafkaSink.TransactionLostException}.
 *
 * <p>How: transaction.timeout.ms 1000 (checkpoints every 500 ms), and a map before the sink that
 * blocks its first checkpoint after records passed for 15 s: longer than the timeout plus the
 * broker's scan for timed-out transactions (transaction.abort.timed.out.transaction.cleanup.interval.ms,
 * 10 s by default).
 */
@WithKafkaBroker
class GestureJobTransactionLossITCase {

    private static final long SLOW_CHECKPOINT_MS = 15_000;

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(1)
            .setConfiguration(clusterConfiguration())
            .build());

    private static Configuration clusterConfiguration() {
        Configuration conf = BinningJob.flinkConfiguration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        return conf;
    }

    @Test
    void shouldFailTheJobWhenTheBrokerAbortedATransactionInsteadOfLosingItsRecordsSilently(@KafkaBootstrap String bootstrap)
            throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String events = "dvs.events.txloss-it-" + run;
        String gestures = "dvs.gestures.txloss-it-" + run;
        String deadLetters = "dvs.deadletter.txloss-it-" + run;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(events, 1, (short) 1), new NewTopic(gestures, 1, (short) 1),
                    new NewTopic(deadLetters, 1, (short) 1))).all().get();
        }
        List<EventPacket> source = packets(SharedRecordings.require(SharedRecordings.DVS128));
        long t0 = source.get(0).firstTUs();
        String cam = "cam-" + run;
        WireCodec codec = new WireCodec();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (EventPacket p : renamed(between(source, t0, t0 + 2_000_000), cam, 0)) {
            records.add(new ProducerRecord<>(events, cam.getBytes(StandardCharsets.UTF_8), codec.encode(p)));
        }
        GestureFixtures.sendAll(bootstrap, events, records);

        BinningJobConfig defaults = GestureJobConfig.defaults(bootstrap).job();
        BinningJobConfig job = new BinningJobConfig(bootstrap, events, "unused", deadLetters, defaults.groupId(), true, 1,
                500, 1_000, "txloss-it-" + run,
                new BinningSettings(BIN_US, 128, 128, BinningConfig.DEFAULT_MAX_GAP_US, null, 600_000, 600_000));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        SlowCheckpointOnce.reset();
        new GestureJob(new GestureJobConfig(job, gestures, WINDOWS, DECISIONS), STAND_IN)
                .build(env, g -> g.map(new SlowCheckpointOnce(), GestureEvent.TYPE).name("slow-checkpoint").uid("slow-checkpoint"));
        Throwable failure = catchThrowable(() -> env.executeAsync("gestures with a checkpoint slower than the transaction timeout")
                .getJobExecutionResult().get(120, TimeUnit.SECONDS));

        assertThat(SlowCheckpointOnce.SLEPT).as("the slow checkpoint happened with records in the open transaction").isTrue();
        assertThat(failure).as("the job must not end as if nothing was lost").isNotNull();
        assertThat(ExceptionUtils.findThrowable(failure, CommitCheckingKafkaSink.TransactionLostException.class))
                .as("failure cause: %s", ExceptionUtils.stringifyException(failure)).isPresent();
    }

    /** Passes records on; its first checkpoint after a record passed blocks for {@value #SLOW_CHECKPOINT_MS} ms. */
    static final class SlowCheckpointOnce extends RichMapFunction<GestureEvent, GestureEvent>
            implements CheckpointedFunction, CheckpointListener {
        static volatile boolean SLEPT;
        private transient boolean seen;

        static void reset() {
            SLEPT = false;
        }

        @Override
        public GestureEvent map(GestureEvent e) {
            seen = true;
            return e;
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) throws Exception {
            if (seen && !SLEPT) {
                SLEPT = true;
                Thread.sleep(SLOW_CHECKPOINT_MS);
            }
        }

        @Override
        public void initializeState(FunctionInitializationContext context) {
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
        }
    }
}
