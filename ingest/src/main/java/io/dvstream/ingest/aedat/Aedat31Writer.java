package io.dvstream.ingest.aedat;

import io.dvstream.events.EventPacket;
import io.dvstream.events.sensor.SensorGeometry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Writes cAER AEDAT 3.1 files (formats.md section 2), the DVS128 Gesture format: a CRLF header
 * ({@code #!AER-DAT3.1}, {@code #Format: RAW}, {@code #Source 1: <device>}, {@code #Start-Time},
 * {@code #!END-HEADER}), then polarity packets of source 1.
 *
 * <ul>
 *   <li>Each packet: 28-byte little-endian header (type 1, source 1, eventSize 8, eventTSOffset 4,
 *       eventTSOverflow, and capacity = number = valid = the event count), then per event
 *       {@code x << 17 | y << 2 | on << 1 | 1} and the low 31 bits of the time.</li>
 *   <li>Time: {@code eventTSOverflow = t >>> 31}, so a packet is cut where that changes; times must
 *       lie in {@code [0, 2^62)} us.</li>
 *   <li>Sensors: those a 3.1 reader can recognise from the source name, which is all 3.1 has:
 *       DVS128, DAVIS240, DAVIS346, DVXplorer, DVXplorer Lite.</li>
 * </ul>
 */
public final class Aedat31Writer extends AbstractRecordingWriter {

    private static final int PACKET_HEADER_BYTES = 28;
    private static final int EVENT_BYTES = 8;
    private static final short POLARITY = 1;
    private static final short SOURCE_ID = 1;
    private static final long MAX_TIME_US = 1L << 62;
    private static final DateTimeFormatter START_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss '(TZ'xx')'").withZone(ZoneOffset.UTC);

    private final int[] data;
    private final int[] timestamps;
    private int buffered;
    private int overflow;

    private Aedat31Writer(Path file, SensorGeometry sensor, ChannelOutput out, WriterOptions options) {
        super(file, sensor, out);
        this.data = new int[options.eventsPerPacket()];
        this.timestamps = new int[options.eventsPerPacket()];
    }

    /**
     * Creates (or truncates) {@code file} and writes the header.
     *
     * @throws IllegalArgumentException if a 3.1 file cannot name the sensor
     */
    public static Aedat31Writer create(Path file, SensorGeometry sensor, WriterOptions options) throws IOException {
        String device = deviceName(sensor);
        ChannelOutput out = new ChannelOutput(file, ReaderOptions.DEFAULT_READ_BUFFER_BYTES, ByteOrder.LITTLE_ENDIAN);
        try {
            String header = AedatFormat.AEDAT_3_1.versionLine() + "\r\n"
                    + "#Format: RAW\r\n"
                    + "#Source " + SOURCE_ID + ": " + device + "\r\n"
                    + "#Start-Time: " + START_TIME.format(options.startTimeOrNow()) + "\r\n"
                    + "#!END-HEADER\r\n";
            out.write(header.getBytes(StandardCharsets.ISO_8859_1));
            return new Aedat31Writer(file, sensor, out, options);
        } catch (IOException | RuntimeException e) {
            out.close();
            throw e;
        }
    }

    /** The {@code #Source} name cAER would write; the 3.1 reader derives the sensor from it. */
    static String deviceName(SensorGeometry sensor) {
        SensorGeometry known = SensorGeometry.of(sensor.width(), sensor.height());
        if (known.equals(SensorGeometry.DVS128)) {
            return "DVS128";
        }
        if (known.equals(SensorGeometry.DAVIS240)) {
            return "DAVIS240C";
        }
        if (known.equals(SensorGeometry.DAVIS346)) {
            return "DAVIS346B";
        }
        if (known.equals(SensorGeometry.DVXPLORER)) {
            return "DVXplorer";
        }
        if (known.equals(SensorGeometry.DVXPLORER_LITE)) {
            return "DVXplorer Lite";
        }
        throw new IllegalArgumentException("AEDAT 3.1 cannot store events of a " + sensor + " sensor: the format states "
                + "no size, only a device name, and only DVS128, DAVIS240, DAVIS346, DVXplorer and DVXplorer Lite are "
                + "known by name; write AEDAT 4.0 instead");
    }

    @Override
    protected void check(EventPacket packet, long previousTUs) {
        long first = packet.firstTUs();
        long last = packet.lastTUs();
        if (first < 0 || last >= MAX_TIME_US) {
            throw new IllegalArgumentException("camera " + packet.cameraId() + ": AEDAT 3.1 stores times in [0, 2^62) us, "
                    + "the packet spans " + first + ".." + last + " us");
        }
    }

    @Override
    protected void append(EventPacket packet) throws IOException {
        long[] t = packet.tUsArray();
        short[] x = packet.xArray();
        short[] y = packet.yArray();
        byte[] p = packet.polarityArray();
        for (int i = 0; i < packet.size(); i++) {
            int o = (int) (t[i] >>> 31);
            if (buffered > 0 && (o != overflow || buffered == data.length)) {
                flushPacket();
            }
            overflow = o;
            data[buffered] = (x[i] << 17) | (y[i] << 2) | (p[i] == EventPacket.ON ? 2 : 0) | 1;
            timestamps[buffered] = (int) (t[i] & 0x7FFF_FFFFL);
            buffered++;
        }
    }

    private void flushPacket() throws IOException {
        out.ensure(PACKET_HEADER_BYTES);
        out.buffer().putShort(POLARITY).putShort(SOURCE_ID).putInt(EVENT_BYTES).putInt(4).putInt(overflow)
                .putInt(buffered).putInt(buffered).putInt(buffered);
        ByteBuffer buf = out.buffer();
        for (int i = 0; i < buffered; i++) {
            out.ensure(EVENT_BYTES);
            buf.putInt(data[i]).putInt(timestamps[i]);
        }
        buffered = 0;
    }

    @Override
    protected void finish() throws IOException {
        if (buffered > 0) {
            flushPacket();
        }
    }
}
