package io.dvstream.ingest.service;

/**
 * How the ingest service cuts and buffers packets.
 *
 * @param packetUs camera time one packet covers at most (packets are aligned to multiples of it)
 * @param maxPacketEvents most events in one packet, so one packet's memory is bounded at any rate
 * @param queuePackets packets the queue between camera reader and Kafka holds; with
 *     {@code maxPacketEvents} this bounds the service's event memory (13 bytes per event)
 * @param idleFlushUs a packet still open after this much wall time without new events is sent
 *     anyway, so a quiet camera's last events do not wait for the next one
 */
public record IngestSettings(long packetUs, int maxPacketEvents, int queuePackets, long idleFlushUs) {

    /** 5 ms packets of at most 65,536 events, 32 packets queued (at most ~27 MiB of events), 20 ms idle flush. */
    public static final IngestSettings DEFAULTS = new IngestSettings(5_000, 65_536, 32, 20_000);

    public IngestSettings {
        if (packetUs < 1) {
            throw new IllegalArgumentException("packetUs must be >= 1, was " + packetUs);
        }
        if (maxPacketEvents < 1) {
            throw new IllegalArgumentException("maxPacketEvents must be >= 1, was " + maxPacketEvents);
        }
        if (queuePackets < 1) {
            throw new IllegalArgumentException("queuePackets must be >= 1, was " + queuePackets);
        }
        if (idleFlushUs < 1) {
            throw new IllegalArgumentException("idleFlushUs must be >= 1, was " + idleFlushUs);
        }
    }

    public IngestSettings withPacketUs(long us) {
        return new IngestSettings(us, maxPacketEvents, queuePackets, idleFlushUs);
    }

    public IngestSettings withMaxPacketEvents(int events) {
        return new IngestSettings(packetUs, events, queuePackets, idleFlushUs);
    }

    public IngestSettings withQueuePackets(int packets) {
        return new IngestSettings(packetUs, maxPacketEvents, packets, idleFlushUs);
    }

    /** Upper bound of the events the queue and the open packet hold together. */
    public long maxBufferedEvents() {
        return (long) (queuePackets + 1) * maxPacketEvents;
    }
}
