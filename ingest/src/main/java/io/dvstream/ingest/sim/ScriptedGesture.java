package io.dvstream.ingest.sim;

import io.dvstream.ingest.gesture.GestureClass;
import io.dvstream.ingest.gesture.GestureLabel;
import java.util.Objects;

/** One gesture of a script: what, when (us, trial clock), and how this performance varies. */
public record ScriptedGesture(GestureClass gesture, long startUs, long endUs, GestureVariation variation) {

    public ScriptedGesture {
        Objects.requireNonNull(gesture, "gesture");
        Objects.requireNonNull(variation, "variation");
        if (startUs < 0 || endUs <= startUs) {
            throw new IllegalArgumentException("gesture " + gesture + ": need 0 <= startUs < endUs, was " + startUs + ".."
                    + endUs);
        }
    }

    /** The labels CSV row. */
    public GestureLabel label() {
        return new GestureLabel(gesture, startUs, endUs);
    }

    public boolean contains(long tUs) {
        return tUs >= startUs && tUs < endUs;
    }
}
