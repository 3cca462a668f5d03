package io.dvstream.ingest.aedat;

import io.dvstream.events.EventPacket;
import io.dvstream.events.sensor.SensorGeometry;
import io.dvstream.ingest.EventWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What the recording writers share: the checks every packet passes before a byte of it is written
 * (sensor, time order, then the format's own limits), the event count and an idempotent close.
 * Subclasses write: {@link #append} per packet, {@link #finish} once.
 */
abstract class AbstractRecordingWriter implements EventWriter {

    protected final Path file;
    protected final SensorGeometry sensor;
    protected final ChannelOutput out;

    private long events;
    private long lastTUs = Long.MIN_VALUE;
    private boolean closed;

    protected AbstractRecordingWriter(Path file, SensorGeometry sensor, ChannelOutput out) {
        this.file = Objects.requireNonNull(file, "file");
        this.sensor = Objects.requireNonNull(sensor, "sensor");
        this.out = out;
    }

    @Override
    public final void write(EventPacket packet) throws IOException {
        if (closed) {
            throw new IllegalStateException(file + " is closed");
        }
        if (packet.isEmpty()) {
            return;
        }
        if (packet.sensor().width() != sensor.width() || packet.sensor().height() != sensor.height()) {
            throw new IllegalArgumentException("camera " + packet.cameraId() + ": packet sensor " + packet.sensor()
                    + " differs from the " + sensor + " sensor of " + file);
        }
        if (packet.firstTUs() < lastTUs) {
            throw new IllegalArgumentException("camera " + packet.cameraId() + ": packet starts at " + packet.firstTUs()
                    + " us, before the last event written to " + file + " at " + lastTUs + " us");
        }
        check(packet, events == 0 ? packet.firstTUs() : lastTUs);
        append(packet);
        events += packet.size();
        lastTUs = packet.lastTUs();
    }

    /**
     * Rejects, before anything is written, a packet whose values the format cannot store.
     *
     * @param previousTUs time of the event before the packet's first one (the first one itself for
     *     the first packet of the file)
     */
    protected abstract void check(EventPacket packet, long previousTUs);

    /** Writes (or buffers) the events of a checked packet. */
    protected abstract void append(EventPacket packet) throws IOException;

    /** Writes what is buffered and whatever completes the file; {@code out} is closed afterwards. */
    protected abstract void finish() throws IOException;

    @Override
    public final SensorGeometry sensor() {
        return sensor;
    }

    @Override
    public final long eventsWritten() {
        return events;
    }

    @Override
    public final void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            finish();
        } finally {
            out.close();
        }
    }
}
