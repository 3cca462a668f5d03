package io.dvstream.events.binning;

import java.util.Arrays;

/**
 * One time step of one camera: event counts {@code [2, height, width]} (channel 0 OFF, 1 ON, y
 * down), for the camera-time interval {@code [startUs, startUs + binWidthUs)}.
 *
 * <p>The binner hands out one reused instance: it is valid only during
 * {@link FrameListener#onFrame}; keep a {@link #copy()} to hold on to it.
 */
public final class Frame {

    private final int width;
    private final int height;
    private final long binWidthUs;
    private final float[] counts;
    private long index;
    private long startUs;
    private int eventCount;
    // The binner's list of written cells (repeats allowed), so sparseCounts() need not scan every
    // cell; null or a negative count means unknown (a copy, or a dense frame): scan.
    private int[] written;
    private int writtenCount = -1;

    public Frame(int width, int height, long binWidthUs) {
        this(width, height, binWidthUs, new float[2 * width * height]);
    }

    private Frame(int width, int height, long binWidthUs, float[] counts) {
        this.width = width;
        this.height = height;
        this.binWidthUs = binWidthUs;
        this.counts = counts;
    }

    void set(long index, long startUs, int eventCount) {
        this.index = index;
        this.startUs = startUs;
        this.eventCount = eventCount;
    }

    /** The binner's written-cell list for the frame being handed out; {@code count < 0}: unknown. */
    void setWritten(int[] written, int count) {
        this.written = written;
        this.writtenCount = count;
    }

    /** Frame number since the stream (re)started; consecutive frames have consecutive indices. */
    public long index() {
        return index;
    }

    public long startUs() {
        return startUs;
    }

    /** Exclusive end of the interval. */
    public long endUs() {
        return startUs + binWidthUs;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Events counted in this frame (events outside the region of interest are not). */
    public int eventCount() {
        return eventCount;
    }

    public boolean isEmpty() {
        return eventCount == 0;
    }

    /** Count of channel c (0 OFF, 1 ON) at (x, y). */
    public float count(int channel, int x, int y) {
        return counts[(channel * height + y) * width + x];
    }

    /** The counts as {@code [2, height, width]} row-major; the binner's own array, do not modify. */
    public float[] counts() {
        return counts;
    }

    /**
     * The non-zero counts. For a frame handed out by the binner this costs in proportion to the
     * events in it, not to the frame size; for a copy it scans the counts.
     */
    public SparseCounts sparseCounts() {
        return written != null && writtenCount >= 0
                ? SparseCounts.fromWritten(counts, written, writtenCount)
                : SparseCounts.fromDense(counts);
    }

    /** Events of channel c ({@link io.dvstream.events.EventPacket#OFF} or ON) counted in this frame. */
    public double channelTotal(int channel) {
        int plane = width * height;
        double s = 0;
        for (int i = channel * plane, end = i + plane; i < end; i++) {
            s += counts[i];
        }
        return s;
    }

    public Frame copy() {
        Frame f = new Frame(width, height, binWidthUs, counts.clone());
        f.set(index, startUs, eventCount);
        return f;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Frame f && f.index == index && f.startUs == startUs && f.binWidthUs == binWidthUs
                && f.width == width && f.height == height && f.eventCount == eventCount && Arrays.equals(f.counts, counts);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(startUs) * 31 + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "Frame{#" + index + " [" + startUs + ", " + endUs() + ") us, " + eventCount + " events, 2x" + height + "x" + width + "}";
    }
}
