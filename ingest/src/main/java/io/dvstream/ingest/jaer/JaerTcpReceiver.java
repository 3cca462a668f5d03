package io.dvstream.ingest.jaer;

import io.dvstream.events.EventPacket;
import io.dvstream.events.sensor.SensorGeometry;
import io.dvstream.events.time.TimestampUnwrapper;
import io.dvstream.ingest.aedat.AddressLayout;
import io.dvstream.ingest.live.LiveSource;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads jAER's TCP event stream (the server jAER's viewer runs on port 8990, formats.md section
 * 4.3): an endless run of int32 timestamp then int32 raw address, big-endian unless swapped, no
 * header, no framing.
 *
 * <p>When the connection cannot be made or is lost, it tries again after {@code retryDelay},
 * doubling up to {@link #MAX_RETRY_DELAY}, until {@link #close()}. A record cut by the loss is
 * discarded and its bytes counted (the stream has no resync marker, so a new connection starts at a
 * record boundary by definition). jAER re-zeros time for every new client; the unwrapper sees the
 * jump back as a clock reset and keeps the output monotone.
 */
public final class JaerTcpReceiver implements LiveSource {

    private static final Logger LOG = LoggerFactory.getLogger(JaerTcpReceiver.class);
    /** jAER's TCP port ({@code STREAM_PORT}). */
    public static final int DEFAULT_PORT = 8990;
    public static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(5);
    private static final int RECORD_BYTES = 8;
    private static final int CONNECT_TIMEOUT_MS = 2_000;

    private final InetSocketAddress server;
    private final boolean swapBytes;
    private final AddressLayout layout;
    private final Duration retryDelay;
    private final EventPacket batch;
    private final TimestampUnwrapper clock = new TimestampUnwrapper();
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong failedConnects = new AtomicLong();
    private final AtomicLong disconnects = new AtomicLong();
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong discardedBytes = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong outOfSensor = new AtomicLong();
    private volatile Socket socket;
    private volatile boolean closed;

    public JaerTcpReceiver(InetSocketAddress server, boolean swapBytes, AddressLayout layout, String cameraId, Duration retryDelay) {
        if (retryDelay.isNegative() || retryDelay.isZero()) {
            throw new IllegalArgumentException("retryDelay must be positive, was " + retryDelay);
        }
        this.server = server;
        this.swapBytes = swapBytes;
        this.layout = layout;
        this.retryDelay = retryDelay;
        this.batch = new EventPacket(cameraId, layout.sensor(), 8_192);
    }

    @Override
    public SensorGeometry sensor() {
        return layout.sensor();
    }

    @Override
    public String description() {
        return "jAER TCP from " + server;
    }

    @Override
    public void run(Consumer<EventPacket> sink) throws IOException {
        long delayMs = retryDelay.toMillis();
        while (!closed) {
            Socket s = new Socket();
            try {
                s.setTcpNoDelay(true);
                s.setReceiveBufferSize(1 << 20);
                socket = s;
                if (closed) {
                    break;
                }
                s.connect(server, CONNECT_TIMEOUT_MS);
            } catch (IOException e) {
                closeQuietly(s);
                if (closed) {
                    break;
                }
                failedConnects.incrementAndGet();
                LOG.warn("cannot connect to jAER at {}: {}; retrying in {} ms", server, e.getMessage(), delayMs);
                sleep(delayMs);
                delayMs = Math.min(delayMs * 2, MAX_RETRY_DELAY.toMillis());
                continue;
            }
            connections.incrementAndGet();
            delayMs = retryDelay.toMillis();
            LOG.info("connected to jAER at {}", server);
            try {
                read(s.getInputStream(), sink);
                if (!closed) {
                    LOG.warn("jAER at {} closed the stream; reconnecting", server);
                }
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("lost the stream from jAER at {}: {}; reconnecting", server, e.getMessage());
                }
            } finally {
                closeQuietly(s);
            }
            if (!closed) {
                disconnects.incrementAndGet();
                sleep(delayMs);
            }
        }
    }

    /** Reads one connection until EOF; whole records only, the cut one at the end is counted. */
    private void read(InputStream in, Consumer<EventPacket> sink) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024).order(swapBytes ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        byte[] array = buf.array();
        int filled = 0;
        try {
            while (!closed) {
                int n = in.read(array, filled, array.length - filled);
                if (n < 0) {
                    return;
                }
                filled += n;
                int whole = filled / RECORD_BYTES * RECORD_BYTES;
                batch.clear();
                for (int pos = 0; pos < whole; pos += RECORD_BYTES) {
                    int timestamp = buf.getInt(pos);
                    int address = buf.getInt(pos + 4);
                    if (layout.isApsOrImu(address) || layout.isSpecial(address)) {
                        skipped.incrementAndGet();
                        continue;
                    }
                    int x = layout.x(address);
                    int y = layout.y(address);
                    if ((x | y) < 0) {
                        outOfSensor.incrementAndGet();
                        continue;
                    }
                    batch.append(clock.unwrap32(timestamp), x, y, layout.isOn(address));
                }
                System.arraycopy(array, whole, array, 0, filled - whole);
                filled -= whole;
                if (!batch.isEmpty()) {
                    events.addAndGet(batch.size());
                    sink.accept(batch);
                }
            }
        } finally {
            if (filled > 0) {
                discardedBytes.addAndGet(filled);
                LOG.warn("discarding {} bytes of a record cut by the end of the connection to {}", filled, server);
            }
        }
    }

    private void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }

    @Override
    public Map<String, Long> counters() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("tcp_connections_total", connections.get());
        m.put("tcp_failed_connects_total", failedConnects.get());
        m.put("tcp_disconnects_total", disconnects.get());
        m.put("tcp_discarded_bytes_total", discardedBytes.get());
        m.put("source_events_total", events.get());
        m.put("source_skipped_words_total", skipped.get());
        m.put("source_out_of_sensor_events_total", outOfSensor.get());
        return Collections.unmodifiableMap(m);
    }

    @Override
    public void close() {
        closed = true;
        Socket s = socket;
        if (s != null) {
            closeQuietly(s);
        }
    }
}
