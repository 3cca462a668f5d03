package io.dvstream.ingest.jaer;

import io.dvstream.events.EventPacket;
import io.dvstream.events.sensor.SensorGeometry;
import io.dvstream.ingest.aedat.AddressLayout;
import io.dvstream.ingest.live.LiveSource;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives a jAER AEUnicast UDP stream (what jAER's "Output via UDP" sends) on one socket and
 * decodes it with a {@link JaerDatagramDecoder}: one batch per datagram, the batch's sequence being
 * the datagram's sequence number.
 *
 * <p>The socket is bound in the constructor, so {@link #localAddress()} is known (port 0 picks a
 * free one) before {@link #run} starts. The receive buffer asks the kernel for 8 MiB, as jAER does;
 * Linux caps it at {@code net.core.rmem_max}, and the granted size is logged. Counters are updated
 * by the reading thread and read by any thread.
 */
public final class JaerUdpReceiver implements LiveSource {

    private static final Logger LOG = LoggerFactory.getLogger(JaerUdpReceiver.class);
    /** jAER asks for max(8 MiB, 32 x payload). */
    static final int RECEIVE_BUFFER_BYTES = 8 << 20;
    /** Largest UDP payload over IPv4. */
    private static final int MAX_DATAGRAM = 65_507;

    private final DatagramChannel channel;
    private final InetSocketAddress local;
    private final JaerDatagramDecoder decoder;
    private final AddressLayout layout;
    private final EventPacket batch;
    private volatile Map<String, Long> counters = Map.of();
    private volatile boolean closed;

    public JaerUdpReceiver(InetSocketAddress bind, JaerUdpFormat format, AddressLayout layout, String cameraId) throws IOException {
        this.layout = layout;
        this.decoder = new JaerDatagramDecoder(format, layout);
        this.batch = new EventPacket(cameraId, layout.sensor(), JaerUdpFormat.JAER_DATAGRAM_BYTES / 8 + 1);
        this.channel = DatagramChannel.open();
        try {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER_BYTES);
            channel.bind(bind);
        } catch (IOException e) {
            channel.close();
            throw new IOException("cannot listen for jAER UDP on " + bind + ": " + e.getMessage(), e);
        }
        this.local = (InetSocketAddress) channel.getLocalAddress();
        LOG.info("Listening for jAER UDP ({}) on {}, chip {}, receive buffer {} bytes", format, local, layout,
                channel.getOption(StandardSocketOptions.SO_RCVBUF));
        publishCounters();
    }

    public InetSocketAddress localAddress() {
        return local;
    }

    @Override
    public SensorGeometry sensor() {
        return layout.sensor();
    }

    @Override
    public String description() {
        return "jAER UDP on " + local;
    }

    @Override
    public void run(Consumer<EventPacket> sink) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(MAX_DATAGRAM + 1);
        String lastReported = null;
        while (!closed) {
            buffer.clear();
            SocketAddress from;
            try {
                from = channel.receive(buffer);
            } catch (ClosedChannelException e) {
                if (closed) {
                    break;
                }
                throw e;
            }
            buffer.flip();
            JaerDatagramDecoder.Outcome outcome = decoder.decode(buffer, batch, from);
            if (outcome == JaerDatagramDecoder.Outcome.MALFORMED && decoder.lastError() != lastReported) {
                lastReported = decoder.lastError();
                LOG.warn("{} ({} malformed so far)", lastReported, decoder.malformedDatagrams());
            }
            publishCounters();
            if (!batch.isEmpty() || batch.droppedEvents() > 0) {
                sink.accept(batch);
            }
        }
        publishCounters();
    }

    private void publishCounters() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("datagrams_received_total", decoder.datagrams());
        m.put("datagrams_lost_total", decoder.lostDatagrams());
        m.put("datagrams_late_total", decoder.lateDatagrams());
        m.put("datagrams_duplicate_total", decoder.duplicateDatagrams());
        m.put("datagrams_malformed_total", decoder.malformedDatagrams());
        m.put("source_events_total", decoder.events());
        m.put("source_dropped_events_total", decoder.droppedEvents());
        m.put("source_aps_imu_words_total", decoder.apsImuWords());
        m.put("source_special_events_total", decoder.specialEvents());
        m.put("source_out_of_sensor_events_total", decoder.outOfSensorEvents());
        m.put("source_clock_resets_total", decoder.clockResets());
        counters = java.util.Collections.unmodifiableMap(m);
    }

    @Override
    public Map<String, Long> counters() {
        return counters;
    }

    /** The latest malformed-datagram description, or null. Read it after {@link #run} returned. */
    public String lastError() {
        return decoder.lastError();
    }

    @Override
    public void close() {
        closed = true;
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing {}: {}", local, e.toString());
        }
    }
}
