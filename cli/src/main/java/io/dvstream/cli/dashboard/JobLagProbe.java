package io.dvstream.cli.dashboard;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gesture job's Kafka lag on the events topic: for each consumer group with offsets committed
 * on it (the Flink Kafka source commits its checkpointed offsets to its {@code group.id}), the
 * topic's end offset minus the committed offset, per partition. Groups are the ones given, or
 * else every consumer group that has committed offsets on the events topic (at most
 * {@value #MAX_GROUPS} are looked at). A few admin requests every {@code interval} on the
 * dashboard's own thread; nothing the job does waits for them.
 *
 * <p>The lag is counted in records (packets) and lags behind by up to one checkpoint interval,
 * since the job commits offsets only when a checkpoint completes.
 */
final class JobLagProbe implements Runnable, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JobLagProbe.class);
    static final int MAX_GROUPS = 50;

    /** One group's lag: total and per partition of the events topic. */
    record GroupLag(String group, long total, Map<Integer, Long> byPartition) {
    }

    private final Admin admin;
    private final String topic;
    private final List<String> groups;
    private final long intervalMs;
    private volatile List<GroupLag> latest = List.of();
    private volatile String lastError;
    private volatile boolean closed;

    JobLagProbe(DashboardSettings settings) {
        Map<String, Object> defaults = new HashMap<>();
        defaults.put(AdminClientConfig.CLIENT_ID_CONFIG, "dvstream-dashboard-admin");
        if (settings.bootstrap() != null) {
            defaults.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap());
        }
        this.admin = Admin.create(settings.kafka().admin(defaults));
        this.topic = settings.eventsTopic();
        this.groups = settings.jobGroups();
        this.intervalMs = settings.lagInterval().toMillis();
    }

    @Override
    public void run() {
        while (!closed) {
            try {
                latest = probe();
                lastError = null;
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                lastError = (e instanceof ExecutionException ? e.getCause() : e).toString();
                LOG.debug("Job lag probe failed: {}", lastError);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                Thread.sleep(intervalMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private List<GroupLag> probe() throws ExecutionException, InterruptedException, TimeoutException {
        List<String> candidates = groups;
        if (candidates.isEmpty()) {
            candidates = new ArrayList<>();
            for (GroupListing g : admin.listGroups(ListGroupsOptions.forConsumerGroups()).all().get(10, TimeUnit.SECONDS)) {
                if (candidates.size() < MAX_GROUPS) {
                    candidates.add(g.groupId());
                }
            }
        }
        Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = new LinkedHashMap<>();
        if (candidates.isEmpty()) {
            return List.of();
        }
        // One request for all the groups; their offsets on other topics are dropped here.
        Map<String, ListConsumerGroupOffsetsSpec> specs = new LinkedHashMap<>();
        candidates.forEach(g -> specs.put(g, new ListConsumerGroupOffsetsSpec()));
        Map<String, Map<TopicPartition, OffsetAndMetadata>> all = admin.listConsumerGroupOffsets(specs).all()
                .get(10, TimeUnit.SECONDS);
        for (String group : candidates) {
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            all.getOrDefault(group, Map.of()).forEach((tp, o) -> {
                if (tp.topic().equals(topic) && o != null) {
                    offsets.put(tp, o);
                }
            });
            if (!offsets.isEmpty() || groups.contains(group)) {
                committed.put(group, offsets);
            }
        }
        if (committed.isEmpty()) {
            return List.of();
        }
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        committed.values().forEach(m -> m.keySet().forEach(tp -> request.put(tp, OffsetSpec.latest())));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = request.isEmpty() ? Map.of()
                : admin.listOffsets(request).all().get(10, TimeUnit.SECONDS);
        List<GroupLag> out = new ArrayList<>();
        committed.forEach((group, offsets) -> {
            Map<Integer, Long> byPartition = new HashMap<>();
            long total = 0;
            for (Map.Entry<TopicPartition, OffsetAndMetadata> e : offsets.entrySet()) {
                long lag = Math.max(0, ends.get(e.getKey()).offset() - e.getValue().offset());
                byPartition.put(e.getKey().partition(), lag);
                total += lag;
            }
            out.add(new GroupLag(group, total, Map.copyOf(byPartition)));
        });
        return List.copyOf(out);
    }

    /** The groups' lag from the last successful probe. */
    List<GroupLag> latest() {
        return latest;
    }

    /**
     * The lag on one partition: the smallest among the groups that have an offset there (the most
     * current consumer, so that a group left behind by an old run does not hide a healthy job); null
     * when unknown.
     */
    Long lagOf(int partition) {
        Long best = null;
        for (GroupLag g : latest) {
            Long lag = g.byPartition().get(partition);
            if (lag != null && (best == null || lag < best)) {
                best = lag;
            }
        }
        return best;
    }

    String lastError() {
        return lastError;
    }

    @Override
    public void close() {
        closed = true;
        admin.close(java.time.Duration.ofSeconds(5));
    }
}
