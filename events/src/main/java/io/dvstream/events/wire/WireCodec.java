package io.dvstream.events.wire;

import io.dvstream.events.EventPacket;
import io.dvstream.events.sensor.SensorGeometry;

import static io.dvstream.events.wire.WireFormatException.Kind.BOUNDS;
import static io.dvstream.events.wire.WireFormatException.Kind.CORRUPT;
import static io.dvstream.events.wire.WireFormatException.Kind.TRUNCATED;
import static io.dvstream.events.wire.WireFormatException.Kind.VERSION;

/**
 * The Kafka value format of an {@link EventPacket}, version 1. The byte layout, the reasoning
 * behind it and a test vector are in {@code docs/wire-format.md}; in short:
 *
 * <pre>
 * u8     0xD1                      format byte: 0xD_ = dvstream packet, _1 = version
 * varint sensor code               0 = custom, then varint width, varint height
 * varint sequence
 * varint dropped events
 * varint n                         event count
 * if n &gt; 0:
 *   varint t0                      time of the first event, microseconds
 *   varint xCenter, varint yCenter coordinates are coded as signed offsets from these
 *   u8 kT, u8 kX, u8 kY            Rice parameters (0..31)
 *   bit stream, MSB first, per event i:
 *     rice(t[i] - t[i-1], kT)              only for i &gt; 0
 *     rice(zigzag(x[i] - xCenter), kX)     zigzag(d) = 2d for d &gt;= 0, -2d - 1 for d &lt; 0
 *     rice(zigzag(y[i] - yCenter), kY)
 *     1 bit polarity                       1 = ON
 *   zero bits to the next byte boundary, and nothing after
 * </pre>
 *
 * The camera id is not in the value: it is the Kafka record key, so the decoder takes it as an
 * argument. An instance keeps scratch buffers to avoid allocation; it is not thread-safe.
 */
public final class WireCodec {

    /** The format byte of version 1. */
    public static final int FORMAT_V1 = 0xD1;

    /** Rice quotients of this size or more are escaped (see {@link BitWriter#writeRice}). */
    static final int RICE_ESCAPE = 32;

    static final int MAX_RICE_K = 31;

    private final BitWriter writer = new BitWriter();
    private final BitReader reader = new BitReader();

    /** Encodes a packet into a new byte array (one Kafka record value). */
    public byte[] encode(EventPacket packet) {
        encodeToScratch(packet);
        return writer.toByteArray();
    }

    /** Encoded size of the packet in bytes (encodes it into the scratch buffer). */
    public int encodedSize(EventPacket packet) {
        encodeToScratch(packet);
        return writer.size();
    }

    private void encodeToScratch(EventPacket packet) {
        int n = packet.size();
        long[] t = packet.tUsArray();
        short[] xs = packet.xArray();
        short[] ys = packet.yArray();
        byte[] ps = packet.polarityArray();
        SensorGeometry sensor = packet.sensor();

        BitWriter w = writer;
        w.reset();
        w.writeByte(FORMAT_V1);
        int code = sensor.wireCode();
        w.writeVarLong(code);
        if (code == 0) {
            w.writeVarLong(sensor.width());
            w.writeVarLong(sensor.height());
        }
        w.writeVarLong(packet.sequence());
        w.writeVarLong(packet.droppedEvents());
        w.writeVarLong(n);
        if (n == 0) {
            return;
        }
        if (t[0] < 0) {
            throw new IllegalArgumentException("camera " + packet.cameraId()
                    + ": the wire format carries non-negative timestamps only, first event is at " + t[0] + " us");
        }
        // Events crowd around where the motion is, so offsets from the mean position are small and
        // of either sign: zigzag folds them onto 0, 1, 2, ... for the Rice code.
        long xSum = 0;
        long ySum = 0;
        for (int i = 0; i < n; i++) {
            xSum += xs[i];
            ySum += ys[i];
        }
        int xCenter = (int) Math.round((double) xSum / n);
        int yCenter = (int) Math.round((double) ySum / n);
        int kT = RiceParameter.forDeltas(t, n);
        int kX = RiceParameter.forOffsets(xs, n, xCenter);
        int kY = RiceParameter.forOffsets(ys, n, yCenter);
        w.writeVarLong(t[0]);
        w.writeVarLong(xCenter);
        w.writeVarLong(yCenter);
        w.writeByte(kT);
        w.writeByte(kX);
        w.writeByte(kY);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                w.writeRice(t[i] - t[i - 1], kT);
            }
            w.writeRice(zigzag(xs[i] - xCenter), kX);
            w.writeRice(zigzag(ys[i] - yCenter), kY);
            w.writeBits(ps[i], 1);
        }
        w.flushBits();
    }

    /** Decodes a whole record into a new packet. */
    public EventPacket decode(String cameraId, byte[] record) {
        EventPacket packet = new EventPacket(cameraId, SensorGeometry.DVS128, 0);
        decode(cameraId, record, 0, record.length, packet);
        return packet;
    }

    /**
     * Decodes {@code record[offset, offset + length)} into {@code into}, which is cleared first and
     * reused (its arrays grow only when needed). On error the packet's content is unspecified.
     *
     * @throws WireFormatException if the bytes are not a valid version-1 packet
     */
    public void decode(String cameraId, byte[] record, int offset, int length, EventPacket into) {
        BitReader r = reader;
        int end = offset + length;
        r.reset(record, offset, end);
        int format = r.readByte();
        if (format != FORMAT_V1) {
            String what = (format & 0xF0) == 0xD0
                    ? "unsupported dvstream wire format version " + (format & 0x0F) + " (this decoder reads version 1)"
                    : String.format("not a dvstream packet: format byte 0x%02X, expected 0xD1", format);
            throw new WireFormatException(VERSION, offset, what);
        }
        SensorGeometry sensor = readSensor(r);
        into.clear();
        into.setCameraId(cameraId);
        into.setSensor(sensor);
        into.setSequence(nonNegative(r, "sequence"));
        into.setDroppedEvents(nonNegative(r, "dropped events"));
        int countAt = r.bytePosition();
        long n = r.readVarLong("event count");
        if (n < 0) {
            throw new WireFormatException(BOUNDS, countAt, "event count " + Long.toUnsignedString(n) + " is beyond 2^63");
        }
        if (n == 0) {
            expectEnd(r, r.bytePosition(), end);
            return;
        }
        int tAt = r.bytePosition();
        long t = r.readVarLong("first timestamp");
        if (t < 0) {
            throw new WireFormatException(BOUNDS, tAt, "first timestamp " + Long.toUnsignedString(t) + " us is beyond 2^63");
        }
        int xCenterAt = r.bytePosition();
        long xCenter = r.readVarLong("xCenter");
        int yCenterAt = r.bytePosition();
        long yCenter = r.readVarLong("yCenter");
        // Varints of 2^63 and more are negative longs: outside the sensor too.
        if (xCenter < 0 || xCenter >= sensor.width()) {
            throw new WireFormatException(BOUNDS, xCenterAt, "xCenter " + Long.toUnsignedString(xCenter) + " is outside the " + sensor + " sensor");
        }
        if (yCenter < 0 || yCenter >= sensor.height()) {
            throw new WireFormatException(BOUNDS, yCenterAt, "yCenter " + Long.toUnsignedString(yCenter) + " is outside the " + sensor + " sensor");
        }
        int kT = riceParameter(r, "kT");
        int kX = riceParameter(r, "kX");
        int kY = riceParameter(r, "kY");
        int bitStart = r.bytePosition();
        // Every event takes at least 3 bits (two 1-bit Rice codes and the polarity), so a count
        // the remaining bytes cannot hold is rejected before anything is allocated for it.
        long maxEvents = ((long) (end - bitStart) * 8 + 2) / 3;
        if (n > maxEvents) {
            throw new WireFormatException(n > Integer.MAX_VALUE - 8 ? BOUNDS : TRUNCATED, countAt,
                    "event count " + n + " cannot fit in the " + (end - bitStart) + " bytes that follow the header");
        }
        int count = (int) n;
        into.ensureCapacity(count);
        int width = sensor.width();
        int height = sensor.height();
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                long dt = r.readRice(kT);
                t += dt;
                if (dt < 0 || t < 0) {
                    failInsideStream(r, bitStart, i, count, BOUNDS, "timestamp overflows 2^63 us");
                }
            }
            long x = xCenter + unzigzag(r.readRice(kX));
            long y = yCenter + unzigzag(r.readRice(kY));
            boolean on = r.readBits(1) != 0;
            if (x < 0 || y < 0 || x >= width || y >= height) {
                failInsideStream(r, bitStart, i, count, BOUNDS,
                        "event (" + x + ", " + y + ") is outside the " + sensor + " sensor");
            }
            into.append(t, (int) x, (int) y, on);
        }
        if (r.overran()) {
            failInsideStream(r, bitStart, count - 1, count, TRUNCATED, "");
        }
        long bits = r.bitsConsumed(bitStart);
        int used = (int) ((bits + 7) >>> 3);
        int lastByte = bitStart + used - 1;
        int padding = (int) (used * 8L - bits);
        if (padding > 0 && (record[lastByte] & ((1 << padding) - 1)) != 0) {
            throw new WireFormatException(CORRUPT, lastByte, "padding bits after the last event are not zero");
        }
        expectEnd(r, bitStart + used, end);
    }

    static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    static long unzigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }

    private static SensorGeometry readSensor(BitReader r) {
        int at = r.bytePosition();
        long code = r.readVarLong("sensor code");
        if (code == 0) {
            long w = r.readVarLong("sensor width");
            long h = r.readVarLong("sensor height");
            if (w < 1 || h < 1 || w > SensorGeometry.MAX_SIDE || h > SensorGeometry.MAX_SIDE) {
                throw new WireFormatException(BOUNDS, at, "custom sensor size " + w + "x" + h
                        + " is outside 1.." + SensorGeometry.MAX_SIDE);
            }
            return SensorGeometry.custom((int) w, (int) h);
        }
        if (code < 0 || code > SensorGeometry.KNOWN.size()) {
            throw new WireFormatException(BOUNDS, at, "unknown sensor code " + Long.toUnsignedString(code)
                    + " (known: 1.." + SensorGeometry.KNOWN.size() + ", 0 = custom)");
        }
        return SensorGeometry.fromWireCode((int) code);
    }

    private static long nonNegative(BitReader r, String field) {
        int at = r.bytePosition();
        long v = r.readVarLong(field);
        if (v < 0) {
            throw new WireFormatException(BOUNDS, at, field + " " + Long.toUnsignedString(v) + " is beyond 2^63");
        }
        return v;
    }

    private static int riceParameter(BitReader r, String field) {
        int at = r.bytePosition();
        int k = r.readByte();
        if (k > MAX_RICE_K) {
            throw new WireFormatException(BOUNDS, at, "Rice parameter " + field + " = " + k + " is above " + MAX_RICE_K);
        }
        return k;
    }

    private static void expectEnd(BitReader r, int consumedEnd, int end) {
        if (consumedEnd < end) {
            throw new WireFormatException(CORRUPT, consumedEnd, (end - consumedEnd) + " unexpected bytes after the packet");
        }
    }

    /** A bad value in the bit stream is reported as truncation when the stream ran out first. */
    private static void failInsideStream(BitReader r, int bitStart, int event, int count,
                                         WireFormatException.Kind kind, String message) {
        if (r.overran()) {
            throw new WireFormatException(TRUNCATED, r.end(), "record ends inside event " + event + " of " + count);
        }
        throw new WireFormatException(kind, bitStart + (int) (r.bitsConsumed(bitStart) >>> 3),
                "event " + event + " of " + count + ": " + message);
    }
}
