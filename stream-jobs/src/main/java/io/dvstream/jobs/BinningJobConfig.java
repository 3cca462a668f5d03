package io.dvstream.jobs;

import io.dvstream.events.binning.BinningConfig;
import io.dvstream.events.wire.Topics;
import io.dvstream.jobs.binning.BinningSettings;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Configuration of {@link BinningJob}. Keys (for {@link #fromMap}) carry their unit in the name,
 * Kafka style; every bad value is reported as "Invalid value V for configuration K: rule".
 *
 * @param bootstrapServers Kafka bootstrap servers (bootstrap.servers, required)
 * @param inputTopic event packets in the wire format (input.topic, default {@code dvs.events})
 * @param outputTopic per-frame summaries as JSON (output.topic, default {@link #DEFAULT_OUTPUT_TOPIC})
 * @param deadLetterTopic undecodable records (deadletter.topic, default {@code dvs.deadletter})
 * @param groupId consumer group of the source (group.id)
 * @param bounded stop at the end offsets found at start instead of running forever (bounded);
 *     a bounded run still commits its output with a final checkpoint
 * @param parallelism job parallelism, 0 for the environment's default (parallelism)
 * @param checkpointIntervalMs checkpoint interval; the Kafka sinks commit on checkpoints
 *     (checkpoint.interval.ms)
 * @param transactionTimeoutMs Kafka transaction timeout of the exactly-once sinks; must be at most
 *     the broker's transaction.max.timeout.ms (transaction.timeout.ms)
 * @param transactionalIdPrefix prefix of the sinks' transactional ids, unique per job on a cluster
 *     (transactional.id.prefix)
 * @param binning frame size, bin width, gaps, region, idle timeout and expiry
 */
public record BinningJobConfig(String bootstrapServers, String inputTopic, String outputTopic, String deadLetterTopic,
                               String groupId, boolean bounded, int parallelism, long checkpointIntervalMs,
                               long transactionTimeoutMs, String transactionalIdPrefix, BinningSettings binning)
        implements Serializable {

    public static final String DEFAULT_OUTPUT_TOPIC = "dvs.frames";
    /** Kafka brokers refuse transaction timeouts above transaction.max.timeout.ms, 15 min by default. */
    public static final long BROKER_DEFAULT_MAX_TRANSACTION_TIMEOUT_MS = 900_000;

    public static final Set<String> KEYS = Set.of("bootstrap.servers", "input.topic", "output.topic", "deadletter.topic",
            "group.id", "bounded", "parallelism", "checkpoint.interval.ms", "transaction.timeout.ms",
            "transactional.id.prefix", "bin.width.us", "frame.width", "frame.height", "max.gap.us", "roi",
            "idle.timeout.ms", "camera.expiry.ms");

    public BinningJobConfig {
        requireText("bootstrap.servers", bootstrapServers);
        requireText("input.topic", inputTopic);
        requireText("output.topic", outputTopic);
        requireText("deadletter.topic", deadLetterTopic);
        requireText("group.id", groupId);
        requireText("transactional.id.prefix", transactionalIdPrefix);
        if (parallelism < 0) {
            throw invalid("parallelism", parallelism, "must be >= 0 (0 uses the environment's default)");
        }
        if (checkpointIntervalMs < 10) {
            throw invalid("checkpoint.interval.ms", checkpointIntervalMs,
                    "must be >= 10: the exactly-once sinks only commit on checkpoints, so checkpointing cannot be off");
        }
        if (transactionTimeoutMs <= checkpointIntervalMs) {
            throw invalid("transaction.timeout.ms", transactionTimeoutMs, "must be greater than checkpoint.interval.ms ("
                    + checkpointIntervalMs + "): a transaction stays open for a whole checkpoint interval and would be aborted");
        }
        if (transactionTimeoutMs > BROKER_DEFAULT_MAX_TRANSACTION_TIMEOUT_MS) {
            throw invalid("transaction.timeout.ms", transactionTimeoutMs, "must be at most " + BROKER_DEFAULT_MAX_TRANSACTION_TIMEOUT_MS
                    + " (the brokers' default transaction.max.timeout.ms); above it the sink cannot start and the job restart-loops");
        }
        if (binning == null) {
            throw invalid("binning", null, "must not be null");
        }
    }

    /** Defaults for everything but the bootstrap servers: an unbounded job from {@code dvs.events}. */
    public static BinningJobConfig defaults(String bootstrapServers) {
        return new BinningJobConfig(bootstrapServers, Topics.EVENTS, DEFAULT_OUTPUT_TOPIC, Topics.DEADLETTER,
                "dvstream-binning", false, 0, 10_000, 600_000, "dvstream-binning", BinningSettings.defaults());
    }

    /**
     * Reads a configuration from string keys (a properties file, command-line {@code key=value}s):
     * unknown keys are rejected, missing ones take the {@link #defaults} values.
     */
    public static BinningJobConfig fromMap(Map<String, String> values) {
        for (String key : values.keySet()) {
            if (!KEYS.contains(key)) {
                throw invalid(key, values.get(key), "unknown configuration key; known keys are " + KEYS.stream().sorted().toList());
            }
        }
        Map<String, String> v = new LinkedHashMap<>(values);
        String bootstrap = v.get("bootstrap.servers");
        if (bootstrap == null) {
            throw invalid("bootstrap.servers", null, "is required (host:port of the Kafka brokers)");
        }
        BinningJobConfig d = defaults(bootstrap);
        BinningSettings b = d.binning();
        BinningSettings binning;
        try {
            binning = new BinningSettings(
                    longValue(v, "bin.width.us", b.binWidthUs()),
                    (int) longValue(v, "frame.width", b.frameWidth()),
                    (int) longValue(v, "frame.height", b.frameHeight()),
                    longValue(v, "max.gap.us", Math.max(b.maxGapUs(), longValue(v, "bin.width.us", b.binWidthUs()))),
                    v.getOrDefault("roi", b.roi()),
                    longValue(v, "idle.timeout.ms", b.idleTimeoutMs()),
                    longValue(v, "camera.expiry.ms", b.expiryMs()));
        } catch (IllegalArgumentException e) {
            throw e.getMessage().startsWith("Invalid value") ? e : new IllegalArgumentException(e.getMessage(), e);
        }
        return new BinningJobConfig(bootstrap,
                v.getOrDefault("input.topic", d.inputTopic()),
                v.getOrDefault("output.topic", d.outputTopic()),
                v.getOrDefault("deadletter.topic", d.deadLetterTopic()),
                v.getOrDefault("group.id", d.groupId()),
                booleanValue(v, "bounded", d.bounded()),
                (int) longValue(v, "parallelism", d.parallelism()),
                longValue(v, "checkpoint.interval.ms", d.checkpointIntervalMs()),
                longValue(v, "transaction.timeout.ms", d.transactionTimeoutMs()),
                v.getOrDefault("transactional.id.prefix", d.transactionalIdPrefix()),
                binning);
    }

    public BinningJobConfig withTopics(String input, String output, String deadLetters) {
        return new BinningJobConfig(bootstrapServers, input, output, deadLetters, groupId, bounded, parallelism,
                checkpointIntervalMs, transactionTimeoutMs, transactionalIdPrefix, binning);
    }

    public BinningJobConfig withBounded(boolean stopAtEnd) {
        return new BinningJobConfig(bootstrapServers, inputTopic, outputTopic, deadLetterTopic, groupId, stopAtEnd, parallelism,
                checkpointIntervalMs, transactionTimeoutMs, transactionalIdPrefix, binning);
    }

    public BinningJobConfig withCheckpointIntervalMs(long ms) {
        return new BinningJobConfig(bootstrapServers, inputTopic, outputTopic, deadLetterTopic, groupId, bounded, parallelism,
                ms, transactionTimeoutMs, transactionalIdPrefix, binning);
    }

    public BinningJobConfig withTransactionalIdPrefix(String prefix) {
        return new BinningJobConfig(bootstrapServers, inputTopic, outputTopic, deadLetterTopic, groupId, bounded, parallelism,
                checkpointIntervalMs, transactionTimeoutMs, prefix, binning);
    }

    public BinningJobConfig withBinning(BinningSettings settings) {
        return new BinningJobConfig(bootstrapServers, inputTopic, outputTopic, deadLetterTopic, groupId, bounded, parallelism,
                checkpointIntervalMs, transactionTimeoutMs, transactionalIdPrefix, settings);
    }

    /** The binning maths' own configuration. */
    public BinningConfig binningConfig() {
        return binning.toBinningConfig();
    }

    /** {@code key}'s integer value in {@code v}, or {@code fallback}; a non-integer is named with its key. */
    static long longValue(Map<String, String> v, String key, long fallback) {
        String s = v.get(key);
        if (s == null) {
            return fallback;
        }
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw invalid(key, s, "must be an integer");
        }
    }

    private static boolean booleanValue(Map<String, String> v, String key, boolean fallback) {
        String s = v.get(key);
        if (s == null) {
            return fallback;
        }
        return switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(key, s, "must be true or false");
        };
    }

    private static void requireText(String key, String value) {
        if (value == null || value.isBlank()) {
            throw invalid(key, value, "must not be empty");
        }
    }

    private static IllegalArgumentException invalid(String key, Object value, String rule) {
        return new IllegalArgumentException("Invalid value " + value + " for configuration " + key + ": " + rule);
    }
}
