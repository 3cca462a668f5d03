package io.dvstream.events.binning;

import java.util.Arrays;

/**
 * The non-zero cells of a count frame: ascending, distinct cell indices into the frame's
 * {@code [2, height, width]} row-major array, each with its count. Immutable; {@link #cells()} and
 * {@link #values()} hand out the arrays themselves, which callers must not modify.
 *
 * <p>A DVS frame of 10 ms rarely touches more than a few percent of its cells, so this is how open
 * frames are checkpointed and how frames travel between operators.
 */
public final class SparseCounts {

    public static final SparseCounts EMPTY = new SparseCounts(new int[0], new float[0]);

    private final int[] cells;
    private final float[] values;

    private SparseCounts(int[] cells, float[] values) {
        this.cells = cells;
        this.values = values;
    }

    /**
     * Checks and wraps the arrays (not copied).
     *
     * @throws IllegalArgumentException if the lengths differ, cells are not strictly ascending and
     *     non-negative, or a value is zero or not finite
     */
    public static SparseCounts of(int[] cells, float[] values) {
        if (cells.length != values.length) {
            throw new IllegalArgumentException("cells and values must have the same length, were "
                    + cells.length + " and " + values.length);
        }
        for (int i = 0; i < cells.length; i++) {
            if (cells[i] < 0 || (i > 0 && cells[i] <= cells[i - 1])) {
                throw new IllegalArgumentException("cells must be ascending, distinct and >= 0; cell " + i + " is "
                        + cells[i] + (i > 0 ? " after " + cells[i - 1] : ""));
            }
            if (values[i] == 0f || !Float.isFinite(values[i])) {
                throw new IllegalArgumentException("values must be finite and non-zero; value " + i + " (cell "
                        + cells[i] + ") is " + values[i]);
            }
        }
        return cells.length == 0 ? EMPTY : new SparseCounts(cells, values);
    }

    /** The non-zero cells of a dense array. */
    public static SparseCounts fromDense(float[] dense) {
        int n = 0;
        for (float v : dense) {
            if (v != 0f) {
                n++;
            }
        }
        int[] cells = new int[n];
        float[] values = new float[n];
        for (int i = 0, k = 0; k < n; i++) {
            if (dense[i] != 0f) {
                cells[k] = i;
                values[k++] = dense[i];
            }
        }
        return n == 0 ? EMPTY : new SparseCounts(cells, values);
    }

    /**
     * The non-zero cells among {@code written[0, count)} (indices into {@code dense}, in any order,
     * repeats allowed): sorts a copy and skips repeats, so it costs O(count log count), not O(dense).
     */
    static SparseCounts fromWritten(float[] dense, int[] written, int count) {
        int[] sorted = Arrays.copyOf(written, count);
        Arrays.sort(sorted);
        int n = 0;
        for (int i = 0; i < count; i++) {
            if ((i == 0 || sorted[i] != sorted[i - 1]) && dense[sorted[i]] != 0f) {
                sorted[n++] = sorted[i];
            }
        }
        if (n == 0) {
            return EMPTY;
        }
        int[] cells = Arrays.copyOf(sorted, n);
        float[] values = new float[n];
        for (int k = 0; k < n; k++) {
            values[k] = dense[cells[k]];
        }
        return new SparseCounts(cells, values);
    }

    public int size() {
        return cells.length;
    }

    public boolean isEmpty() {
        return cells.length == 0;
    }

    public int cell(int i) {
        return cells[i];
    }

    public float value(int i) {
        return values[i];
    }

    /** The cell indices, ascending; do not modify. */
    public int[] cells() {
        return cells;
    }

    /** The counts, parallel to {@link #cells()}; do not modify. */
    public float[] values() {
        return values;
    }

    /** Sum of the counts. */
    public double total() {
        double s = 0;
        for (float v : values) {
            s += v;
        }
        return s;
    }

    /** Adds the counts into a dense array of at least {@code lastCell + 1} elements. */
    public void addTo(float[] dense) {
        for (int i = 0; i < cells.length; i++) {
            dense[cells[i]] += values[i];
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SparseCounts s && Arrays.equals(cells, s.cells) && Arrays.equals(values, s.values);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(cells) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "SparseCounts{" + cells.length + " cells, total " + total() + "}";
    }
}
