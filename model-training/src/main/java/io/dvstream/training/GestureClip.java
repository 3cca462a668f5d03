package io.dvstream.training;

/**
 * The events of one labelled gesture of a trial, times relative to the label's start: the unit of
 * clip-mode training (one gesture, state reset).
 *
 * @param trial the trial's name, e.g. {@code user24_lab}
 * @param label class index 0..10 (DVS128 Gesture label minus 1)
 * @param durationUs the label's length
 * @param tUs event times, microseconds after the label's start, non-decreasing
 * @param x sensor columns
 * @param y sensor rows
 * @param on polarity (1 = ON)
 * @param sensorWidth the recording's sensor width
 * @param sensorHeight the recording's sensor height
 */
public record GestureClip(String trial, int label, long durationUs, int[] tUs, short[] x, short[] y, byte[] on,
                          int sensorWidth, int sensorHeight) {

    public int events() {
        return tUs.length;
    }
}
