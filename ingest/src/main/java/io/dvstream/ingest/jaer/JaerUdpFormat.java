package io.dvstream.ingest.jaer;

/**
 * The layout options of jAER's AEUnicast UDP stream (formats.md section 4.2). Both ends must agree;
 * the stream itself says nothing about them.
 *
 * @param sequenceNumbers every datagram starts with an int32 sequence number (jAER default: on)
 * @param swapBytes every field little-endian instead of big-endian (jAER default: off)
 * @param fourByteFields int32 address and timestamp (default); off: int16 address and int16
 *     timestamp, as jAER's receiver reads them (only DVS128 addresses fit in 16 bits)
 * @param timestampMultiplier camera microseconds per raw timestamp tick (jAER default 1.0; the
 *     "ARC TDS" preset uses 1000)
 */
public record JaerUdpFormat(boolean sequenceNumbers, boolean swapBytes, boolean fourByteFields, double timestampMultiplier) {

    /** jAER's defaults: sequence numbers, big-endian, 4-byte address then 4-byte timestamp, x1. */
    public static final JaerUdpFormat DEFAULT = new JaerUdpFormat(true, false, true, 1.0);

    /** jAER's {@code DATAGRAM_BUFFER_SIZE_BYTES}: the payload limit its sender uses. */
    public static final int JAER_DATAGRAM_BYTES = 63_000;

    /** jAER's UDP port ({@code DATAGRAM_PORT}). */
    public static final int DEFAULT_PORT = 8991;

    public JaerUdpFormat {
        if (!(timestampMultiplier > 0) || Double.isInfinite(timestampMultiplier)) {
            throw new IllegalArgumentException("timestampMultiplier must be a positive number, was " + timestampMultiplier);
        }
    }

    /** Bytes per event: 8, or 4 with 16-bit fields. */
    public int eventBytes() {
        return fourByteFields ? 8 : 4;
    }

    /** Bytes before the first event: 4 with sequence numbers, else 0. */
    public int headerBytes() {
        return sequenceNumbers ? 4 : 0;
    }

    public JaerUdpFormat withSwapBytes(boolean swap) {
        return new JaerUdpFormat(sequenceNumbers, swap, fourByteFields, timestampMultiplier);
    }

    public JaerUdpFormat withFourByteFields(boolean fourBytes) {
        return new JaerUdpFormat(sequenceNumbers, swapBytes, fourBytes, timestampMultiplier);
    }

    public JaerUdpFormat withTimestampMultiplier(double multiplier) {
        return new JaerUdpFormat(sequenceNumbers, swapBytes, fourByteFields, multiplier);
    }

    public JaerUdpFormat withSequenceNumbers(boolean on) {
        return new JaerUdpFormat(on, swapBytes, fourByteFields, timestampMultiplier);
    }
}
