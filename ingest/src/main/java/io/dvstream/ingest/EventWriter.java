package io.dvstream.ingest;

import io.dvstream.events.EventPacket;
import io.dvstream.events.sensor.SensorGeometry;
import java.io.IOException;

/**
 * A sink of event packets, the counterpart of {@link EventReader}: recording files, one format per
 * implementation. Packets must follow the reader contract: time never decreases across
 * {@link #write} calls, coordinates lie inside {@link #sensor()}. Packets are copied out during
 * {@code write}; the caller keeps ownership.
 *
 * <p>Nothing is guaranteed to be on disk before {@link #close()}, which completes the file (some
 * formats patch their header then). Not thread-safe.
 */
public interface EventWriter extends AutoCloseable {

    /**
     * Appends the packet's events.
     *
     * @throws IllegalArgumentException if the packet's sensor differs from {@link #sensor()}, its
     *     first event is before the last event written, or the format cannot store a value (the
     *     message says which and why); nothing of that packet is written then
     */
    void write(EventPacket packet) throws IOException;

    /** The sensor every packet must have. */
    SensorGeometry sensor();

    /** Events accepted so far. */
    long eventsWritten();

    /** Completes and closes the file; safe to call more than once. */
    @Override
    void close() throws IOException;
}
