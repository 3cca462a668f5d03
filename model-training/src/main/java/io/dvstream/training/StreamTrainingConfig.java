package io.dvstream.training;

/**
 * The stream-mode part of a training run ({@code dvstream train --mode stream}).
 *
 * @param windows consecutive windows of T frames per segment; state carries across their borders
 * @param burnIn leading windows of each segment that only run the state up from zero (no loss):
 *               a segment starts mid-recording, where the deployed model would have carried state
 */
public record StreamTrainingConfig(int windows, int burnIn) {

    public StreamTrainingConfig {
        if (windows < 1 || burnIn < 0 || burnIn >= windows) {
            throw new IllegalArgumentException("need windows >= 1 and 0 <= burn-in < windows, got " + windows
                    + " windows and burn-in " + burnIn);
        }
    }

    /** 8 windows (4 s at T = 10, dt = 50 ms), the first a burn-in. */
    public static StreamTrainingConfig defaults() {
        return new StreamTrainingConfig(8, 1);
    }
}
