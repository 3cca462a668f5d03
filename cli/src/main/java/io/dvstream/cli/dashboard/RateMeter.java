package io.dvstream.cli.dashboard;

/**
 * A per-second rate of a growing counter, over the last second or so of wall time: samples taken
 * at each state tick, the rate from the oldest sample within {@link #SPAN_NANOS} to the newest.
 * Not thread-safe: its {@link CameraState} locks.
 */
final class RateMeter {

    static final long SPAN_NANOS = 1_000_000_000L;
    private static final int SAMPLES = 16;

    private final long[] nanos = new long[SAMPLES];
    private final long[] counts = new long[SAMPLES];
    private int next;
    private int size;

    /** Records the counter's value now and returns its rate per second (0 until two samples). */
    double sample(long nowNanos, long count) {
        nanos[next] = nowNanos;
        counts[next] = count;
        next = (next + 1) % SAMPLES;
        size = Math.min(size + 1, SAMPLES);
        int newest = (next - 1 + SAMPLES) % SAMPLES;
        int oldest = newest;
        for (int k = 1; k < size; k++) {
            int i = (newest - k + SAMPLES) % SAMPLES;
            oldest = i;
            if (nowNanos - nanos[i] >= SPAN_NANOS) {
                break;
            }
        }
        long dt = nanos[newest] - nanos[oldest];
        return dt <= 0 ? 0 : (counts[newest] - counts[oldest]) * 1e9 / dt;
    }
}
