package io.dvstream.jobs.inference;

import io.dvstream.model.StreamingConfig.WindowMode;
import java.io.Serializable;

/**
 * How the inference operator turns a camera's steps into classification windows
 * (docs/ds2ta-spec.md section 5).
 *
 * @param windowSteps T: steps per window; a window's scores are the mean logits of its steps (window.steps)
 * @param stride steps between two windows; window w covers steps {@code w*stride .. w*stride+T-1} (window.stride)
 * @param mode {@code carry}: one state per camera, never reset between windows; {@code reset}: every
 *     window starts from a fresh state (window.mode)
 */
public record InferenceSettings(int windowSteps, int stride, WindowMode mode) implements Serializable {

    public InferenceSettings {
        if (windowSteps < 1) {
            throw invalid("window.steps", windowSteps, "must be >= 1");
        }
        if (stride < 1) {
            throw invalid("window.stride", stride, "must be >= 1");
        }
        if (mode == null) {
            throw invalid("window.mode", null, "must be carry or reset");
        }
        if (mode == WindowMode.RESET && (windowSteps + stride - 1) / stride > 64) {
            throw invalid("window.stride", stride, "with window.mode reset at most 64 windows may overlap (each runs its"
                    + " own model state); window.steps / window.stride = " + windowSteps + " / " + stride);
        }
    }

    /** T = 10 steps, a window every 5 steps, carried state (the streaming default of the spec). */
    public static InferenceSettings defaults() {
        return new InferenceSettings(10, 5, WindowMode.CARRY);
    }

    private static IllegalArgumentException invalid(String key, Object value, String rule) {
        return new IllegalArgumentException("Invalid value " + value + " for configuration " + key + ": " + rule);
    }
}
