package io.dvstream.ingest.live;

import io.dvstream.events.EventPacket;
import io.dvstream.events.sensor.SensorGeometry;
import java.io.IOException;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A camera that pushes events as they happen (jAER UDP/TCP stream, DVS128 over USB, a recording
 * played as a camera). Unlike {@link io.dvstream.ingest.EventReader} nothing waits for the consumer:
 * the source runs its own loop and hands over batches; whoever receives them must never block for
 * long, or the camera's own buffers overflow.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #run} delivers batches on the calling thread until {@link #close()} is called from
 *       another thread (then it returns normally) or the source ends (a file) or fails for good;</li>
 *   <li>a batch is a reused buffer, valid only during the call: copy what you keep;</li>
 *   <li>event times never decrease within a batch or across batches; coordinates are top-left in
 *       {@link #sensor()};</li>
 *   <li>a batch's {@link EventPacket#droppedEvents()} counts events the source knows it lost since
 *       the previous batch (late or malformed datagrams, ...); a batch may be empty and carry only
 *       that count;</li>
 *   <li>a batch's {@link EventPacket#sequence()} is the source's own unit number (the datagram's
 *       sequence number for UDP), not the published packet sequence.</li>
 * </ul>
 */
public interface LiveSource extends AutoCloseable {

    SensorGeometry sensor();

    /** What this source is, for logs and the status line, e.g. "jAER UDP on /0.0.0.0:8991". */
    String description();

    /** Reads and delivers until closed or ended; see the class comment. */
    void run(Consumer<EventPacket> sink) throws IOException;

    /**
     * The source's own counters (datagrams, lost datagrams, reconnects, ...) as metric name to
     * value, names in Prometheus style without prefix. Safe to call from any thread.
     */
    Map<String, Long> counters();

    /** Stops {@link #run} and releases the device or socket; idempotent, callable from any thread. */
    @Override
    void close();
}
