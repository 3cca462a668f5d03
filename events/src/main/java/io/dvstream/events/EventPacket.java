package io.dvstream.events;

import io.dvstream.events.sensor.SensorGeometry;
import java.util.Arrays;
import java.util.Objects;

/**
 * A run of consecutive events from one camera, stored as struct-of-arrays: timestamps in
 * microseconds (64-bit, unwrapped, monotone), x, y (top-left origin) and polarity.
 *
 * <p>Besides the events a packet carries what travels with them end to end: the camera id, the
 * sensor geometry, the source's sequence number for this packet and how many events the source had
 * to drop since the previous packet.
 *
 * <p>A packet is a reusable buffer: {@link #clear()} keeps its arrays, and {@link #append} only
 * allocates when the capacity must grow, so readers and decoders can run without allocating per
 * event. Every append checks the invariant (time never decreases, coordinates inside the sensor),
 * so a packet that exists is valid.
 *
 * <p>Not thread-safe.
 */
public final class EventPacket {

    /** Polarity value of an OFF event (brightness decrease); also its frame channel. */
    public static final byte OFF = 0;
    /** Polarity value of an ON event (brightness increase); also its frame channel. */
    public static final byte ON = 1;

    private static final int DEFAULT_CAPACITY = 1024;

    private String cameraId;
    private SensorGeometry sensor;
    private long sequence;
    private long droppedEvents;

    private long[] tUs;
    private short[] x;
    private short[] y;
    private byte[] polarity;
    private int size;

    public EventPacket(String cameraId, SensorGeometry sensor) {
        this(cameraId, sensor, DEFAULT_CAPACITY);
    }

    public EventPacket(String cameraId, SensorGeometry sensor, int initialCapacity) {
        if (initialCapacity < 0) {
            throw new IllegalArgumentException("initialCapacity must be >= 0, was " + initialCapacity);
        }
        setCameraId(cameraId);
        setSensor(sensor);
        tUs = new long[initialCapacity];
        x = new short[initialCapacity];
        y = new short[initialCapacity];
        polarity = new byte[initialCapacity];
    }

    /**
     * Appends one event.
     *
     * @throws IllegalArgumentException if {@code tUs} is before the previous event's time or the
     *     coordinates are outside the sensor; the packet is unchanged then
     */
    public void append(long tUs, int x, int y, boolean on) {
        if (size > 0 && tUs < this.tUs[size - 1]) {
            throw new IllegalArgumentException("camera " + cameraId + ": event time " + tUs
                    + " us is before the previous event's " + this.tUs[size - 1] + " us (event " + size + ")");
        }
        if (x < 0 || x >= sensor.width() || y < 0 || y >= sensor.height()) {
            throw new IllegalArgumentException("camera " + cameraId + ": event (" + x + ", " + y
                    + ") is outside the " + sensor + " sensor (event " + size + ")");
        }
        if (size == this.tUs.length) {
            grow(size + 1);
        }
        this.tUs[size] = tUs;
        this.x[size] = (short) x;
        this.y[size] = (short) y;
        this.polarity[size] = on ? ON : OFF;
        size++;
    }

    /**
     * Appends {@code n} events from columns (the layout of {@link #tUsArray()} etc.; polarity
     * {@link #OFF} or {@link #ON}), for decoders that build a run of events before handing it over:
     * one validation pass over the run, then one array copy per column instead of a checked
     * {@link #append} per event.
     *
     * @throws IllegalArgumentException if a time is before the one before it (or the packet's last),
     *     a coordinate is outside the sensor or a polarity is not 0 or 1; the packet is unchanged then
     * @throws IndexOutOfBoundsException if {@code [from, from + n)} is not inside every column
     */
    public void appendAll(long[] tUs, short[] x, short[] y, byte[] polarity, int from, int n) {
        Objects.checkFromIndexSize(from, n, tUs.length);
        Objects.checkFromIndexSize(from, n, x.length);
        Objects.checkFromIndexSize(from, n, y.length);
        Objects.checkFromIndexSize(from, n, polarity.length);
        if (n == 0) {
            return;
        }
        int width = sensor.width();
        int height = sensor.height();
        long previous = size > 0 ? this.tUs[size - 1] : Long.MIN_VALUE;
        int end = from + n;
        for (int i = from; i < end; i++) {
            long t = tUs[i];
            int xi = x[i];
            int yi = y[i];
            // Unsigned compares: one branch per column also rejects negatives; the bad event is
            // looked up again below only to name it.
            if (t < previous || Integer.compareUnsigned(xi, width) >= 0 || Integer.compareUnsigned(yi, height) >= 0
                    || (polarity[i] & ~1) != 0) {
                throw invalidRunEvent(tUs, x, y, polarity, from, i, previous);
            }
            previous = t;
        }
        ensureCapacity(size + n);
        System.arraycopy(tUs, from, this.tUs, size, n);
        System.arraycopy(x, from, this.x, size, n);
        System.arraycopy(y, from, this.y, size, n);
        System.arraycopy(polarity, from, this.polarity, size, n);
        size += n;
    }

    private IllegalArgumentException invalidRunEvent(long[] tUs, short[] x, short[] y, byte[] polarity, int from,
            int i, long previous) {
        int event = size + i - from;
        if (tUs[i] < previous) {
            return new IllegalArgumentException("camera " + cameraId + ": event time " + tUs[i]
                    + " us is before the previous event's " + previous + " us (event " + event + ")");
        }
        if (polarity[i] != OFF && polarity[i] != ON) {
            return new IllegalArgumentException("camera " + cameraId + ": event polarity " + polarity[i]
                    + " is neither OFF (0) nor ON (1) (event " + event + ")");
        }
        return new IllegalArgumentException("camera " + cameraId + ": event (" + x[i] + ", " + y[i]
                + ") is outside the " + sensor + " sensor (event " + event + ")");
    }

    /** Forgets the events and the counters, keeps camera, sensor and the buffers. */
    public void clear() {
        size = 0;
        sequence = 0;
        droppedEvents = 0;
    }

    /** Makes room for at least {@code capacity} events without further allocation. */
    public void ensureCapacity(int capacity) {
        if (capacity > tUs.length) {
            grow(capacity);
        }
    }

    private void grow(int minCapacity) {
        int capacity = Math.max(minCapacity, Math.max(16, tUs.length + (tUs.length >> 1)));
        tUs = Arrays.copyOf(tUs, capacity);
        x = Arrays.copyOf(x, capacity);
        y = Arrays.copyOf(y, capacity);
        polarity = Arrays.copyOf(polarity, capacity);
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public int capacity() {
        return tUs.length;
    }

    public long tUs(int i) {
        Objects.checkIndex(i, size);
        return tUs[i];
    }

    public int x(int i) {
        Objects.checkIndex(i, size);
        return x[i];
    }

    public int y(int i) {
        Objects.checkIndex(i, size);
        return y[i];
    }

    public boolean isOn(int i) {
        Objects.checkIndex(i, size);
        return polarity[i] == ON;
    }

    /** Polarity of event i as a frame channel: {@link #OFF} (0) or {@link #ON} (1). */
    public int polarity(int i) {
        Objects.checkIndex(i, size);
        return polarity[i];
    }

    public long firstTUs() {
        return tUs(0);
    }

    public long lastTUs() {
        return tUs(size - 1);
    }

    // Direct views of the columns for hot loops (codec, binning). Only indices below size() are
    // events; the arrays are the packet's own and change with the next append or clear.

    public long[] tUsArray() {
        return tUs;
    }

    public short[] xArray() {
        return x;
    }

    public short[] yArray() {
        return y;
    }

    public byte[] polarityArray() {
        return polarity;
    }

    public String cameraId() {
        return cameraId;
    }

    public void setCameraId(String cameraId) {
        if (cameraId == null || cameraId.isEmpty()) {
            throw new IllegalArgumentException("cameraId must not be empty");
        }
        this.cameraId = cameraId;
    }

    public SensorGeometry sensor() {
        return sensor;
    }

    /** Changes the sensor; only allowed while the packet is empty, since events were checked against the old one. */
    public void setSensor(SensorGeometry sensor) {
        Objects.requireNonNull(sensor, "sensor");
        if (size > 0 && !sensor.equals(this.sensor)) {
            throw new IllegalStateException("cannot change the sensor of a packet holding " + size + " events");
        }
        this.sensor = sensor;
    }

    public long sequence() {
        return sequence;
    }

    public void setSequence(long sequence) {
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence must be >= 0, was " + sequence);
        }
        this.sequence = sequence;
    }

    /** Events the source dropped (overload, lost datagrams) since the packet before this one. */
    public long droppedEvents() {
        return droppedEvents;
    }

    public void setDroppedEvents(long droppedEvents) {
        if (droppedEvents < 0) {
            throw new IllegalArgumentException("droppedEvents must be >= 0, was " + droppedEvents);
        }
        this.droppedEvents = droppedEvents;
    }

    /** A deep copy holding exactly this packet's events. */
    public EventPacket copy() {
        EventPacket c = new EventPacket(cameraId, sensor, size);
        System.arraycopy(tUs, 0, c.tUs, 0, size);
        System.arraycopy(x, 0, c.x, 0, size);
        System.arraycopy(y, 0, c.y, 0, size);
        System.arraycopy(polarity, 0, c.polarity, 0, size);
        c.size = size;
        c.sequence = sequence;
        c.droppedEvents = droppedEvents;
        return c;
    }

    /** Same camera, sensor, counters and events (capacity does not count). */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof EventPacket p)) {
            return false;
        }
        return size == p.size && sequence == p.sequence && droppedEvents == p.droppedEvents
                && cameraId.equals(p.cameraId) && sensor.equals(p.sensor)
                && Arrays.equals(tUs, 0, size, p.tUs, 0, size)
                && Arrays.equals(x, 0, size, p.x, 0, size)
                && Arrays.equals(y, 0, size, p.y, 0, size)
                && Arrays.equals(polarity, 0, size, p.polarity, 0, size);
    }

    @Override
    public int hashCode() {
        int h = Objects.hash(cameraId, sensor, sequence, droppedEvents, size);
        for (int i = 0; i < size; i++) {
            h = 31 * h + Long.hashCode(tUs[i]);
            h = 31 * h + ((x[i] << 16) | (y[i] & 0xFFFF));
            h = 31 * h + polarity[i];
        }
        return h;
    }

    @Override
    public String toString() {
        String span = size == 0 ? "empty" : size + " events, " + tUs[0] + ".." + tUs[size - 1] + " us";
        return "EventPacket{camera=" + cameraId + ", " + sensor + ", seq=" + sequence
                + ", dropped=" + droppedEvents + ", " + span + "}";
    }
}
