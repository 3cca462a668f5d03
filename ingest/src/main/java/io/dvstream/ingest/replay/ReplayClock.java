package io.dvstream.ingest.replay;

/**
 * Paces a replay so that camera time passes at {@code speed} times wall time: a packet whose
 * camera time ends at {@code tUs} is released no earlier than {@code (tUs - firstUs) / speed} after
 * the first one. {@code speed} 0 means as fast as possible.
 */
public final class ReplayClock {

    private final double speed;
    private long firstUs = Long.MIN_VALUE;
    private long wallStartNanos;
    private long lateNanosMax;

    public ReplayClock(double speed) {
        if (!(speed >= 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("speed must be >= 0 (0 = as fast as possible), was " + speed);
        }
        this.speed = speed;
    }

    /** Blocks until camera time {@code tUs} is due. */
    public void awaitCameraTime(long tUs) throws InterruptedException {
        long now = System.nanoTime();
        if (firstUs == Long.MIN_VALUE) {
            firstUs = tUs;
            wallStartNanos = now;
            return;
        }
        if (speed == 0) {
            return;
        }
        long dueNanos = wallStartNanos + (long) ((tUs - firstUs) * 1_000.0 / speed);
        long wait = dueNanos - now;
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        } else {
            lateNanosMax = Math.max(lateNanosMax, -wait);
        }
    }

    /** How far behind schedule the replay fell at worst, in milliseconds. */
    public double maxLagMs() {
        return lateNanosMax / 1e6;
    }
}
