package io.dvstream.ingest.sim;

import io.dvstream.events.EventPacket;

/**
 * Receives the packets of a {@link SimulatedCamera}. The packet is the camera's reusable buffer:
 * copy what you keep ({@link EventPacket#copy()}) before returning.
 */
@FunctionalInterface
public interface PacketSink {
    void accept(EventPacket packet) throws Exception;
}
