package io.dvstream.model;

import io.dvstream.model.weights.WeightFileConfig;
import java.util.List;

/** Named configurations for tests. */
public final class Configs {

    private Configs() {
    }

    /**
     * A tiny model: 12 x 10 input, stem 4 -> 8 channels with one pool (6 x 5 = 30 tokens), one block,
     * 2 heads of 4 channels, 3 classes. Small enough for naive scalar references.
     */
    public static ModelConfig tiny() {
        return new ModelConfig(12, 10, List.of(4, 8), List.of(true, false), 1, 2, 2, 3, 4, 3, 4.0,
                ModelConfig.Decay.EXP, true, 2.0, 1.0, 0.5, 1e-5);
    }

    /** {@link #tiny()} with numbered classes in carry mode. */
    public static WeightFileConfig tinyFile() {
        return new WeightFileConfig(tiny(), new StreamingConfig(StreamingConfig.WindowMode.CARRY, 20_000, 2,
                StreamingConfig.numberedClasses(3)));
    }
}
