package io.dvstream.ingest.jaer;

import io.dvstream.events.EventPacket;
import io.dvstream.events.time.TimestampUnwrapper;
import io.dvstream.ingest.aedat.AddressLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Decodes jAER AEUnicast datagrams (formats.md section 4.2) into events: sequence number check,
 * raw chip addresses through an {@link AddressLayout}, timestamps unwrapped onto one monotone 64-bit
 * microsecond clock (kept raw, not re-zeroed as jAER's own receiver does).
 *
 * <p>What happens to each datagram:
 * <ul>
 *   <li>in order (possibly after a gap): its events are decoded; the gap is counted in
 *       {@link #lostDatagrams()};</li>
 *   <li>late (a number counted lost earlier) or duplicate: its events are <b>discarded</b> and
 *       counted in {@link #pendingDroppedEvents()}, because later events have already gone out and
 *       time must not go back; the datagram is counted in {@link #lateDatagrams()} or
 *       {@link #duplicateDatagrams()};</li>
 *   <li>malformed (shorter than its header, or a length that is not header + whole events): the
 *       whole datagram is rejected (a ragged length means the sender's layout differs from ours, so
 *       no field in it can be trusted), counted in {@link #malformedDatagrams()}, and described in
 *       {@link #lastError()}; events decoded before it are untouched. Its sequence number, when
 *       present, still counts as seen, so it is not also reported lost.</li>
 * </ul>
 * APS/IMU words and external (special) events are skipped and counted, like the AEDAT 2.0 reader
 * does; so are addresses outside the sensor (a wrong {@code --sensor} shows up here first).
 *
 * <p>Not thread-safe.
 */
public final class JaerDatagramDecoder {

    /** What became of one datagram. */
    public enum Outcome { DECODED, LATE, DUPLICATE, MALFORMED }

    private final JaerUdpFormat format;
    private final AddressLayout layout;
    private final ByteOrder order;
    private final DatagramSequence sequence = new DatagramSequence();
    private final TimestampUnwrapper clock = new TimestampUnwrapper();
    private final boolean unitMultiplier;

    private long datagrams;
    private long malformed;
    private long events;
    private long apsImuWords;
    private long specialEvents;
    private long outOfSensor;
    private long droppedEvents;
    private long pendingDropped;
    private int last16;
    private long epoch16;
    private boolean started16;
    private String lastError;

    public JaerDatagramDecoder(JaerUdpFormat format, AddressLayout layout) {
        this.format = format;
        this.layout = layout;
        this.order = format.swapBytes() ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        this.unitMultiplier = format.timestampMultiplier() == 1.0;
    }

    /**
     * Decodes the datagram between {@code data.position()} and {@code data.limit()} into
     * {@code out} (cleared first; its sequence is set to the datagram's number, or the datagram
     * count without sequence numbers). Whatever the outcome, {@code out} is valid afterwards.
     *
     * @param origin where the datagram came from, for the error text
     */
    public Outcome decode(ByteBuffer data, EventPacket out, Object origin) {
        out.clear();
        datagrams++;
        ByteBuffer in = data.slice().order(order);
        int length = in.remaining();
        int header = format.headerBytes();
        int eventBytes = format.eventBytes();
        int number = (int) Math.min(datagrams, Integer.MAX_VALUE);
        boolean hasNumber = false;
        if (format.sequenceNumbers() && length >= 4) {
            number = in.getInt(0);
            hasNumber = number >= 0;
        }
        int body = length - header;
        if (body < 0 || body % eventBytes != 0 || (format.sequenceNumbers() && !hasNumber)) {
            malformed++;
            String why = body < 0
                    ? "shorter than the " + header + "-byte sequence number"
                    : !hasNumber && format.sequenceNumbers()
                            ? "negative sequence number " + number
                            : "not " + header + " header bytes + whole " + eventBytes + "-byte events ("
                                    + body % eventBytes + " trailing bytes after byte " + (header + body / eventBytes * eventBytes) + ")";
            lastError = "malformed jAER datagram #" + datagrams + " from " + origin + ": " + length + " bytes, " + why
                    + "; datagram rejected";
            long lostHere = Math.max(0, body) / eventBytes;
            droppedEvents += lostHere;
            pendingDropped += lostHere;
            if (hasNumber) {
                sequence.accept(number);
            }
            takeDropped(out);
            return Outcome.MALFORMED;
        }
        out.setSequence(number);
        int n = body / eventBytes;
        if (format.sequenceNumbers()) {
            DatagramSequence.Verdict verdict = sequence.accept(number);
            if (verdict != DatagramSequence.Verdict.IN_ORDER) {
                droppedEvents += n;
                pendingDropped += n;
                takeDropped(out);
                return verdict == DatagramSequence.Verdict.LATE ? Outcome.LATE : Outcome.DUPLICATE;
            }
        }
        takeDropped(out);
        out.ensureCapacity(n);
        int pos = header;
        for (int i = 0; i < n; i++, pos += eventBytes) {
            int address;
            int rawTime;
            if (format.fourByteFields()) {
                address = in.getInt(pos);
                rawTime = in.getInt(pos + 4);
            } else {
                address = in.getShort(pos) & 0xFFFF;
                rawTime = in.getShort(pos + 2) & 0xFFFF;
            }
            if (layout.isApsOrImu(address)) {
                apsImuWords++;
                if (layout.isImu(address)) {
                    time(rawTime); // IMU words advance the clock as in the AEDAT 2.0 reader
                }
                continue;
            }
            if (layout.isSpecial(address)) {
                specialEvents++;
                continue;
            }
            int x = layout.x(address);
            int y = layout.y(address);
            if ((x | y) < 0) {
                outOfSensor++;
                continue;
            }
            out.append(time(rawTime), x, y, layout.isOn(address));
        }
        events += out.size();
        return Outcome.DECODED;
    }

    private void takeDropped(EventPacket out) {
        out.setDroppedEvents(pendingDropped);
        pendingDropped = 0;
    }

    private long time(int raw) {
        long ticks;
        if (format.fourByteFields()) {
            ticks = clock.unwrap32(raw);
        } else {
            // 16-bit timestamps wrap every 65,536 ticks; any decrease is a wrap.
            if (started16 && raw < last16) {
                epoch16 += 1 << 16;
            }
            started16 = true;
            last16 = raw;
            ticks = clock.monotone(epoch16 + raw);
        }
        return unitMultiplier ? ticks : (long) Math.floor(ticks * format.timestampMultiplier());
    }

    public long datagrams() {
        return datagrams;
    }

    public long lostDatagrams() {
        return sequence.lost();
    }

    public long lateDatagrams() {
        return sequence.late();
    }

    public long duplicateDatagrams() {
        return sequence.duplicates();
    }

    public long malformedDatagrams() {
        return malformed;
    }

    /** Events decoded and handed out. */
    public long events() {
        return events;
    }

    /** Events discarded from late, duplicate and malformed datagrams (a malformed one: whole events in it). */
    public long droppedEvents() {
        return droppedEvents;
    }

    /** Dropped events not yet reported on an output packet (always 0 after a decode call). */
    public long pendingDroppedEvents() {
        return pendingDropped;
    }

    public long apsImuWords() {
        return apsImuWords;
    }

    public long specialEvents() {
        return specialEvents;
    }

    public long outOfSensorEvents() {
        return outOfSensor;
    }

    /** Timestamp clock resets seen (jAER re-zeroing, device reset). */
    public long clockResets() {
        return clock.resets();
    }

    /** The description of the latest malformed datagram, or null. */
    public String lastError() {
        return lastError;
    }
}
