package io.dvstream.ingest.gesture;

/**
 * The 11 gesture classes of DVS128 Gesture, numbered 1..11 as in the labels CSV (and
 * {@code gesture_mapping.csv}); {@link #index()} is the 0-based class index models use.
 */
public enum GestureClass {
    HAND_CLAP(1, "hand clap"),
    RIGHT_HAND_WAVE(2, "right hand wave"),
    LEFT_HAND_WAVE(3, "left hand wave"),
    RIGHT_ARM_CLOCKWISE(4, "right arm clockwise"),
    RIGHT_ARM_COUNTER_CLOCKWISE(5, "right arm counter-clockwise"),
    LEFT_ARM_CLOCKWISE(6, "left arm clockwise"),
    LEFT_ARM_COUNTER_CLOCKWISE(7, "left arm counter-clockwise"),
    ARM_ROLL(8, "arm roll"),
    AIR_DRUMS(9, "air drums"),
    AIR_GUITAR(10, "air guitar"),
    OTHER_GESTURES(11, "other gestures");

    private final int number;
    private final String displayName;

    GestureClass(int number, String displayName) {
        this.number = number;
        this.displayName = displayName;
    }

    /** 1-based, as in the labels CSV. */
    public int number() {
        return number;
    }

    /** 0-based: {@code number() - 1}. */
    public int index() {
        return number - 1;
    }

    /** The dataset's name for the class, e.g. "right arm counter-clockwise". */
    public String displayName() {
        return displayName;
    }

    /**
     * The class with a CSV number.
     *
     * @throws IllegalArgumentException if {@code number} is not 1..11
     */
    public static GestureClass ofNumber(int number) {
        GestureClass[] all = values();
        if (number < 1 || number > all.length) {
            throw new IllegalArgumentException("gesture class must be 1.." + all.length + ", was " + number);
        }
        return all[number - 1];
    }

    @Override
    public String toString() {
        return number + " " + displayName;
    }
}
