package io.dvstream.ingest.usb;

import io.dvstream.events.EventPacket;
import io.dvstream.events.time.TimestampUnwrapper;
import io.dvstream.ingest.aedat.AddressLayout;

/**
 * Parses the DVS128's bulk IN stream (formats.md 5.3): 4-byte little-endian words of uint16
 * address and uint16 timestamp.
 * <ul>
 *   <li>timestamp bit 15 set: <b>wrap</b> — 0x4000 µs are added to the time base, no event;</li>
 *   <li>timestamp bit 14 set: <b>timestamp reset</b> — the time base restarts at 0, no event; the
 *       output clock continues monotone through {@link TimestampUnwrapper} (counted as a reset);</li>
 *   <li>otherwise an event at base + timestamp, its address decoded by {@link AddressLayout#DVS128};
 *       address bit 15 (external sync input) events are counted and skipped.</li>
 * </ul>
 * The time base is a {@code long}, so it never overflows. A transfer whose length is not a multiple
 * of 4 has its ragged tail dropped and counted, as jAER does.
 *
 * <p>Not thread-safe.
 */
public final class Dvs128EventParser {

    public static final int WRAP_US = 0x4000;

    private final AddressLayout layout = AddressLayout.DVS128;
    private final TimestampUnwrapper clock = new TimestampUnwrapper();
    private long base;
    private long wraps;
    private long resets;
    private long syncEvents;
    private long events;
    private long raggedBytes;

    /** Appends the events in {@code data[0, length)} to {@code out}. */
    public void parse(byte[] data, int length, EventPacket out) {
        int whole = length & ~3;
        raggedBytes += length - whole;
        for (int i = 0; i < whole; i += 4) {
            int address = (data[i] & 0xFF) | (data[i + 1] & 0xFF) << 8;
            int b2 = data[i + 2] & 0xFF;
            int b3 = data[i + 3] & 0xFF;
            if ((b3 & 0x80) != 0) {
                base += WRAP_US;
                wraps++;
            } else if ((b3 & 0x40) != 0) {
                base = 0;
                resets++;
            } else if (layout.isSpecial(address)) {
                syncEvents++;
            } else {
                int timestamp = b2 | b3 << 8;
                out.append(clock.monotone(base + timestamp), layout.x(address), layout.y(address), layout.isOn(address));
                events++;
            }
        }
    }

    public long wraps() {
        return wraps;
    }

    /** Timestamp-reset words seen. */
    public long resets() {
        return resets;
    }

    public long syncEvents() {
        return syncEvents;
    }

    public long events() {
        return events;
    }

    public long raggedBytes() {
        return raggedBytes;
    }
}
