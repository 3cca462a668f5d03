package io.dvstream.ingest.gesture;

import java.util.Optional;

/**
 * A stretch of a trial: a labelled gesture, or the unlabelled gap between two gestures. Events of
 * the segment are those with {@code startUs <= t < endUs}.
 *
 * @param gesture the class, empty for a gap
 */
public record GestureSegment(Optional<GestureClass> gesture, long startUs, long endUs) {

    public GestureSegment {
        if (gesture == null) {
            throw new IllegalArgumentException("gesture must be a class or Optional.empty() for a gap, not null");
        }
        if (endUs <= startUs) {
            throw new IllegalArgumentException("endUs must be > startUs, was " + startUs + ".." + endUs);
        }
    }

    static GestureSegment labelled(GestureLabel label) {
        return new GestureSegment(Optional.of(label.gesture()), label.startUs(), label.endUs());
    }

    static GestureSegment gap(long startUs, long endUs) {
        return new GestureSegment(Optional.empty(), startUs, endUs);
    }

    public boolean isLabelled() {
        return gesture.isPresent();
    }

    public boolean contains(long tUs) {
        return tUs >= startUs && tUs < endUs;
    }

    public long durationUs() {
        return endUs - startUs;
    }
}
