package io.dvstream.model;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * How a model is deployed on a stream (docs/ds2ta-spec.md sections 5 and 6): the window mode, the
 * frame period, the classification stride and the class names. Recorded with the weights in the
 * weight file's metadata next to the {@link ModelConfig}.
 *
 * @param mode {@code carry} (state never reset between windows) or {@code reset} (zeroed per window)
 * @param dtUs frame period in microseconds: frame k holds events with {@code t0 + k*dt <= t < t0 + (k+1)*dt}
 * @param stride steps between two classifications
 * @param classes the class names, index = logit index
 */
public record StreamingConfig(WindowMode mode, long dtUs, int stride, List<String> classes) {

    /** The 11 DVS128 Gesture classes in the dataset's label order (label 1 first). */
    public static final List<String> DVS128_GESTURE_CLASSES = List.of(
            "hand_clapping", "right_hand_wave", "left_hand_wave", "right_arm_clockwise",
            "right_arm_counter_clockwise", "left_arm_clockwise", "left_arm_counter_clockwise",
            "arm_roll", "air_drums", "air_guitar", "other_gestures");

    /** Per-stream state handling between classification windows (spec section 5). */
    public enum WindowMode {
        /** State is never reset between windows; the streaming default. */
        CARRY,
        /** State is zeroed at the start of every window, as clip-level training assumes. */
        RESET;

        /** The spec's spelling: {@code carry} or {@code reset}. */
        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** Parses the spec's spelling; anything else is rejected with the legal values. */
        public static WindowMode fromKey(String key) {
            for (WindowMode m : values()) {
                if (m.key().equals(key)) {
                    return m;
                }
            }
            throw new IllegalArgumentException(
                    "Invalid value " + key + " for configuration mode: must be carry or reset");
        }
    }

    public StreamingConfig {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(classes, "classes");
        classes = List.copyOf(classes);
        if (dtUs < 1) {
            throw new IllegalArgumentException("dt_us must be >= 1, got " + dtUs);
        }
        if (stride < 1) {
            throw new IllegalArgumentException("stride must be >= 1, got " + stride);
        }
        if (classes.isEmpty()) {
            throw new IllegalArgumentException("classes must name at least one class");
        }
        var seen = new HashSet<String>();
        for (String c : classes) {
            if (c.isBlank()) {
                throw new IllegalArgumentException("classes must not contain a blank name");
            }
            if (!seen.add(c)) {
                throw new IllegalArgumentException("classes names " + c + " twice");
            }
        }
    }

    /**
     * DVS128 Gesture in {@code carry} mode with 50 ms frames and a decision every 5 steps. The spec
     * leaves dt and stride to the deployment; these are this project's defaults, not the paper's.
     */
    public static StreamingConfig dvsGesture() {
        return new StreamingConfig(WindowMode.CARRY, 50_000, 5, DVS128_GESTURE_CLASSES);
    }

    /** Generic class names {@code class_0 .. class_{n-1}} for models without named classes. */
    public static List<String> numberedClasses(int n) {
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> "class_" + i).toList();
    }
}
