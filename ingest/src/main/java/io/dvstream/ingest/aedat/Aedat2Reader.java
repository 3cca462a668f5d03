package io.dvstream.ingest.aedat;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads jAER AEDAT 2.0 files (formats.md section 1): a {@code #} header, then big-endian records of
 * int32 raw address and int32 timestamp.
 *
 * <ul>
 *   <li>Addresses are decoded with the {@link AddressLayout} of the header's {@code # AEChip:}
 *       line, or the one set in {@link ReaderOptions#addressLayout()}.</li>
 *   <li>Timestamps go through {@link io.dvstream.events.time.TimestampUnwrapper#unwrap32}; only
 *       DVS and IMU records feed it, because APS readouts are not guaranteed to be in order with
 *       them.</li>
 *   <li>APS samples are skipped, external/sync events are skipped, both counted; IMU words become
 *       {@link ImuSample}s for {@link ReaderOptions#imuListener()}.</li>
 *   <li>A {@code # TimestampOffsetUs:} header line (see {@link Aedat2Writer}) is added to every
 *       unwrapped timestamp.</li>
 *   <li>A trailing partial record is ignored, logged and counted in
 *       {@link RecordingStats#truncatedBytes()}.</li>
 * </ul>
 */
public final class Aedat2Reader extends AbstractRecordingReader {

    private static final Logger LOG = LoggerFactory.getLogger(Aedat2Reader.class);
    private static final int RECORD_BYTES = 8;
    private static final VarHandle BIG_ENDIAN_INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private final AddressLayout layout;
    private final ImuAssembler imu;
    private final long timeOffsetUs;
    /** Raw timestamps of the run being decoded. */
    private final int[] runRaw = new int[RUN_EVENTS];

    private Aedat2Reader(Path file, ChannelInput in, JaerHeader jaer, AddressLayout layout, ReaderOptions options) {
        super(file, in, jaer.header(), layout.sensor(), options);
        this.layout = layout;
        this.timeOffsetUs = jaer.timeOffsetUs();
        this.imu = new ImuAssembler(options.imuListener(), counters);
    }

    /**
     * Opens {@code file}, parses its header and chooses the address layout.
     *
     * @throws MalformedRecordingException if the file is not AEDAT 2.0 or no layout is known for its chip
     */
    public static Aedat2Reader open(Path file, ReaderOptions options) throws IOException {
        ChannelInput in = new ChannelInput(file, options.readBufferBytes(), ByteOrder.BIG_ENDIAN);
        try {
            checkVersion(file, in);
            JaerHeader jaer = JaerHeader.parse(file, in);
            AddressLayout layout = options.addressLayout() != null ? options.addressLayout()
                    : AddressLayout.forChipClass(jaer.chipClass()).orElseThrow(() -> new MalformedRecordingException(
                            file, 0, "header names no known chip (AEChip '" + jaer.chipClass()
                                    + "'); set ReaderOptions.withAddressLayout(DVS128 | DAVIS240 | DAVIS346)"));
            LOG.debug("{}: AEDAT 2.0, chip '{}', layout {}, data at byte {}", file, jaer.chipClass(), layout,
                    jaer.header().dataOffset());
            return new Aedat2Reader(file, in, jaer, layout, options);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** Rejects anything but 2.0 before parsing, then rewinds. */
    private static void checkVersion(Path file, ChannelInput in) throws IOException {
        byte[] head = new byte[(int) Math.min(32, in.size())];
        in.readFully(head, 0, head.length);
        String first = AedatFormat.firstLine(head);
        if (!first.equals(AedatFormat.AEDAT_2_0.versionLine())) {
            throw new MalformedRecordingException(file, 0,
                    "expected version line " + AedatFormat.AEDAT_2_0.versionLine() + ", found '" + first + "'");
        }
        in.seek(0);
    }

    public AddressLayout layout() {
        return layout;
    }

    @Override
    protected boolean decode() throws IOException {
        ByteBuffer buf = in.buffer();
        byte[] array = buf.array();
        int base = buf.arrayOffset();
        // The layout as local constants for the run loop (enum fields would be reloaded per record).
        final int notDvsMask = layout.apsImuMask() | layout.specialMask();
        final int xShift = layout.xShift();
        final int xMask = layout.xMask();
        final int maxX = layout.sensor().width() - 1;
        final int yShift = layout.yShift();
        final int yMask = layout.yMask();
        final int maxY = layout.sensor().height() - 1;
        final int polarityShift = Integer.numberOfTrailingZeros(layout.polarityMask());
        final int offFlip = layout.onWhenSet() ? 0 : 1;
        final long offsetUs = timeOffsetUs;
        final int[] raw = runRaw;
        final short[] xs = runX;
        final short[] ys = runY;
        final byte[] ps = runP;
        while (in.ensure(RECORD_BYTES)) {
            // Walk the whole records in the buffer on the backing array: no per-record buffer calls.
            int pos = buf.position();
            int end = pos + buf.remaining() / RECORD_BYTES * RECORD_BYTES;
            while (pos < end) {
                // Bulk path: a run of DVS events inside the sensor, decoded into the run columns,
                // unwrapped in one call and appended in one call. It stops before any other record.
                int max = Math.min(RUN_EVENTS, (end - pos) / RECORD_BYTES);
                int n = 0;
                while (n < max) {
                    int address = (int) BIG_ENDIAN_INT.get(array, base + pos);
                    int x = maxX - ((address >>> xShift) & xMask);
                    int y = maxY - ((address >>> yShift) & yMask);
                    if ((address & notDvsMask) != 0 || (x | y) < 0) {
                        break;
                    }
                    raw[n] = (int) BIG_ENDIAN_INT.get(array, base + pos + 4);
                    xs[n] = (short) x;
                    ys[n] = (short) y;
                    ps[n] = (byte) (((address >>> polarityShift) & 1) ^ offFlip);
                    n++;
                    pos += RECORD_BYTES;
                }
                if (n > 0) {
                    clock.unwrap32Run(raw, runT, 0, n);
                    if (offsetUs != 0) {
                        for (int i = 0; i < n; i++) {
                            runT[i] += offsetUs;
                        }
                    }
                    if (!offerRun(n)) {
                        buf.position(pos);
                        return true;
                    }
                    continue;
                }
                // One record the run stopped at: APS, IMU, special, or an event outside the sensor.
                int address = (int) BIG_ENDIAN_INT.get(array, base + pos);
                int timestamp = (int) BIG_ENDIAN_INT.get(array, base + pos + 4);
                pos += RECORD_BYTES;
                if (layout.isApsOrImu(address)) {
                    if (layout.isImu(address)) {
                        imu.accept(address, timeOffsetUs + clock.unwrap32(timestamp));
                    } else {
                        counters.apsSamples++;
                    }
                } else if (layout.isSpecial(address)) {
                    counters.specialEvents++;
                } else if (!offer(timeOffsetUs + clock.unwrap32(timestamp), layout.x(address), layout.y(address),
                        layout.isOn(address), in.offsetAt(pos - RECORD_BYTES))) {
                    buf.position(pos);
                    return true;
                }
            }
            buf.position(pos);
        }
        int tail = buf.remaining();
        if (tail > 0) {
            LOG.warn("{}: ignoring {} trailing bytes at byte {} (not a whole {}-byte record)", file, tail,
                    in.offset(), RECORD_BYTES);
            counters.truncatedBytes += tail;
            buf.position(buf.limit());
        }
        imu.finish();
        return false;
    }
}
