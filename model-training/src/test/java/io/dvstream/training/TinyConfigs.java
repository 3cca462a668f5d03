package io.dvstream.training;

import io.dvstream.model.ModelConfig;
import io.dvstream.model.StreamingConfig;
import io.dvstream.model.weights.WeightFileConfig;
import java.util.List;

/** Configurations small enough for exhaustive tests; shapes only, the equations are the spec's. */
final class TinyConfigs {

    private TinyConfigs() {
    }

    /** 8x8 input, stem 2/4 channels (one pool), 16 tokens, D = 4, 2 heads of 2, 3 classes, T = 3, W = 2. */
    static ModelConfig gradientCheck(boolean nsad, ModelConfig.Decay decay) {
        return new ModelConfig(8, 8, List.of(2, 4), List.of(true, false), 1, 2, 2, 3, 3, 2, 2.0, decay, nsad,
                2.0, 1.0, 0.5, 1e-5);
    }

    /** 16x16 input, stem 4/8/16 channels (two pools), 16 tokens, 2 blocks, D = 16, 2 heads, 4 classes, T = 4, W = 3. */
    static ModelConfig small() {
        return new ModelConfig(16, 16, List.of(4, 8, 16), List.of(true, true, false), 2, 2, 2, 4, 4, 3, 4.0,
                ModelConfig.Decay.EXP, true, 2.0, 1.0, 0.5, 1e-5);
    }

    static WeightFileConfig meta(ModelConfig c) {
        return new WeightFileConfig(c, new StreamingConfig(StreamingConfig.WindowMode.RESET, 50_000, c.T(),
                StreamingConfig.numberedClasses(c.numClasses())));
    }
}
