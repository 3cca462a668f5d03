package io.dvstream.ingest.jaer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends raw (address, timestamp) records as a jAER AEUnicast UDP stream (jAER's
 * {@code AEUnicastOutput}, formats.md section 4.2, default protocol), so dvstream can feed jAER's
 * viewer and test its own receiver against an implementation that shares none of its classes.
 *
 * <p>Layout per datagram: int32 sequence number (pre-incremented: the first datagram carries 1,
 * after Integer.MAX_VALUE comes 0), then up to {@code eventsPerDatagram} pairs of int32 address and
 * int32 timestamp; big-endian unless {@code swapBytes}. jAER's sender fills datagrams up to 63,000
 * bytes, i.e. 7,874 events.
 *
 * <p>Not thread-safe.
 */
public final class JaerUdpSender implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JaerUdpSender.class);
    /** (63,000 - 4) / 8: jAER's payload limit in events. */
    public static final int JAER_EVENTS_PER_DATAGRAM = 7_874;

    private final DatagramChannel channel;
    private final InetSocketAddress target;
    private final int eventsPerDatagram;
    private final ByteOrder order;
    private int sequence;
    private long datagramsSent;
    private long eventsSent;

    public JaerUdpSender(InetSocketAddress target, int eventsPerDatagram, boolean swapBytes) throws IOException {
        if (eventsPerDatagram < 1 || eventsPerDatagram > JAER_EVENTS_PER_DATAGRAM) {
            throw new IllegalArgumentException("eventsPerDatagram must be 1.." + JAER_EVENTS_PER_DATAGRAM + ", was " + eventsPerDatagram);
        }
        this.target = target;
        this.eventsPerDatagram = eventsPerDatagram;
        this.order = swapBytes ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        this.channel = DatagramChannel.open();
        channel.setOption(StandardSocketOptions.SO_SNDBUF, 8 << 20);
    }

    /** jAER's own framing: 7,874 events per datagram, big-endian. */
    public static JaerUdpSender jaerDefaults(InetSocketAddress target) throws IOException {
        return new JaerUdpSender(target, JAER_EVENTS_PER_DATAGRAM, false);
    }

    /**
     * Cuts records {@code [from, from + n)} into datagrams, numbering them from the sender's
     * current sequence number, without sending them: for tests that reorder or drop datagrams on
     * the way, and for {@link #send}.
     */
    public List<ByteBuffer> datagrams(RawAedat2Records records, int from, int n) {
        List<ByteBuffer> out = new ArrayList<>();
        int end = from + n;
        for (int start = from; start < end; start += eventsPerDatagram) {
            int k = Math.min(eventsPerDatagram, end - start);
            ByteBuffer d = ByteBuffer.allocate(4 + 8 * k).order(order);
            sequence = sequence == Integer.MAX_VALUE ? 0 : sequence + 1;
            d.putInt(sequence);
            for (int i = start; i < start + k; i++) {
                d.putInt(records.addresses()[i]);
                d.putInt(records.timestamps()[i]);
            }
            out.add(d.flip());
        }
        return out;
    }

    /** Sends one prepared datagram as it is. */
    public void sendDatagram(ByteBuffer datagram) throws IOException {
        int bytes = datagram.remaining();
        int written = channel.send(datagram.duplicate(), target);
        if (written != bytes) {
            throw new IOException("sent " + written + " of " + bytes + " bytes to " + target);
        }
        datagramsSent++;
        eventsSent += Math.max(0, bytes - 4) / 8;
    }

    /** Sends all records as fast as the socket takes them. */
    public void send(RawAedat2Records records) throws IOException {
        for (ByteBuffer d : datagrams(records, 0, records.size())) {
            sendDatagram(d);
        }
    }

    /**
     * Sends all records at {@code speed} times their recorded pace (each datagram when its first
     * record's time is due), for feeding a viewer.
     */
    public void sendPaced(RawAedat2Records records, double speed) throws IOException, InterruptedException {
        if (!(speed > 0)) {
            throw new IllegalArgumentException("speed must be > 0, was " + speed);
        }
        if (records.size() == 0) {
            return;
        }
        long t0 = records.timestamps()[0] & 0xFFFF_FFFFL;
        long wall0 = System.nanoTime();
        for (int start = 0; start < records.size(); start += eventsPerDatagram) {
            long dueNs = wall0 + (long) (((records.timestamps()[start] & 0xFFFF_FFFFL) - t0) * 1_000 / speed);
            long wait = dueNs - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            int k = Math.min(eventsPerDatagram, records.size() - start);
            for (ByteBuffer d : datagrams(records, start, k)) {
                sendDatagram(d);
            }
        }
    }

    public long datagramsSent() {
        return datagramsSent;
    }

    public long eventsSent() {
        return eventsSent;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing sender to {}: {}", target, e.toString());
        }
    }
}
