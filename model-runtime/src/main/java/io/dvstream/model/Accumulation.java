package io.dvstream.model;

/**
 * How the synaptic layers (convs and linears) compute their weighted sums.
 * <ul>
 *   <li>{@code DENSE}: ND4J's conv2d / GEMM over every input, zeros included.</li>
 *   <li>{@code SPARSE}: event-driven: only the non-zero inputs (spikes, spike counts, events) add
 *       their weight columns into the output ({@link SparseAccumulator}).</li>
 *   <li>{@code AUTO}: per layer and step, {@code SPARSE} when the input's measured density (non-zero
 *       fraction) is at most {@link #AUTO_MAX_DENSITY}, else {@code DENSE}.</li>
 * </ul>
 * Both compute the same sums in float32 in a different order, so they agree up to rounding
 * (a few ulps); a spike can differ only where a membrane lands within that of its threshold.
 */
public enum Accumulation {
    DENSE, SPARSE, AUTO;

    /**
     * Crossover density of {@code AUTO}. Measured with the JMH ModelBenchmark on the 2-core
     * development machine (docs/benchmarks.md); event-driven accumulation wins below it.
     */
    public static final double AUTO_MAX_DENSITY = 0.3;
}
