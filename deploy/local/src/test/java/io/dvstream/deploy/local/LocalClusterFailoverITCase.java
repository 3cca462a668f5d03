package io.dvstream.deploy.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dvstream.jobs.kafka.GestureEventJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The local cluster of deploy/local/cluster.sh, with a TaskManager process killed (SIGKILL) while a
 * labelled recording is replayed into it (at half its real pace): the gesture records committed to Kafka
 * (read_committed) must equal, record for record, those of an undisturbed run of the same job over
 * the same events.
 *
 * <p>The disturbed run is the unbounded job, fed live by {@code dvstream replay}; once it has read
 * and checkpointed every event it is stopped with a draining savepoint. The undisturbed run is the
 * same job, bounded, over the same topic, afterwards. Both use the DS2TA runtime with seeded random
 * weights (synthetic: the gestures mean nothing, the numbers are deterministic) and keep
 * idle.timeout.ms far above the run: the idle close is the one wall-clock rule of the binner, and a
 * restore that fires an overdue idle timer would close a frame early (docs/binning-job.md).
 */
@EnabledIfSystemProperty(named = "dvstream.localCluster", matches = "true",
        disabledReason = "starts a multi-process cluster (several minutes): run with -Plocal-cluster")
class LocalClusterFailoverITCase {

    private static final String RECORDING = "user01_lab";
    private static final String EVENTS = "dvs.events";

    @Test
    void killedTaskManagerLeavesTheCommittedGesturesOfAnUndisturbedRun() throws Exception {
        Path root = Path.of(System.getProperty("dvstream.root", ".")).toAbsolutePath().normalize();
        Path dir = root.resolve("deploy/local/target/local-cluster-it");
        deleteTree(dir);
        ClusterScript cluster = new ClusterScript(root, dir);
        long t0 = System.nanoTime();
        try {
            cluster.run(Duration.ofMinutes(8), "up", "--taskmanagers", "2", "--slots", "2");
            log(t0, "cluster up");
            String status = cluster.run(Duration.ofMinutes(1), "status");
            assertThat(status).containsPattern("taskmanager-1 +\\d+ +running").containsPattern("taskmanager-2 +\\d+ +running")
                    .containsPattern("kafka +\\d+ +running").contains("taskmanagers:2");
            FlinkRest rest = new FlinkRest(cluster.rest());

            String killed = submit(cluster, "killed", "bounded=false");
            await("the job's tasks to run", Duration.ofMinutes(3), () -> rest.allTasksRunning(killed));
            cluster.run(Duration.ofMinutes(1), "replay", root.resolve("recordings/" + RECORDING + ".aedat").toString(),
                    "--camera", RECORDING, "--speed", "0.5", "--labels", root.resolve("recordings/" + RECORDING + "_labels.csv").toString());
            long replayPid = cluster.pid("replay-" + RECORDING);
            log(t0, "job " + killed + " running, replay started (pid " + replayPid + ")");

            // Mid-stream: gestures already committed by a checkpoint, and events not yet read or not yet sent.
            await("committed gestures of the running job", Duration.ofMinutes(3),
                    () -> !readCommitted(cluster.kafka(), "dvs.gestures.killed").isEmpty());
            boolean replaying = ProcessHandle.of(replayPid).map(ProcessHandle::isAlive).orElse(false);
            boolean behind = !caughtUp(cluster.kafka(), "it-killed");
            log(t0, "before the kill: replay running " + replaying + ", job behind the events " + behind);
            assertThat(replaying || behind).as("the kill comes mid-stream").isTrue();
            long checkpointsBefore = rest.completedCheckpoints(killed);
            long tm = cluster.pid("taskmanager-1");
            ProcessHandle victim = ProcessHandle.of(tm).orElseThrow();
            assertThat(victim.destroyForcibly()).as("SIGKILL sent to taskmanager-1").isTrue();
            await("taskmanager-1 to die", Duration.ofSeconds(30), () -> !victim.isAlive());
            log(t0, "killed taskmanager-1 (pid " + tm + ") after " + checkpointsBefore + " completed checkpoints");

            await("the replay to finish", Duration.ofMinutes(2), () -> ProcessHandle.of(replayPid).isEmpty());
            await("the job to restart and run again", Duration.ofMinutes(3),
                    () -> rest.restarts(killed) >= 1 && rest.allTasksRunning(killed));
            log(t0, "job restarted " + rest.restarts(killed) + " time(s)");
            await("the job to read and checkpoint every event", Duration.ofMinutes(5),
                    () -> caughtUp(cluster.kafka(), "it-killed"));
            String trigger = rest.stopWithDrain(killed, "file://" + dir.resolve("savepoints"));
            await("the draining stop", Duration.ofMinutes(3),
                    () -> "COMPLETED".equals(rest.savepoint(killed, trigger).path("status").path("id").asText()));
            JsonNode stop = rest.savepoint(killed, trigger);
            assertThat(stop.path("operation").has("failure-cause")).as("stop with savepoint: %s", stop).isFalse();
            await("the stopped job to finish", Duration.ofMinutes(1), () -> "FINISHED".equals(rest.state(killed)));
            log(t0, "disturbed run stopped (drained)");

            // Scaling back out to two TaskManagers, as docs/deploy-local.md tells a user to.
            cluster.run(Duration.ofMinutes(4), "add-taskmanager");
            String reference = submit(cluster, "reference", "bounded=true");
            await("the undisturbed (bounded) run to finish", Duration.ofMinutes(6), () -> {
                String s = rest.state(reference);
                assertThat(s).as("reference job state").isNotIn("FAILED", "CANCELED");
                return "FINISHED".equals(s);
            });
            assertThat(rest.restarts(reference)).as("restarts of the undisturbed run").isZero();
            log(t0, "undisturbed run finished");

            List<String> disturbed = readCommitted(cluster.kafka(), "dvs.gestures.killed");
            List<String> undisturbed = readCommitted(cluster.kafka(), "dvs.gestures.reference");
            System.out.printf("committed gesture records: disturbed %d, undisturbed %d%n", disturbed.size(), undisturbed.size());
            // 18.4 s of camera time, a window every 250 ms: a few dozen records at least.
            assertThat(undisturbed).as("records of the undisturbed run").hasSizeGreaterThan(40);
            assertThat(disturbed).as("committed records after losing a TaskManager").containsExactlyElementsOf(undisturbed);
        } finally {
            cluster.run(Duration.ofMinutes(3), "down");
            log(t0, "cluster down");
        }
    }

    /** Submits the gesture job from events to dvs.gestures.NAME, with a group and transactional ids of its own. */
    private static String submit(ClusterScript cluster, String name, String bounded) throws IOException, InterruptedException {
        String out = cluster.run(Duration.ofMinutes(3), "submit", "--parallelism", "2", "--no-replay", "--",
                "input.topic=" + EVENTS, "output.topic=dvs.gestures." + name, "deadletter.topic=dvs.deadletter." + name,
                "group.id=it-" + name, "transactional.id.prefix=it-" + name, bounded,
                "checkpoint.interval.ms=1000", "idle.timeout.ms=3600000");
        String[] lines = out.strip().split("\n");
        return lines[lines.length - 1].strip();
    }

    /** True when the source's group has committed (on a checkpoint) the end offset of every events partition. */
    private static boolean caughtUp(String kafka, String group) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            var partitions = admin.describeTopics(List.of(EVENTS)).allTopicNames().get().get(EVENTS).partitions();
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            partitions.forEach(p -> latest.put(new TopicPartition(EVENTS, p.partition()), OffsetSpec.latest()));
            var end = admin.listOffsets(latest).all().get();
            for (var e : end.entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                if (e.getValue().offset() > 0 && (c == null || c.offset() < e.getValue().offset())) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Every committed record of the topic (read_committed), as JSON without the emit time, in partition order. */
    private static List<String> readCommitted(String kafka, String topic) throws IOException {
        List<String> records = new ArrayList<>();
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to " + end + " within 60 s");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
            }
            read.sort(Comparator.<ConsumerRecord<byte[], byte[]>>comparingInt(ConsumerRecord::partition).thenComparingLong(ConsumerRecord::offset));
            for (ConsumerRecord<byte[], byte[]> r : read) {
                records.add(new String(GestureEventJson.write(GestureEventJson.read(r.value()).withoutWallTime()), StandardCharsets.UTF_8));
            }
        }
        return records;
    }

    private static void await(String what, Duration timeout, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(500);
        }
    }

    private static void log(long t0, String what) {
        System.out.printf("[%6.1f s] %s%n", (System.nanoTime() - t0) / 1e9, what);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
