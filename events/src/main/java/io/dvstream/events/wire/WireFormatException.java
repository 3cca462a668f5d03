package io.dvstream.events.wire;

/**
 * A record that is not a valid dvstream packet. The message says why and where (byte offset in
 * the record); {@link #kind()} lets a consumer count dead letters by cause.
 */
public final class WireFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What was wrong with the record. */
    public enum Kind {
        /** Not a dvstream packet, or a format version this decoder does not know. */
        VERSION,
        /** The record ends before the data its header announces. */
        TRUNCATED,
        /** A value outside its legal range: coordinates outside the sensor, time overflow, sizes. */
        BOUNDS,
        /** Bytes that cannot have been written by an encoder: trailing data, bad padding. */
        CORRUPT
    }

    private final Kind kind;
    private final int offset;

    public WireFormatException(Kind kind, int offset, String message) {
        super(message + " (" + kind.name().toLowerCase(java.util.Locale.ROOT) + ", at byte " + offset + ")");
        this.kind = kind;
        this.offset = offset;
    }

    public Kind kind() {
        return kind;
    }

    /** Byte offset in the record where the problem was found. */
    public int offset() {
        return offset;
    }
}
