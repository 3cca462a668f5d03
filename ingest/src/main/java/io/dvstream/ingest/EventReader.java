package io.dvstream.ingest;

import io.dvstream.events.EventPacket;
import io.dvstream.events.sensor.SensorGeometry;
import java.util.Iterator;

/**
 * A pull source of bounded event packets: recordings, and live sources adapted through a queue.
 * Pulling gives backpressure for free: nothing is read before the caller asks for it.
 *
 * <p>Contract for every implementation:
 * <ul>
 *   <li>each packet holds at most {@link PacketLimits#maxEvents()} events and spans less than
 *       {@link PacketLimits#maxSpanUs()} microseconds (last minus first event time);</li>
 *   <li>packets carry sequence numbers 0, 1, 2, ... and are never empty;</li>
 *   <li>time never decreases, within a packet or across packets; coordinates are top-left origin
 *       inside {@link #sensor()};</li>
 *   <li>{@link #next()} returns a <b>fresh</b> packet each time, owned by the caller: it may be kept,
 *       queued or handed to another thread. (Allocation is per packet, never per event.)</li>
 *   <li>a fault in the data surfaces only after every event before it was delivered: the packet
 *       holding the last good events comes first, the following {@code hasNext()} throws;</li>
 *   <li>{@link #close()} is idempotent; after it {@code hasNext()} answers false.</li>
 * </ul>
 * Not thread-safe.
 */
public interface EventReader extends AutoCloseable, Iterator<EventPacket> {

    /** The sensor every packet of this reader is checked against. */
    SensorGeometry sensor();

    /** Releases the source; safe to call more than once. Never throws a checked exception. */
    @Override
    void close();
}
