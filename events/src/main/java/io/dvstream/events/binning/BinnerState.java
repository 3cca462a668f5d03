package io.dvstream.events.binning;

import java.util.Objects;

/**
 * Everything a {@link FrameBinner} remembers about its camera's stream, as a value: what a
 * stream processor checkpoints per camera and hands back to {@link FrameBinner#restore}. The
 * binner's configuration and sensor are not part of it; restore into a binner built with the same
 * {@link BinningConfig}.
 *
 * @param started whether a stream is open (an event arrived since construction or the last reset);
 *     when false only {@code restarts} matters and the open frame must be empty
 * @param frameStartUs start of the open frame, camera microseconds
 * @param frameIndex index of the open frame in the current stream
 * @param eventsInFrame events counted in the open frame so far
 * @param lastEventUs time of the stream's last event
 * @param restarts stream restarts so far (clock went back or jumped past the gap limit)
 * @param openFrame the open frame's non-zero counts
 */
public record BinnerState(boolean started, long frameStartUs, long frameIndex, int eventsInFrame, long lastEventUs,
                          long restarts, SparseCounts openFrame) {

    /** A binner that has seen nothing. */
    public static final BinnerState INITIAL = new BinnerState(false, 0, 0, 0, 0, 0, SparseCounts.EMPTY);

    public BinnerState {
        Objects.requireNonNull(openFrame, "openFrame");
        if (frameIndex < 0) {
            throw new IllegalArgumentException("frameIndex must be >= 0, was " + frameIndex);
        }
        if (eventsInFrame < 0) {
            throw new IllegalArgumentException("eventsInFrame must be >= 0, was " + eventsInFrame);
        }
        if (restarts < 0) {
            throw new IllegalArgumentException("restarts must be >= 0, was " + restarts);
        }
        if (!started && (eventsInFrame != 0 || !openFrame.isEmpty())) {
            throw new IllegalArgumentException("a binner without a stream has no open frame, but it holds "
                    + eventsInFrame + " events in " + openFrame.size() + " cells");
        }
    }
}
