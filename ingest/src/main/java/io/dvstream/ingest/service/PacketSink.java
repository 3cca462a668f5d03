package io.dvstream.ingest.service;

import io.dvstream.events.EventPacket;
import io.dvstream.ingest.kafka.PacketPublisher;

/**
 * Where the ingest service's publishing thread sends packets: Kafka through {@link PacketPublisher}
 * in production. An interface so that tests can slow the real publisher down (overload).
 */
public interface PacketSink extends AutoCloseable {

    /**
     * Sends one packet; may block (Kafka buffer full, no metadata). {@code onAcknowledged} runs
     * (quickly, on the destination's thread) once the packet is durably accepted.
     */
    void publish(EventPacket packet, Runnable onAcknowledged);

    /** Waits until everything sent is acknowledged; throws if something was lost. */
    void flush();

    /** Events the destination acknowledged; safe from any thread. */
    long acknowledgedEvents();

    @Override
    void close();

    /** The Kafka publisher as a sink. */
    static PacketSink of(PacketPublisher publisher) {
        return new PublisherSink(publisher);
    }

    /** {@link #of}'s sink; open so that a test can slow {@link #publish} down and keep the rest. */
    class PublisherSink implements PacketSink {

        private final PacketPublisher publisher;

        PublisherSink(PacketPublisher publisher) {
            this.publisher = publisher;
        }

        @Override
        public void publish(EventPacket packet, Runnable onAcknowledged) {
            publisher.publish(packet, onAcknowledged);
        }

        @Override
        public void flush() {
            publisher.flush();
        }

        @Override
        public long acknowledgedEvents() {
            return publisher.acknowledgedEvents();
        }

        @Override
        public void close() {
            publisher.close();
        }
    }
}
