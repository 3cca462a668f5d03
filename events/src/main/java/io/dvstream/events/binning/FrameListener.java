package io.dvstream.events.binning;

/** Receives the frames a {@link FrameBinner} closes, in order. */
public interface FrameListener {

    /** A closed frame; valid only during this call (see {@link Frame#copy()}). */
    void onFrame(Frame frame);

    /**
     * The stream restarted: the clock went backwards or jumped further than the configured gap.
     * The next frame has index 0 again. Models reset their state here.
     *
     * @param lastUs the last time of the old stream
     * @param nextUs the time of the event that starts the new one
     */
    default void onRestart(long lastUs, long nextUs) {
    }
}
