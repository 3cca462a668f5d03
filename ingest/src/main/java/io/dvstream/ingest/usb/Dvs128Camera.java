package io.dvstream.ingest.usb;

import io.dvstream.events.EventPacket;
import io.dvstream.events.sensor.SensorGeometry;
import io.dvstream.ingest.live.LiveSource;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives a DVS128 over a {@link UsbTransport} without jAER: sends the biases, zeroes the
 * timestamps, starts the event transfer, then reads bulk transfers from endpoint 0x86 and parses
 * them with {@link Dvs128EventParser} (one batch per transfer). {@link #close()} makes the reading
 * loop stop the transfer and release the device.
 */
public final class Dvs128Camera implements LiveSource {

    private static final Logger LOG = LoggerFactory.getLogger(Dvs128Camera.class);
    /** Bulk transfer size; jAER uses buffers of a few KiB per transfer. */
    static final int TRANSFER_BYTES = 16 * 1024;
    static final int BULK_TIMEOUT_MS = 100;

    private final UsbTransport transport;
    private final Dvs128Biases biases;
    private final String description;
    private final Dvs128EventParser parser = new Dvs128EventParser();
    private final EventPacket batch;
    private volatile Map<String, Long> counters = Map.of();
    private volatile boolean closed;
    private volatile boolean running;

    public Dvs128Camera(UsbTransport transport, Dvs128Biases biases, String cameraId, String description) {
        this.transport = transport;
        this.biases = biases;
        this.description = description;
        this.batch = new EventPacket(cameraId, SensorGeometry.DVS128, TRANSFER_BYTES / 4);
    }

    @Override
    public SensorGeometry sensor() {
        return SensorGeometry.DVS128;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public void run(Consumer<EventPacket> sink) throws IOException {
        running = true;
        try {
            transport.controlOut(Dvs128Protocol.VR_SEND_BIASES, 0, 0, biases.toBytes());
            transport.controlOut(Dvs128Protocol.VR_RESET_TIMESTAMPS, 0, 0, new byte[0]);
            transport.controlOut(Dvs128Protocol.VR_START_TRANSFER, 0, 0, new byte[0]);
            LOG.info("{}: biases sent, timestamps reset, event transfer started", description);
            byte[] buffer = new byte[TRANSFER_BYTES];
            while (!closed) {
                int n = transport.bulkIn(Dvs128Protocol.EVENT_ENDPOINT, buffer, BULK_TIMEOUT_MS);
                if (n <= 0) {
                    continue;
                }
                batch.clear();
                parser.parse(buffer, n, batch);
                publishCounters();
                if (!batch.isEmpty()) {
                    sink.accept(batch);
                }
            }
        } finally {
            try {
                transport.controlOut(Dvs128Protocol.VR_STOP_TRANSFER, 0, 0, new byte[0]);
            } catch (IOException e) {
                LOG.warn("{}: could not stop the event transfer: {}", description, e.getMessage());
            } finally {
                transport.close();
                publishCounters();
            }
        }
    }

    private void publishCounters() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("source_events_total", parser.events());
        m.put("usb_wrap_events_total", parser.wraps());
        m.put("usb_timestamp_resets_total", parser.resets());
        m.put("usb_sync_events_total", parser.syncEvents());
        m.put("usb_ragged_bytes_total", parser.raggedBytes());
        counters = java.util.Collections.unmodifiableMap(m);
    }

    @Override
    public Map<String, Long> counters() {
        return counters;
    }

    /** Stops the reading loop (within one bulk timeout); it then stops the transfer and closes the device. */
    @Override
    public void close() {
        closed = true;
        if (!running) {
            transport.close();
        }
    }
}
