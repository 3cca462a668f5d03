package io.dvstream.training;

import io.dvstream.model.ModelConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Model configurations {@code dvstream train --config} accepts: the runtime's presets
 * ({@code gesture-2-256}, {@code small-1-64}) and {@code tiny-1-32}, a configuration that trains in
 * minutes on two CPU cores: 32x32 input (sensor coordinates divided by 4), stem 8/16/32 channels with
 * two pools (8 x 8 = 64 tokens), one block of width 32 with 2 heads of 16, MLP ratio 2, T = 10, W = 3.
 * The equations are the spec's; only shapes differ.
 */
public final class TrainingPresets {

    public static final String TINY_1_32 = "tiny-1-32";

    private TrainingPresets() {
    }

    public static ModelConfig tiny1x32() {
        return new ModelConfig(32, 32, List.of(8, 16, 32), List.of(true, true, false), 1, 2, 2, 11, 10, 3, 4.0,
                ModelConfig.Decay.EXP, true, 2.0, 1.0, 0.5, 1e-5);
    }

    public static Map<String, ModelConfig> all() {
        var m = new LinkedHashMap<String, ModelConfig>();
        m.put(TINY_1_32, tiny1x32());
        m.put(ModelConfig.SMALL_1_64, ModelConfig.small1x64());
        m.put(ModelConfig.GESTURE_2_256, ModelConfig.gesture2x256());
        return m;
    }

    /** A preset by name; an unknown name is rejected with the known ones. */
    public static ModelConfig preset(String name) {
        ModelConfig c = all().get(name);
        if (c == null) {
            throw new IllegalArgumentException("Unknown model configuration " + name + ": known are "
                    + String.join(", ", all().keySet()));
        }
        return c;
    }
}
