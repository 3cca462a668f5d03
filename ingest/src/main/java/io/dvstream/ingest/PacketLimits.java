package io.dvstream.ingest;

/**
 * How large a packet an {@link EventReader} may return: a packet is closed when it holds
 * {@code maxEvents} events or when the next event is {@code maxSpanUs} or more after its first one,
 * whichever comes first. So a packet covers at most {@code [first, first + maxSpanUs)}.
 *
 * @param maxEvents most events per packet, >= 1
 * @param maxSpanUs packet time span bound in microseconds, >= 1
 */
public record PacketLimits(int maxEvents, long maxSpanUs) {

    /**
     * 8,192 events or 10 ms: small enough for timely replay and 1 ms binning downstream, large
     * enough that per-packet overhead (allocation, Kafka record) stays well below per-event work.
     */
    public static final PacketLimits DEFAULT = new PacketLimits(8_192, 10_000);

    public PacketLimits {
        if (maxEvents < 1) {
            throw new IllegalArgumentException("maxEvents must be >= 1, was " + maxEvents);
        }
        if (maxSpanUs < 1) {
            throw new IllegalArgumentException("maxSpanUs must be >= 1, was " + maxSpanUs);
        }
    }

    /** Bounds by count only (the span bound is effectively off). */
    public static PacketLimits ofEvents(int maxEvents) {
        return new PacketLimits(maxEvents, Long.MAX_VALUE);
    }
}
