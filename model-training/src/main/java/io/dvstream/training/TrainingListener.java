package io.dvstream.training;

/** Progress of a {@link Trainer} run, for a progress bar; called on the training thread. */
public interface TrainingListener {

    /** After each optimizer step: running means over the epoch so far. */
    void onStep(int epoch, int stepInEpoch, int stepsPerEpoch, double loss, double accuracy, double samplesPerSecond);

    /** After each epoch's evaluation and checkpoint. */
    void onEpoch(EpochResult result);

    TrainingListener NONE = new TrainingListener() {
        @Override
        public void onStep(int epoch, int stepInEpoch, int stepsPerEpoch, double loss, double accuracy, double sps) {
        }

        @Override
        public void onEpoch(EpochResult result) {
        }
    };
}
