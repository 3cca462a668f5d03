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
     * Crossover density of {@code AUTO}. On the 2-core development machine OpenBLAS does about ten
     * times more multiply-accumulates per second than the Java scatter loop (docs/benchmarks.md),
     * so the event-driven path pays only below about a tenth of the inputs active: in practice
     * the event frames of the first stem conv, not the 15 to 70 % dense spike maps after it.
     */
    public static final double AUTO_MAX_DENSITY = 0.1;
}
