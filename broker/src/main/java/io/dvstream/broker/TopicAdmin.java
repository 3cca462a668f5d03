package io.dvstream.broker;

import io.dvstream.events.wire.Topics;
import io.dvstream.kafka.clientconfig.KafkaClientConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the dvstream topics on any Kafka cluster: the embedded broker, a container, or a real cluster.
 *
 * <p>Idempotent: a topic that already exists is left as it is (its partition count is reported, not
 * changed). The replication factor is the cluster's {@code default.replication.factor}, so the same
 * call suits a single node and a three-broker cluster.
 */
public final class TopicAdmin {

    private static final Logger LOG = LoggerFactory.getLogger(TopicAdmin.class);

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /** Metadata reaches the broker that answers a describe a moment after the controller commits it. */
    private static final long VISIBILITY_POLL_MS = 50;

    private final String bootstrapServers;
    private final Duration timeout;
    private final KafkaClientConfig clients;

    public TopicAdmin(String bootstrapServers) {
        this(bootstrapServers, DEFAULT_TIMEOUT);
    }

    public TopicAdmin(String bootstrapServers, Duration timeout) {
        this(bootstrapServers, timeout, KafkaClientConfig.none());
    }

    /** @param clients SASL, TLS and other client settings (a {@code --kafka-config} file) for the admin client */
    public TopicAdmin(String bootstrapServers, Duration timeout, KafkaClientConfig clients) {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrapServers must not be blank, was '" + bootstrapServers + "'");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        this.bootstrapServers = bootstrapServers;
        this.timeout = timeout;
        this.clients = clients == null ? KafkaClientConfig.none() : clients;
    }

    /** Creates {@link Topics#ALL}; returns each topic's partition count, in {@link Topics#ALL} order. */
    public Map<String, Integer> createDvstreamTopics(int partitions) {
        return createTopics(Topics.ALL, partitions);
    }

    /**
     * Creates the named topics with {@code partitions} partitions each unless they exist, then waits
     * until all of them can be described.
     *
     * @return partition count per topic, in the order of {@code names}
     * @throws TopicSetupException if the cluster refuses a topic or does not answer within the timeout
     */
    public Map<String, Integer> createTopics(Collection<String> names, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, was " + partitions);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(adminProperties())) {
            List<NewTopic> newTopics = names.stream()
                    .map(name -> new NewTopic(name, Optional.of(partitions), Optional.empty()))
                    .toList();
            List<String> created = new ArrayList<>();
            for (Map.Entry<String, KafkaFuture<Void>> e : admin.createTopics(newTopics).values().entrySet()) {
                if (awaitCreation(e.getKey(), e.getValue(), deadline)) {
                    created.add(e.getKey());
                }
            }
            Map<String, Integer> partitionsByTopic = awaitVisible(admin, names, deadline);
            LOG.info("Topics on {}: {} (created now: {})", bootstrapServers, partitionsByTopic,
                    created.isEmpty() ? "none" : String.join(", ", created));
            return partitionsByTopic;
        }
    }

    /** @return true if this call created the topic, false if it already existed */
    private boolean awaitCreation(String topic, KafkaFuture<Void> future, long deadline) {
        try {
            future.get(remainingMs(deadline), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return false;
            }
            throw new TopicSetupException("could not create topic " + topic + " on " + bootstrapServers
                    + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw timedOut("creating topic " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicSetupException("interrupted while creating topic " + topic, e);
        }
    }

    private Map<String, Integer> awaitVisible(Admin admin, Collection<String> names, long deadline) {
        try {
            while (true) {
                try {
                    Map<String, TopicDescription> byName = admin.describeTopics(names).allTopicNames()
                            .get(remainingMs(deadline), TimeUnit.MILLISECONDS);
                    Map<String, Integer> partitions = new LinkedHashMap<>();
                    names.forEach(name -> partitions.put(name, byName.get(name).partitions().size()));
                    return partitions;
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || remainingMs(deadline) <= 0) {
                        throw new TopicSetupException("could not describe topics " + names + " on "
                                + bootstrapServers + ": " + e.getCause().getMessage(), e.getCause());
                    }
                }
                Thread.sleep(VISIBILITY_POLL_MS);
            }
        } catch (TimeoutException e) {
            throw timedOut("waiting for topics " + names, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicSetupException("interrupted while waiting for topics " + names, e);
        }
    }

    private java.util.Properties adminProperties() {
        long timeoutMs = timeout.toMillis();
        return clients.admin(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "dvstream-topic-admin",
                // Both bounded by our timeout, so an unreachable bootstrap fails in time, not after minutes.
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeoutMs, 15_000),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Math.min(timeoutMs, Integer.MAX_VALUE)));
    }

    private TopicSetupException timedOut(String what, Throwable cause) {
        return new TopicSetupException("timed out after " + timeout.toMillis() + " ms " + what + " on "
                + bootstrapServers + "; is a Kafka broker listening there?", cause);
    }

    private static long remainingMs(long deadlineNanos) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }
}
