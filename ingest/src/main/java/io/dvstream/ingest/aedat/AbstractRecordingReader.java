package io.dvstream.ingest.aedat;

import io.dvstream.events.EventPacket;
import io.dvstream.events.sensor.SensorGeometry;
import io.dvstream.events.time.TimestampUnwrapper;
import io.dvstream.ingest.PacketLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.NoSuchElementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The packet side shared by the recording readers: look-ahead for {@code hasNext()}, packet
 * bounds, sequence numbers, deferring a fault until the events before it were delivered, and an
 * idempotent close. Subclasses only decode: {@link #decode()} calls {@link #offer} per event, or
 * fills the run columns ({@link #runT} ...) with a run of events and calls {@link #offerRun}.
 */
abstract class AbstractRecordingReader implements RecordingReader {

    private static final Logger LOG = LoggerFactory.getLogger(AbstractRecordingReader.class);
    /** Smallest first allocation of a packet; it grows to the limit only if the data is dense. */
    private static final int MIN_PACKET_CAPACITY = 16;
    /**
     * Events per run of the bulk path: long enough that the per-run work (limit checks, one
     * validated {@link EventPacket#appendAll}) is spread thin, short enough to stay in L1 cache.
     */
    protected static final int RUN_EVENTS = 512;

    protected final Path file;
    protected final ChannelInput in;
    protected final RecordingCounters counters = new RecordingCounters();
    protected final TimestampUnwrapper clock = new TimestampUnwrapper();

    // Columns of a decoded run for offerRun. Events of a run that did not fit the packet stay here
    // (carryFrom..carryTo) and open the next packets, before decode() is called again.
    protected final long[] runT = new long[RUN_EVENTS];
    protected final short[] runX = new short[RUN_EVENTS];
    protected final short[] runY = new short[RUN_EVENTS];
    protected final byte[] runP = new byte[RUN_EVENTS];
    private int carryFrom;
    private int carryTo;

    private final AedatHeader header;
    private final SensorGeometry sensor;
    private final String cameraId;
    private final PacketLimits limits;

    private EventPacket filling;
    private long fillingFirstTUs;
    private EventPacket ready;
    private RuntimeException fault;
    private boolean exhausted;
    private boolean closed;
    private long nextSequence;
    private int lastPacketSize;

    // The event that closed the previous packet (it did not fit) opens the next one.
    private boolean hasPending;
    private long pendingTUs;
    private int pendingX;
    private int pendingY;
    private boolean pendingOn;

    protected AbstractRecordingReader(Path file, ChannelInput in, AedatHeader header, SensorGeometry sensor,
            ReaderOptions options) {
        this.file = file;
        this.in = in;
        this.header = header;
        this.sensor = sensor;
        this.cameraId = options.cameraId() != null ? options.cameraId() : String.valueOf(file.getFileName());
        this.limits = options.limits();
    }

    /**
     * Decodes events and hands each to {@link #offer} until it answers false (packet full) or the
     * data ends.
     *
     * @return false when the data has ended, true when stopped because the packet is full
     * @throws MalformedRecordingException at a fault; events offered before it are still delivered
     */
    protected abstract boolean decode() throws IOException;

    /**
     * Adds an event to the packet being filled.
     *
     * @param offset file offset of the record (or its packet), for the error message
     * @return false when the packet is full; the event is kept and opens the next packet
     */
    protected final boolean offer(long tUs, int x, int y, boolean on, long offset) {
        if (x < 0 || y < 0 || x >= sensor.width() || y >= sensor.height()) {
            throw new MalformedRecordingException(file, offset,
                    "event (" + x + ", " + y + ") is outside the " + sensor + " sensor");
        }
        int size = filling.size();
        if (size == 0) {
            fillingFirstTUs = tUs;
        } else if (size >= limits.maxEvents() || tUs - fillingFirstTUs >= limits.maxSpanUs()) {
            hasPending = true;
            pendingTUs = tUs;
            pendingX = x;
            pendingY = y;
            pendingOn = on;
            return false;
        }
        filling.append(tUs, x, y, on);
        return true;
    }

    /**
     * Adds the first {@code n} events of the run columns to the packet being filled: the bulk form
     * of {@link #offer}, for events the decoder has already checked to be inside the sensor.
     *
     * @return false when the packet is full; the events that did not fit are kept and open the
     *     next packet, and the run columns must not be written before {@link #decode()} is called again
     */
    protected final boolean offerRun(int n) {
        int accepted = appendRun(0, n);
        if (accepted < n) {
            carryFrom = accepted;
            carryTo = n;
            return false;
        }
        return true;
    }

    /** Appends the longest prefix of run[from, from + n) that the packet limits allow; returns its length. */
    private int appendRun(int from, int n) {
        int size = filling.size();
        if (size == 0 && n > 0) {
            fillingFirstTUs = runT[from];
        }
        int max = Math.min(n, limits.maxEvents() - size);
        long first = fillingFirstTUs;
        long maxSpanUs = limits.maxSpanUs();
        int accepted = 0;
        while (accepted < max && runT[from + accepted] - first < maxSpanUs) {
            accepted++;
        }
        filling.appendAll(runT, runX, runY, runP, from, accepted);
        return accepted;
    }

    @Override
    public final boolean hasNext() {
        if (closed) {
            return false;
        }
        if (ready != null) {
            return true;
        }
        if (fault != null) {
            throw fault;
        }
        if (exhausted) {
            return false;
        }
        fillNext();
        return ready != null;
    }

    @Override
    public final EventPacket next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more packets in " + file);
        }
        EventPacket p = ready;
        ready = null;
        return p;
    }

    private void fillNext() {
        // Sized like the previous packet: a sparse stream's packets stay small (no large arrays to
        // allocate and zero per packet), a dense stream's do not regrow step by step.
        filling = new EventPacket(cameraId, sensor, Math.min(limits.maxEvents(), Math.max(MIN_PACKET_CAPACITY, lastPacketSize + 1)));
        if (hasPending) {
            hasPending = false;
            fillingFirstTUs = pendingTUs;
            filling.append(pendingTUs, pendingX, pendingY, pendingOn);
        }
        boolean full = false;
        if (carryFrom < carryTo) {
            carryFrom += appendRun(carryFrom, carryTo - carryFrom);
            full = carryFrom < carryTo;
        }
        try {
            if (!full && !decode()) {
                exhausted = true;
                LOG.debug("{}: end of data, {}", file, stats());
            }
        } catch (MalformedRecordingException e) {
            fault = e;
        } catch (IOException e) {
            fault = new UncheckedIOException(file + " at byte " + in.offset() + ": read failed", e);
        }
        lastPacketSize = filling.size();
        if (!filling.isEmpty()) {
            filling.setSequence(nextSequence++);
            counters.events += filling.size();
            ready = filling;
        }
        filling = null;
        if (ready == null && fault != null) {
            throw fault;
        }
    }

    @Override
    public final SensorGeometry sensor() {
        return sensor;
    }

    @Override
    public final AedatHeader header() {
        return header;
    }

    @Override
    public final RecordingStats stats() {
        return counters.snapshot(clock);
    }

    @Override
    public final void close() {
        if (closed) {
            return;
        }
        closed = true;
        ready = null;
        try {
            in.close();
        } catch (IOException e) {
            // Read-only file: nothing can be lost by a failed close, so it is not worth an exception.
            LOG.warn("{}: close failed", file, e);
        }
    }
}
