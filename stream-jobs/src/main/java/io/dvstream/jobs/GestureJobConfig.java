package io.dvstream.jobs;

import io.dvstream.events.wire.Topics;
import io.dvstream.jobs.decisions.DecisionConfig;
import io.dvstream.jobs.inference.InferenceBatching;
import io.dvstream.jobs.inference.InferenceSettings;
import io.dvstream.model.StreamingConfig.WindowMode;
import java.io.Serializable;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Configuration of {@link GestureJob}: the binning job's settings (source, dead letters,
 * checkpoints, transactions, frames), the gestures topic, the windows and the decisions.
 *
 * @param job source, dead-letter topic, checkpointing, exactly-once sink settings and binning
 *     ({@link BinningJobConfig}; its output topic is not used)
 * @param gesturesTopic where the gesture records go (output.topic, default {@code dvs.gestures})
 * @param inference window length, stride and mode (window.steps, window.stride, window.mode)
 * @param decisions hysteresis and idle rules (decision.*)
 * @param batching micro-batching of cameras in the inference operator (inference.batch.max,
 *     inference.batch.max.wait.ms; default off)
 */
public record GestureJobConfig(BinningJobConfig job, String gesturesTopic, InferenceSettings inference,
                               DecisionConfig decisions, InferenceBatching batching) implements Serializable {

    public static final String DEFAULT_GROUP_ID = "dvstream-gestures";
    public static final String DEFAULT_TRANSACTIONAL_ID_PREFIX = "dvstream-gestures";

    /** The keys of {@link #fromMap}: those of {@link BinningJobConfig} plus the window and decision keys. */
    public static final Set<String> KEYS;

    static {
        Set<String> keys = new TreeSet<>(BinningJobConfig.KEYS);
        keys.addAll(Set.of("window.steps", "window.stride", "window.mode", "decision.on.threshold", "decision.off.threshold",
                "decision.on.windows", "decision.off.windows", "decision.min.events", "decision.idle.class",
                "inference.batch.max", "inference.batch.max.wait.ms"));
        KEYS = Set.copyOf(keys);
    }

    public GestureJobConfig {
        if (job == null) {
            throw new IllegalArgumentException("Invalid value null for configuration job: must not be null");
        }
        if (gesturesTopic == null || gesturesTopic.isBlank()) {
            throw new IllegalArgumentException("Invalid value " + gesturesTopic + " for configuration output.topic: must not be empty");
        }
        if (inference == null || decisions == null || batching == null) {
            throw new IllegalArgumentException("Invalid configuration: inference, decisions and batching must not be null");
        }
    }

    /** Without micro-batching ({@link InferenceBatching#off()}). */
    public GestureJobConfig(BinningJobConfig job, String gesturesTopic, InferenceSettings inference, DecisionConfig decisions) {
        this(job, gesturesTopic, inference, decisions, InferenceBatching.off());
    }

    /** Defaults for everything but the bootstrap servers. */
    public static GestureJobConfig defaults(String bootstrapServers) {
        return fromMap(Map.of("bootstrap.servers", bootstrapServers));
    }

    /**
     * Reads a configuration from string keys; unknown keys are rejected (with the known ones listed),
     * missing ones take their defaults, bad values are reported as "Invalid value V for configuration K: rule".
     */
    public static GestureJobConfig fromMap(Map<String, String> values) {
        for (String key : values.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("Invalid value " + values.get(key) + " for configuration " + key
                        + ": unknown configuration key; known keys are " + new TreeSet<>(KEYS));
            }
        }
        Map<String, String> v = new HashMap<>(values);
        Map<String, String> binning = new LinkedHashMap<>();
        v.forEach((k, x) -> {
            if (BinningJobConfig.KEYS.contains(k)) {
                binning.put(k, x);
            }
        });
        binning.putIfAbsent("group.id", DEFAULT_GROUP_ID);
        binning.putIfAbsent("transactional.id.prefix", DEFAULT_TRANSACTIONAL_ID_PREFIX);
        String gestures = binning.remove("output.topic");
        BinningJobConfig job = BinningJobConfig.fromMap(binning);

        InferenceSettings di = InferenceSettings.defaults();
        String mode = v.get("window.mode");
        InferenceSettings inference = new InferenceSettings(
                (int) BinningJobConfig.longValue(v, "window.steps", di.windowSteps()),
                (int) BinningJobConfig.longValue(v, "window.stride", di.stride()),
                mode == null ? di.mode() : windowMode(mode));
        DecisionConfig dd = DecisionConfig.defaults();
        DecisionConfig decisions = new DecisionConfig(
                doubleValue(v, "decision.on.threshold", dd.onThreshold()),
                doubleValue(v, "decision.off.threshold", dd.offThreshold()),
                (int) BinningJobConfig.longValue(v, "decision.on.windows", dd.onWindows()),
                (int) BinningJobConfig.longValue(v, "decision.off.windows", dd.offWindows()),
                BinningJobConfig.longValue(v, "decision.min.events", dd.minEventsPerWindow()),
                v.getOrDefault("decision.idle.class", dd.idleClass()));
        InferenceBatching db = InferenceBatching.off();
        InferenceBatching batching = new InferenceBatching(
                intValue(v, "inference.batch.max", db.maxBatch()),
                BinningJobConfig.longValue(v, "inference.batch.max.wait.ms", db.maxWaitMs()));
        return new GestureJobConfig(job, gestures == null ? Topics.GESTURES : gestures, inference, decisions, batching);
    }

    public GestureJobConfig withJob(BinningJobConfig j) {
        return new GestureJobConfig(j, gesturesTopic, inference, decisions, batching);
    }

    public GestureJobConfig withGesturesTopic(String topic) {
        return new GestureJobConfig(job, topic, inference, decisions, batching);
    }

    public GestureJobConfig withInference(InferenceSettings settings) {
        return new GestureJobConfig(job, gesturesTopic, settings, decisions, batching);
    }

    public GestureJobConfig withDecisions(DecisionConfig config) {
        return new GestureJobConfig(job, gesturesTopic, inference, config, batching);
    }

    public GestureJobConfig withBatching(InferenceBatching b) {
        return new GestureJobConfig(job, gesturesTopic, inference, decisions, b);
    }

    private static WindowMode windowMode(String s) {
        try {
            return WindowMode.fromKey(s.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid value " + s + " for configuration window.mode: must be carry or reset", e);
        }
    }

    private static int intValue(Map<String, String> v, String key, int fallback) {
        long x = BinningJobConfig.longValue(v, key, fallback);
        if (x != (int) x) {
            throw new IllegalArgumentException("Invalid value " + v.get(key) + " for configuration " + key
                    + ": must be a 32-bit integer");
        }
        return (int) x;
    }

    private static double doubleValue(Map<String, String> v, String key, double fallback) {
        String s = v.get(key);
        if (s == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid value " + s + " for configuration " + key + ": must be a number", e);
        }
    }
}
