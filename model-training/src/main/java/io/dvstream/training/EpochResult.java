package io.dvstream.training;

import java.util.Map;

/**
 * One line of the training log.
 *
 * @param epoch 1-based
 * @param steps optimizer steps so far
 * @param lr learning rate of the epoch's last step
 * @param trainLoss mean loss over the epoch's batches (training mode, augmented)
 * @param trainAccuracy accuracy over the epoch's batches (training mode, augmented)
 * @param testAccuracy clip accuracy on the test split (eval mode, centred window), NaN without test clips
 * @param samplesPerSecond training throughput of the epoch
 * @param seconds wall time of the epoch (training and evaluation)
 * @param tau the effective TASA constants by tensor name
 */
public record EpochResult(int epoch, long steps, double lr, double trainLoss, double trainAccuracy, double testAccuracy,
                          double samplesPerSecond, double seconds, Map<String, Double> tau) {
}
