package io.dvstream.ingest.gesture;

import java.util.Objects;

/**
 * One row of a labels CSV: a gesture performed from {@code startUs} (inclusive) to {@code endUs}
 * (exclusive), on the clock of the recording's event timestamps.
 */
public record GestureLabel(GestureClass gesture, long startUs, long endUs) {

    public GestureLabel {
        Objects.requireNonNull(gesture, "gesture");
        if (endUs <= startUs) {
            throw new IllegalArgumentException("endUs must be > startUs, was " + startUs + ".." + endUs);
        }
    }

    public long durationUs() {
        return endUs - startUs;
    }
}
