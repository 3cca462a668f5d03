package io.dvstream.jobs.decisions;

import java.io.Serializable;

/**
 * How per-window scores become gesture start and end events (hysteresis on softmax probabilities).
 *
 * <p>A gesture of class c starts when c is the most probable class with probability at least
 * {@code onThreshold} for {@code onWindows} consecutive windows, and ends once its probability stays
 * below {@code offThreshold} for {@code offWindows} consecutive windows, when another gesture takes
 * over, or when the scene goes idle. A window is idle when fewer than {@code minEventsPerWindow}
 * events fell into it or when its most probable class is {@code idleClass}; idle windows emit
 * nothing (ARCHITECTURE.md, "Decisions").
 *
 * @param onThreshold probability a class must reach to count towards a start (decision.on.threshold)
 * @param offThreshold probability below which the active gesture counts towards its end
 *     (decision.off.threshold); at most {@code onThreshold}, the gap is the hysteresis
 * @param onWindows consecutive windows above the on threshold that start a gesture (decision.on.windows)
 * @param offWindows consecutive windows below the off threshold that end it (decision.off.windows)
 * @param minEventsPerWindow windows with fewer events are idle (decision.min.events)
 * @param idleClass class name meaning "no gesture", or null if the model has none (decision.idle.class)
 */
public record DecisionConfig(double onThreshold, double offThreshold, int onWindows, int offWindows,
                             long minEventsPerWindow, String idleClass) implements Serializable {

    public DecisionConfig {
        check("decision.on.threshold", onThreshold, onThreshold > 0 && onThreshold <= 1, "must be in (0, 1]");
        check("decision.off.threshold", offThreshold, offThreshold > 0 && offThreshold <= onThreshold,
                "must be in (0, decision.on.threshold = " + onThreshold + "]");
        check("decision.on.windows", onWindows, onWindows >= 1, "must be >= 1");
        check("decision.off.windows", offWindows, offWindows >= 1, "must be >= 1");
        check("decision.min.events", minEventsPerWindow, minEventsPerWindow >= 0, "must be >= 0");
        if (idleClass != null && idleClass.isBlank()) {
            idleClass = null;
        }
    }

    /**
     * Start at 0.6 for 2 windows, end below 0.4 for 2 windows, idle below 100 events per window,
     * no idle class: generic knobs for a model without calibrated settings. A trained model's
     * settings are calibrated on its training users ({@code dvstream eval --calibrate}) and shipped
     * beside it as {@code NAME.decision.properties}, which {@code job run} and {@code demo} apply
     * on top of these (docs/training.md, "Decider calibration").
     */
    public static DecisionConfig defaults() {
        return new DecisionConfig(0.6, 0.4, 2, 2, 100, null);
    }

    public DecisionConfig withMinEventsPerWindow(long events) {
        return new DecisionConfig(onThreshold, offThreshold, onWindows, offWindows, events, idleClass);
    }

    public DecisionConfig withThresholds(double on, double off) {
        return new DecisionConfig(on, off, onWindows, offWindows, minEventsPerWindow, idleClass);
    }

    public DecisionConfig withWindows(int on, int off) {
        return new DecisionConfig(onThreshold, offThreshold, on, off, minEventsPerWindow, idleClass);
    }

    public DecisionConfig withIdleClass(String name) {
        return new DecisionConfig(onThreshold, offThreshold, onWindows, offWindows, minEventsPerWindow, name);
    }

    private static void check(String key, Object value, boolean ok, String rule) {
        if (!ok) {
            throw new IllegalArgumentException("Invalid value " + value + " for configuration " + key + ": " + rule);
        }
    }
}
