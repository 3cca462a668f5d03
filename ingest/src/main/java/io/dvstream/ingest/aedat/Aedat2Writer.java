package io.dvstream.ingest.aedat;

import io.dvstream.events.EventPacket;
import io.dvstream.events.sensor.SensorGeometry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Writes jAER AEDAT 2.0 files (formats.md section 1) that jAER opens as recorded by the chip:
 * a CRLF {@code #} header with {@code # AEChip:} and {@code #End Of ASCII Header}, then big-endian
 * records of int32 raw address ({@link AddressLayout#encode}) and int32 timestamp.
 *
 * <ul>
 *   <li>Sensors: DVS128, DAVIS240 and DAVIS346 only, the chips with a jAER address layout.</li>
 *   <li>Time: stored as 32 bits that wrap every 2^32 us, so consecutive events must be less than
 *       2^31 us (35.8 minutes) apart. Files whose first event is at or after 2^31 us (Unix
 *       microseconds from AEDAT 4.0, for instance) or before 0 are stored relative to that first
 *       event, and a {@code # TimestampOffsetUs:} header line carries it, which {@link Aedat2Reader}
 *       adds back; jAER ignores the line and shows times from 0.</li>
 *   <li>The header is written with the first event (or at close), since the offset depends on it.</li>
 * </ul>
 */
public final class Aedat2Writer extends AbstractRecordingWriter {

    private static final int RECORD_BYTES = 8;
    private static final long MAX_GAP_US = 1L << 31;
    private static final String CRLF = "\r\n";
    /** {@link java.util.Date#toString()}, as jAER's "# created" line. */
    private static final DateTimeFormatter JAVA_DATE =
            DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss zzz yyyy", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final AddressLayout layout;
    private final Instant startTime;
    private boolean headerWritten;
    private long timeOffsetUs;

    private Aedat2Writer(Path file, AddressLayout layout, ChannelOutput out, WriterOptions options) {
        super(file, layout.sensor(), out);
        this.layout = layout;
        this.startTime = options.startTimeOrNow();
    }

    /**
     * Creates (or truncates) {@code file}.
     *
     * @throws IllegalArgumentException if jAER has no address layout for the sensor
     */
    public static Aedat2Writer create(Path file, SensorGeometry sensor, WriterOptions options) throws IOException {
        AddressLayout layout = layoutFor(sensor);
        return new Aedat2Writer(file, layout, new ChannelOutput(file, ReaderOptions.DEFAULT_READ_BUFFER_BYTES,
                ByteOrder.BIG_ENDIAN), options);
    }

    static AddressLayout layoutFor(SensorGeometry sensor) {
        // The DVXplorer layout is for live jAER streams only: no jAER file layout is documented for it.
        return AddressLayout.forSensor(sensor).filter(l -> l != AddressLayout.DVXPLORER).orElseThrow(() -> new IllegalArgumentException(
                "AEDAT 2.0 cannot store events of a " + sensor + " sensor: jAER address layouts exist only for "
                        + "DVS128 (128x128), DAVIS240 (240x180) and DAVIS346 (346x260); write AEDAT 3.1 or 4.0 instead"));
    }

    /** The jAER chip class written to {@code # AEChip:}; {@link AddressLayout#forChipClass} maps it back. */
    static String chipClass(AddressLayout layout) {
        return switch (layout) {
            case DVS128 -> "ch.unizh.ini.jaer.chip.retina.DVS128";
            case DAVIS240 -> "eu.seebetter.ini.chips.davis.DAVIS240C";
            case DAVIS346 -> "eu.seebetter.ini.chips.davis.Davis346B";
            case DVXPLORER -> throw new IllegalArgumentException("AEDAT 2.0 files are not written for DVXplorer");
        };
    }

    @Override
    protected void check(EventPacket packet, long previousTUs) {
        long[] t = packet.tUsArray();
        long previous = previousTUs;
        for (int i = 0; i < packet.size(); i++) {
            if (t[i] - previous >= MAX_GAP_US) {
                throw new IllegalArgumentException("camera " + packet.cameraId() + ": AEDAT 2.0 stores 32-bit timestamps, "
                        + "so events must be less than 2^31 us apart; event " + i + " at " + t[i] + " us is "
                        + (t[i] - previous) + " us after the previous one at " + previous + " us");
            }
            previous = t[i];
        }
    }

    @Override
    protected void append(EventPacket packet) throws IOException {
        if (!headerWritten) {
            long first = packet.firstTUs();
            timeOffsetUs = first >= 0 && first < MAX_GAP_US ? 0 : first;
            writeHeader();
        }
        long[] t = packet.tUsArray();
        short[] x = packet.xArray();
        short[] y = packet.yArray();
        byte[] p = packet.polarityArray();
        ByteBuffer buf = out.buffer();
        for (int i = 0; i < packet.size(); i++) {
            out.ensure(RECORD_BYTES);
            buf.putInt(layout.encode(x[i], y[i], p[i] == EventPacket.ON)).putInt((int) (t[i] - timeOffsetUs));
        }
    }

    @Override
    protected void finish() throws IOException {
        if (!headerWritten) {
            writeHeader();
        }
    }

    private void writeHeader() throws IOException {
        headerWritten = true;
        StringBuilder h = new StringBuilder(512);
        line(h, AedatFormat.AEDAT_2_0.versionLine());
        line(h, "# This is a raw AE data file created by dvstream - do not edit");
        line(h, "# Data format is int32 address, int32 timestamp (8 bytes total), repeated for each event");
        line(h, "# Timestamps tick is 1 us");
        line(h, "# created " + JAVA_DATE.format(startTime));
        line(h, "# AEChip: " + chipClass(layout));
        if (timeOffsetUs != 0) {
            line(h, JaerHeader.TIME_OFFSET_KEY + " " + timeOffsetUs + " (added to every timestamp by dvstream)");
        }
        line(h, "# DataStartTime: System.currentTimeMillis() " + startTime.toEpochMilli());
        line(h, "#End Of ASCII Header");
        out.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    private static void line(StringBuilder h, String text) {
        h.append(text).append(CRLF);
    }
}
