package io.dvstream.ingest.aedat;

import io.dvstream.events.sensor.SensorGeometry;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads cAER AEDAT 3.1 files, the DVS128 Gesture format (formats.md section 2): a {@code #} header,
 * then packets of a 28-byte little-endian header and {@code eventCapacity x eventSize} bytes.
 *
 * <ul>
 *   <li>Polarity packets (type 1) of the first {@code #Source} are decoded: x bits 31-17, y bits
 *       16-2, ON = bit 1, already top-left; events with the valid bit clear are skipped and counted.
 *       Time is {@code eventTSOverflow << 31 | ts}, made monotone through
 *       {@link io.dvstream.events.time.TimestampUnwrapper#monotone} (a TIMESTAMP_RESET becomes a
 *       continuing clock and is counted).</li>
 *   <li>Other types are skipped by size and counted: special as special events, frame as frames,
 *       IMU6/IMU9 as IMU samples, the rest (and other sources) as other packets.</li>
 *   <li>The sensor comes from the source name (DVS128, DAVIS240*, DAVIS346*, DVXplorer*), since 3.1
 *       files do not state a size.</li>
 * </ul>
 */
public final class Aedat31Reader extends AbstractRecordingReader {

    private static final Logger LOG = LoggerFactory.getLogger(Aedat31Reader.class);
    private static final int PACKET_HEADER_BYTES = 28;
    private static final int SPECIAL = 0;
    private static final int POLARITY = 1;
    private static final int FRAME = 2;
    private static final int IMU6 = 3;
    private static final int IMU9 = 4;
    private static final int POLARITY_MIN_BYTES = 8;
    private static final VarHandle LITTLE_ENDIAN_INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private final int sourceId;

    private int eventsLeft;
    private long bytesAfterEvents;
    private int eventSize;
    private int tsOffset;
    private long overflowUs;
    private long packetOffset;

    private Aedat31Reader(Path file, ChannelInput in, CaerHeader caer, SensorGeometry sensor, ReaderOptions options) {
        super(file, in, caer.header(), sensor, options);
        this.sourceId = caer.sourceId();
    }

    /**
     * Opens {@code file} and parses its header.
     *
     * @throws MalformedRecordingException if the header is broken or names an unknown sensor
     */
    public static Aedat31Reader open(Path file, ReaderOptions options) throws IOException {
        ChannelInput in = new ChannelInput(file, options.readBufferBytes(), ByteOrder.LITTLE_ENDIAN);
        try {
            byte[] head = new byte[(int) Math.min(32, in.size())];
            in.readFully(head, 0, head.length);
            String first = AedatFormat.firstLine(head);
            if (!first.equals(AedatFormat.AEDAT_3_1.versionLine())) {
                throw new MalformedRecordingException(file, 0, "expected version line "
                        + AedatFormat.AEDAT_3_1.versionLine() + ", found '" + first + "'");
            }
            in.seek(0);
            CaerHeader caer = CaerHeader.parse(file, in);
            SensorGeometry sensor = sensorOf(caer.header().source());
            if (sensor == null) {
                throw new MalformedRecordingException(file, 0, "source '" + caer.header().source()
                        + "' is not a known sensor (DVS128, DAVIS240, DAVIS346, DVXplorer)");
            }
            LOG.debug("{}: AEDAT 3.1, source {} '{}', {}, data at byte {}", file, caer.sourceId(),
                    caer.header().source(), sensor, caer.header().dataOffset());
            return new Aedat31Reader(file, in, caer, sensor, options);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    private static SensorGeometry sensorOf(String source) {
        String s = source.toUpperCase(Locale.ROOT).replace(" ", "");
        if (s.startsWith("DVS128")) {
            return SensorGeometry.DVS128;
        }
        if (s.startsWith("DAVIS240")) {
            return SensorGeometry.DAVIS240;
        }
        if (s.startsWith("DAVIS346")) {
            return SensorGeometry.DAVIS346;
        }
        if (s.startsWith("DVXPLORERLITE") || s.startsWith("DVXLITE")) {
            return SensorGeometry.DVXPLORER_LITE;
        }
        if (s.startsWith("DVXPLORER")) {
            return SensorGeometry.DVXPLORER;
        }
        return null;
    }

    @Override
    protected boolean decode() throws IOException {
        ByteBuffer buf = in.buffer();
        while (true) {
            while (eventsLeft > 0) {
                in.ensure(eventSize); // the packet was checked to lie inside the file
                // Bulk path: a run of valid events inside the sensor from the buffer's backing
                // array into the run columns, made monotone in one call and appended in one call.
                // It stops before any other event, which the per-event code below handles.
                byte[] array = buf.array();
                int base = buf.arrayOffset();
                int stride = eventSize;
                int tsAt = tsOffset;
                long overflow = overflowUs;
                int width = sensor().width();
                int height = sensor().height();
                int pos = buf.position();
                int max = Math.min(Math.min(eventsLeft, buf.remaining() / stride), RUN_EVENTS);
                int n = 0;
                while (n < max) {
                    int data = (int) LITTLE_ENDIAN_INT.get(array, base + pos);
                    int x = (data >>> 17) & 0x7FFF;
                    int y = (data >>> 2) & 0x7FFF;
                    if ((data & 1) == 0 || x >= width || y >= height) {
                        break;
                    }
                    runT[n] = overflow | ((int) LITTLE_ENDIAN_INT.get(array, base + pos + tsAt) & 0x7FFF_FFFFL);
                    runX[n] = (short) x;
                    runY[n] = (short) y;
                    runP[n] = (byte) ((data >>> 1) & 1);
                    n++;
                    pos += stride;
                }
                if (n > 0) {
                    buf.position(pos);
                    eventsLeft -= n;
                    clock.monotoneRun(runT, 0, n);
                    if (!offerRun(n)) {
                        return true;
                    }
                    continue;
                }
                int p = buf.position();
                int data = buf.getInt(p);
                int ts = buf.getInt(p + tsOffset);
                buf.position(p + eventSize);
                eventsLeft--;
                if ((data & 1) == 0) {
                    counters.invalidEvents++;
                    continue;
                }
                long tUs = clock.monotone(overflowUs | (ts & 0x7FFF_FFFFL));
                if (!offer(tUs, (data >>> 17) & 0x7FFF, (data >>> 2) & 0x7FFF, (data & 2) != 0, packetOffset)) {
                    return true;
                }
            }
            if (bytesAfterEvents > 0) {
                in.skip(bytesAfterEvents);
                bytesAfterEvents = 0;
            }
            if (!nextPolarityPacket()) {
                return false;
            }
        }
    }

    /** Reads packet headers, skipping and counting others, until a polarity packet of our source. */
    private boolean nextPolarityPacket() throws IOException {
        ByteBuffer buf = in.buffer();
        while (true) {
            long offset = in.offset();
            long left = in.remainingInFile();
            if (left == 0) {
                return false;
            }
            if (left < PACKET_HEADER_BYTES) {
                throw new MalformedRecordingException(file, offset, "truncated packet header: " + left + " of "
                        + PACKET_HEADER_BYTES + " bytes before the end of the file");
            }
            in.ensure(PACKET_HEADER_BYTES);
            int p = buf.position();
            int type = buf.getShort(p);
            int source = buf.getShort(p + 2);
            int size = buf.getInt(p + 4);
            int tsOffsetField = buf.getInt(p + 8);
            int overflow = buf.getInt(p + 12);
            int capacity = buf.getInt(p + 16);
            int number = buf.getInt(p + 20);
            buf.position(p + PACKET_HEADER_BYTES);
            if (size < 1 || capacity < 0 || number < 0 || number > capacity) {
                throw new MalformedRecordingException(file, offset, "packet header of type " + type + " is inconsistent: eventSize "
                        + size + ", eventCapacity " + capacity + ", eventNumber " + number);
            }
            long payload = (long) capacity * size;
            if (payload > left - PACKET_HEADER_BYTES) {
                throw new MalformedRecordingException(file, offset, "packet of type " + type + " declares " + capacity + " x "
                        + size + " = " + payload + " event bytes but only " + (left - PACKET_HEADER_BYTES)
                        + " remain before the end of the file");
            }
            if (type == POLARITY && source == sourceId) {
                if (size < POLARITY_MIN_BYTES || size > buf.capacity() || tsOffsetField < 0 || tsOffsetField > size - 4) {
                    throw new MalformedRecordingException(file, offset, "polarity packet has eventSize " + size
                            + " and eventTSOffset " + tsOffsetField + "; expected 8 and 4");
                }
                eventsLeft = number;
                eventSize = size;
                tsOffset = tsOffsetField;
                bytesAfterEvents = (long) (capacity - number) * size;
                overflowUs = (long) overflow << 31;
                packetOffset = offset;
                return true;
            }
            switch (type) {
                case SPECIAL -> counters.specialEvents += number;
                case FRAME -> counters.frames += number;
                case IMU6, IMU9 -> counters.imuSamples += number;
                default -> counters.otherPackets++;
            }
            in.skip(payload);
        }
    }
}
