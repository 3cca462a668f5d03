package io.dvstream.cli.dashboard;

import java.util.Arrays;

/**
 * The last {@value #CAPACITY} values of a duration (in the unit its owner chooses: milliseconds for
 * latencies, microseconds for inference times), for the latest value and percentiles. Not thread-safe: its {@link CameraState} locks.
 */
final class LatencyWindow {

    static final int CAPACITY = 256;

    private final long[] values = new long[CAPACITY];
    private int next;
    private int size;
    private long last;

    void add(long ms) {
        values[next] = ms;
        next = (next + 1) % CAPACITY;
        size = Math.min(size + 1, CAPACITY);
        last = ms;
    }

    boolean isEmpty() {
        return size == 0;
    }

    long last() {
        return last;
    }

    /** The nearest-rank percentile of the values held (0 when empty). */
    long percentile(double p) {
        if (size == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * size);
        return sorted[Math.max(0, Math.min(size - 1, rank - 1))];
    }
}
