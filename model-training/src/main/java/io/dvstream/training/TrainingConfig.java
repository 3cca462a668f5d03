package io.dvstream.training;

import io.dvstream.model.ModelConfig;
import java.util.Objects;

/**
 * One training run (spec section 8 for the defaults).
 *
 * @param model the model configuration
 * @param epochs passes over the training clips
 * @param batch samples per step
 * @param lr peak learning rate (AdamW)
 * @param weightDecay AdamW weight decay
 * @param labelSmoothing label smoothing of the loss
 * @param warmupEpochs epochs of linear warm-up before the cosine decay
 * @param dtUs frame period (spec section 5)
 * @param seed the one seed every random draw derives from
 * @param learnableTau whether the TASA constants train (the fixed-tau ablation sets false)
 * @param augmentation the per-sample augmentation
 */
public record TrainingConfig(ModelConfig model, int epochs, int batch, double lr, double weightDecay,
                             double labelSmoothing, int warmupEpochs, long dtUs, long seed, boolean learnableTau,
                             Augmentation augmentation) {

    public TrainingConfig {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(augmentation, "augmentation");
        if (epochs < 1 || batch < 1 || !(lr > 0) || weightDecay < 0 || warmupEpochs < 0 || dtUs < 1) {
            throw new IllegalArgumentException("need epochs >= 1, batch >= 1, lr > 0, weightDecay >= 0, "
                    + "warmupEpochs >= 0, dtUs >= 1");
        }
    }

    /** Spec section 8: AdamW lr 1e-3, weight decay 0.06, batch 16, label smoothing 0.1; 1 warm-up epoch, 50 ms frames. */
    public static TrainingConfig defaults(ModelConfig model, int epochs, long seed) {
        return new TrainingConfig(model, epochs, 16, 1e-3, 0.06, 0.1, 1, 50_000, seed, true, Augmentation.standard());
    }
}
