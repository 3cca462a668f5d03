package io.dvstream.events.time;

import java.util.Objects;

/**
 * Turns a source's raw timestamps into a monotone 64-bit microsecond clock.
 *
 * <p>Cameras and file formats count time in 32-bit microseconds that wrap every 2^32 us (71.6
 * minutes), and a device can be told to zero its clock (a reset) or glitch a few microseconds
 * backwards. The rules, applied to each raw timestamp in order:
 * <ul>
 *   <li><b>wrap</b>: a 32-bit value more than 2^31 below the previous one is the counter wrapping;
 *       2^32 is added to the epoch and time goes on.</li>
 *   <li><b>backward step</b>: a value at most {@code jitterToleranceUs} below the latest time is
 *       held at the latest time (never reordered) and counted in {@link #backwardSteps()}.</li>
 *   <li><b>reset</b>: any larger decrease is the source restarting its clock. The epoch is moved
 *       so that the restarted clock continues from the latest time, the reset is counted in
 *       {@link #resets()}, and the {@link ResetListener} hears about it with both times.</li>
 * </ul>
 * Nothing is ever smeared silently: every adjusted timestamp is counted in one of the counters.
 *
 * <p>One instance per source; not thread-safe.
 */
public final class TimestampUnwrapper {

    /** Called once per detected clock reset. */
    @FunctionalInterface
    public interface ResetListener {
        /**
         * @param latestUs the latest output time before the reset
         * @param rawUs the raw (unwrapped-so-far) time that went backwards
         * @param resetCount resets seen so far, this one included
         */
        void onReset(long latestUs, long rawUs, long resetCount);
    }

    /** Default tolerance for small backward steps, in microseconds. */
    public static final long DEFAULT_JITTER_TOLERANCE_US = 1_000;

    private static final long WRAP_32 = 1L << 32;
    private static final long HALF_WRAP_32 = 1L << 31;

    private final long jitterToleranceUs;
    private final ResetListener listener;

    private boolean started;
    private long lastRaw32;     // previous raw value as unsigned 32-bit, for wrap detection
    private long wrapEpochUs;   // multiples of 2^32 added by wraps
    private long resetEpochUs;  // shift applied after resets so the output continues
    private long latestUs;      // latest output time
    private long wraps;
    private long resets;
    private long backwardSteps;

    public TimestampUnwrapper() {
        this(DEFAULT_JITTER_TOLERANCE_US, (latest, raw, count) -> { });
    }

    public TimestampUnwrapper(long jitterToleranceUs, ResetListener listener) {
        if (jitterToleranceUs < 0) {
            throw new IllegalArgumentException("jitterToleranceUs must be >= 0, was " + jitterToleranceUs);
        }
        if (listener == null) {
            throw new IllegalArgumentException("listener must not be null");
        }
        this.jitterToleranceUs = jitterToleranceUs;
        this.listener = listener;
    }

    /** Maps a raw 32-bit timestamp (read as unsigned) onto the monotone 64-bit clock. */
    public long unwrap32(int raw) {
        long u = raw & 0xFFFF_FFFFL;
        if (started && u < lastRaw32 && lastRaw32 - u > HALF_WRAP_32) {
            wrapEpochUs += WRAP_32;
            wraps++;
        }
        // A reset restarts the raw counter too: forget the old value so a later wrap is judged
        // against the restarted clock.
        lastRaw32 = u;
        return monotone(wrapEpochUs + u);
    }

    /**
     * {@link #unwrap32} over {@code raw[from, from + n)} in order, into {@code out} at the same
     * indices; same results and counters as the single calls. For decoders' hot loops: the common
     * case (no wrap, time not going backwards) runs on locals, the rest falls back to
     * {@link #unwrap32}.
     */
    public void unwrap32Run(int[] raw, long[] out, int from, int n) {
        Objects.checkFromIndexSize(from, n, raw.length);
        Objects.checkFromIndexSize(from, n, out.length);
        int end = from + n;
        int i = from;
        if (!started && i < end) {
            out[i] = unwrap32(raw[i]);
            i++;
        }
        long last = lastRaw32;
        long latest = latestUs;
        long epoch = wrapEpochUs + resetEpochUs;
        for (; i < end; i++) {
            long u = raw[i] & 0xFFFF_FFFFL;
            long t = epoch + u;
            if (u >= last && t >= latest) {
                // what unwrap32 does when neither a wrap nor a step back is seen
                last = u;
                latest = t;
                out[i] = t;
            } else {
                lastRaw32 = last;
                latestUs = latest;
                out[i] = unwrap32(raw[i]);
                last = lastRaw32;
                latest = latestUs;
                epoch = wrapEpochUs + resetEpochUs;
            }
        }
        lastRaw32 = last;
        latestUs = latest;
    }

    /**
     * {@link #monotone} over {@code tUs[from, from + n)} in place, in order; same results and
     * counters as the single calls, with the common case (time not going backwards) on locals.
     */
    public void monotoneRun(long[] tUs, int from, int n) {
        Objects.checkFromIndexSize(from, n, tUs.length);
        int end = from + n;
        int i = from;
        if (!started && i < end) {
            tUs[i] = monotone(tUs[i]);
            i++;
        }
        long latest = latestUs;
        long epoch = resetEpochUs;
        for (; i < end; i++) {
            long t = tUs[i] + epoch;
            if (t >= latest) {
                latest = t;
                tUs[i] = t;
            } else {
                latestUs = latest;
                tUs[i] = monotone(tUs[i]);
                latest = latestUs;
                epoch = resetEpochUs;
            }
        }
        latestUs = latest;
    }

    /**
     * Maps a 64-bit timestamp of a source that does not wrap (AEDAT 4.0, an already unwrapped
     * clock) onto the monotone clock: only the backward-step and reset rules apply.
     */
    public long monotone(long rawUs) {
        long t = rawUs + resetEpochUs;
        if (!started) {
            started = true;
            latestUs = t;
            return t;
        }
        if (t >= latestUs) {
            latestUs = t;
            return t;
        }
        long back = latestUs - t;
        if (back <= jitterToleranceUs) {
            backwardSteps++;
            return latestUs;
        }
        resets++;
        resetEpochUs += back;
        listener.onReset(latestUs, rawUs, resets);
        return latestUs;
    }

    /** Latest output time; meaningless before the first timestamp. */
    public long latestUs() {
        return latestUs;
    }

    public long wraps() {
        return wraps;
    }

    public long resets() {
        return resets;
    }

    public long backwardSteps() {
        return backwardSteps;
    }

    @Override
    public String toString() {
        return "TimestampUnwrapper{latest=" + latestUs + " us, wraps=" + wraps + ", resets=" + resets
                + ", backwardSteps=" + backwardSteps + "}";
    }
}
