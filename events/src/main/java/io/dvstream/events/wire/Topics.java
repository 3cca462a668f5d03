package io.dvstream.events.wire;

import java.util.List;

/** The Kafka topics of dvstream. Their names are a public contract with every deployment. */
public final class Topics {

    /** Event packets in the wire format; key = camera id (UTF-8). */
    public static final String EVENTS = "dvs.events";
    /** Gesture scores and gesture start/end events as JSON; key = camera id. */
    public static final String GESTURES = "dvs.gestures";
    /** Records that could not be decoded, with the reason; key = camera id. */
    public static final String DEADLETTER = "dvs.deadletter";

    /**
     * Ground-truth gesture labels of a replayed recording as JSON, sent when the replay reaches each
     * label's start, so evaluation can score a live run; key = camera id.
     */
    public static final String LABELS = "dvs.labels";

    /** Every topic above; {@code dvstream broker} and the test brokers create all of them. */
    public static final List<String> ALL = List.of(EVENTS, GESTURES, DEADLETTER, LABELS);

    private Topics() {
    }
}
