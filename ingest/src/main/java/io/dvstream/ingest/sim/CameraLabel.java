package io.dvstream.ingest.sim;

import io.dvstream.ingest.gesture.GestureClass;
import io.dvstream.ingest.gesture.GestureLabel;
import java.util.Objects;

/**
 * A label of a live simulated camera, sent as it happens: {@link Phase#START} when the camera's
 * clock reaches the start of a gesture, {@link Phase#END} when it reaches the end. Times are on the
 * clock of the camera's event timestamps. The simulator knows the planned end already at the start,
 * so {@code endUs} is filled in both.
 */
public record CameraLabel(String cameraId, Phase phase, GestureClass gesture, long startUs, long endUs) {

    public enum Phase { START, END }

    public CameraLabel {
        Objects.requireNonNull(cameraId, "cameraId");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(gesture, "gesture");
    }

    /** As a labels CSV row. */
    public GestureLabel label() {
        return new GestureLabel(gesture, startUs, endUs);
    }
}
