package io.dvstream.model;

/**
 * One step of one stream.
 *
 * @param logits {@code z(t)} [numClasses]
 * @param spikeCounts spikes per LIF layer in {@link StateLayout#lifLayerNames()} order
 * @param firingRate spikes of all LIF layers / their neurons
 * @param energy SOPs, MACs and the 45 nm estimate of this step
 */
public record StepResult(float[] logits, int[] spikeCounts, double firingRate, StepEnergy energy) {
}
