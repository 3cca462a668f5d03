package io.dvstream.events.binning;

import io.dvstream.events.EventPacket;
import io.dvstream.events.sensor.SensorGeometry;
import java.util.Arrays;

/**
 * Causal fixed-rate binning of one camera's events into count frames.
 *
 * <p>Frame k of a stream holds the events with {@code origin + k*dt <= t < origin + (k+1)*dt} on
 * the camera's own clock, where the origin is the first event's time rounded down to a multiple of
 * dt. A frame closes when an event at or after its end arrives (or {@link #closeUntil} is called),
 * and every interval gets a frame, empty ones included, so the output rate is fixed. The result
 * depends only on the events, never on wall-clock time or packet boundaries: a replay gives the
 * same frames bit for bit.
 *
 * <p>Coordinates inside the region of interest are scaled onto the output grid by integer
 * division ({@code outX = (x - roi.x) * outWidth / roi.width}); counts of sensor pixels that land
 * on the same output pixel add up. The mapping is precomputed per sensor column and row, so binning
 * an event is two table lookups and an add.
 *
 * <p>The stream restarts (frame index back to 0, {@link FrameListener#onRestart}) when an event is
 * older than the open frame (the camera's clock went back) or when the silence before it exceeds
 * {@link BinningConfig#maxGapUs()}.
 *
 * <p>One binner per camera; not thread-safe.
 */
public final class FrameBinner {

    private final SensorGeometry sensor;
    private final long dt;
    private final long maxGapUs;
    private final int plane;
    private final int[] column;    // sensor x -> output x, or -1 outside the region
    private final int[] rowOffset; // sensor y -> output y * outWidth, or -1 outside the region
    private final Frame frame;
    private final float[] counts;
    // Cells written in the open frame, so a sparse frame is cleared cell by cell instead of
    // zeroing all 2*H*W floats (which would cost more than binning a sparse stream's events).
    private final int[] touched;
    private int touchedCount;
    private boolean denseFrame;

    private boolean started;
    private long frameStartUs;
    private long frameIndex;
    private int eventsInFrame;
    private long lastEventUs;
    private long restarts;

    public FrameBinner(BinningConfig config, SensorGeometry sensor) {
        this.sensor = sensor;
        this.dt = config.binWidthUs();
        this.maxGapUs = config.maxGapUs();
        RegionOfInterest roi = config.regionOn(sensor);
        int outW = config.outWidth();
        int outH = config.outHeight();
        this.plane = outW * outH;
        this.column = scale(sensor.width(), roi.x(), roi.width(), outW, 1);
        this.rowOffset = scale(sensor.height(), roi.y(), roi.height(), outH, outW);
        this.frame = new Frame(outW, outH, dt);
        this.counts = frame.counts();
        this.touched = new int[Math.max(16, counts.length / 16)];
    }

    private static int[] scale(int sensorSide, int from, int length, int out, int stride) {
        int[] map = new int[sensorSide];
        Arrays.fill(map, -1);
        for (int s = from; s < from + length; s++) {
            map[s] = (int) ((long) (s - from) * out / length) * stride;
        }
        return map;
    }

    /** Bins a packet, handing every frame it closes to {@code out}. */
    public void accept(EventPacket packet, FrameListener out) {
        if (!packet.sensor().equals(sensor)) {
            throw new IllegalArgumentException("camera " + packet.cameraId() + ": packet from a " + packet.sensor()
                    + " sensor given to a binner for " + sensor);
        }
        int n = packet.size();
        long[] t = packet.tUsArray();
        short[] xs = packet.xArray();
        short[] ys = packet.yArray();
        byte[] ps = packet.polarityArray();
        int i = 0;
        while (i < n) {
            long ti = t[i];
            if (!started) {
                startAt(ti);
            } else if (ti < frameStartUs) {
                restart(out, ti);
            } else if (ti - frameStartUs >= dt) {
                advanceTo(ti, out);
            }
            long end = frameStartUs + dt;
            int counted = 0;
            // Hot loop: events of the open frame.
            for (; i < n && t[i] < end; i++) {
                int col = column[xs[i]];
                int row = rowOffset[ys[i]];
                if ((col | row) >= 0) {
                    int cell = ps[i] * plane + row + col;
                    counts[cell] += 1f;
                    if (touchedCount < touched.length) {
                        touched[touchedCount++] = cell;
                    } else {
                        denseFrame = true;
                    }
                    counted++;
                }
            }
            eventsInFrame += counted;
            lastEventUs = t[i - 1];
        }
    }

    /**
     * Closes every frame that ends at or before {@code tUs}, as if time had passed without events;
     * used when a camera falls silent (the job's idle timeout). Never closes frames more than
     * {@link BinningConfig#maxGapUs()} past the last event.
     */
    public void closeUntil(long tUs, FrameListener out) {
        if (!started) {
            return;
        }
        long limit = Math.min(tUs, lastEventUs + maxGapUs);
        while (frameStartUs + dt <= limit) {
            emit(out);
            frameStartUs += dt;
        }
    }

    /** Forgets the stream; the next event starts a new one at frame 0. The open frame is dropped. */
    public void reset() {
        clearCounts();
        started = false;
    }

    private void startAt(long tUs) {
        started = true;
        frameStartUs = Math.floorDiv(tUs, dt) * dt;
        frameIndex = 0;
        eventsInFrame = 0;
        lastEventUs = tUs;
    }

    private void advanceTo(long tUs, FrameListener out) {
        long silence = tUs - Math.max(lastEventUs, frameStartUs);
        if (silence > maxGapUs) {
            restart(out, tUs);
            return;
        }
        long frames = (tUs - frameStartUs) / dt;
        for (long k = 0; k < frames; k++) {
            emit(out);
            frameStartUs += dt;
        }
    }

    /** Closes the old stream's open frame, then starts a new stream at {@code tUs}. */
    private void restart(FrameListener out, long tUs) {
        emit(out);
        restarts++;
        long last = lastEventUs;
        reset();
        out.onRestart(last, tUs);
        startAt(tUs);
    }

    private void emit(FrameListener out) {
        frame.set(frameIndex, frameStartUs, eventsInFrame);
        frame.setWritten(touched, denseFrame ? -1 : touchedCount);
        out.onFrame(frame);
        clearCounts();
        frameIndex++;
    }

    private void clearCounts() {
        if (denseFrame) {
            Arrays.fill(counts, 0f);
        } else {
            for (int i = 0; i < touchedCount; i++) {
                counts[touched[i]] = 0f;
            }
        }
        touchedCount = 0;
        denseFrame = false;
        eventsInFrame = 0;
    }

    /**
     * The stream state as a value, for checkpointing: origin and index of the open frame, its
     * non-zero counts, the last event time and the restart count. Costs in proportion to the events
     * in the open frame (a full scan only once the frame is dense). The binner is unchanged.
     */
    public BinnerState snapshot() {
        if (!started) {
            return restarts == 0 ? BinnerState.INITIAL
                    : new BinnerState(false, 0, 0, 0, 0, restarts, SparseCounts.EMPTY);
        }
        SparseCounts open = denseFrame ? SparseCounts.fromDense(counts) : SparseCounts.fromWritten(counts, touched, touchedCount);
        return new BinnerState(true, frameStartUs, frameIndex, eventsInFrame, lastEventUs, restarts, open);
    }

    /**
     * Replaces this binner's stream with a {@link #snapshot()} taken from a binner of the same
     * configuration (possibly another instance, in another process): binning then continues
     * exactly as the original would have.
     *
     * @throws IllegalArgumentException if a cell of the open frame is outside this binner's frame
     */
    public void restore(BinnerState state) {
        SparseCounts open = state.openFrame();
        if (!open.isEmpty() && open.cell(open.size() - 1) >= counts.length) {
            throw new IllegalArgumentException("open frame cell " + open.cell(open.size() - 1)
                    + " is outside this binner's " + frame.width() + "x" + frame.height() + " frame ("
                    + counts.length + " cells): state from a binner with another output size?");
        }
        reset();
        started = state.started();
        frameStartUs = state.frameStartUs();
        frameIndex = state.frameIndex();
        eventsInFrame = state.eventsInFrame();
        lastEventUs = state.lastEventUs();
        restarts = state.restarts();
        open.addTo(counts);
        int[] cells = open.cells();
        if (cells.length <= touched.length) {
            System.arraycopy(cells, 0, touched, 0, cells.length);
            touchedCount = cells.length;
        } else {
            denseFrame = true;
        }
    }

    /** Whether a stream is open (an event arrived since construction or the last reset). */
    public boolean isStarted() {
        return started;
    }

    /** Start of the open frame, camera microseconds. */
    public long openFrameStartUs() {
        return frameStartUs;
    }

    /** Index of the open frame. */
    public long openFrameIndex() {
        return frameIndex;
    }

    /** Stream restarts so far (clock went back or jumped past the gap limit). */
    public long restarts() {
        return restarts;
    }
}
