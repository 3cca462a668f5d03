package io.dvstream.ingest.aedat;

import io.dvstream.events.EventPacket;
import io.dvstream.events.sensor.SensorGeometry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Writes iniVation DV AEDAT 4.0 files (formats.md section 3) with one event stream (id 0, EVTS):
 * version line, size-prefixed IOHeader, packets of {@code int32 streamId, int32 size, payload},
 * and a FileDataTable at the end.
 *
 * <ul>
 *   <li>IOHeader: compression, dataTablePosition and the infoNode XML ({@code outInfo/0} with
 *       {@code typeIdentifier EVTS}, {@code sizeX}, {@code sizeY}, {@code source}). The
 *       dataTablePosition field is always stored, even at its default -1 (FlatBuffers'
 *       {@code forceDefaults}), so that close can patch it in place; a file whose writer never
 *       closed keeps -1, which readers take as "no table, read packets to the end".</li>
 *   <li>Payload: an EVTS FlatBuffer ({@code EventPacket { elements: [Event] }}, 16-byte structs,
 *       8-byte aligned), compressed per {@link WriterOptions#compression()} as one frame.</li>
 *   <li>FileDataTable ({@code FTAB}): one entry per packet, ByteOffset pointing at the payload as
 *       DV does, compressed with the packets' codec as DV does.</li>
 * </ul>
 * The FlatBuffers are laid out by hand (vtable, table, then what it references), the mirror of
 * {@link FlatBufferTable}, so neither generated classes nor the flatbuffers runtime are needed.
 * Memory: one packet, plus 48 bytes per packet written for the table.
 */
public final class Aedat4Writer extends AbstractRecordingWriter {

    private static final byte[] VERSION_LINE = (AedatFormat.AEDAT_4_0.versionLine() + "\r\n")
            .getBytes(StandardCharsets.ISO_8859_1);
    static final int STREAM_ID = 0;
    private static final int PACKET_HEADER_BYTES = 8;
    private static final int EVENT_BYTES = 16;
    /** Size prefix, root offset, identifier, vtable (6) + pad, table (8), vector length: events start here. */
    private static final int EVENTS_START = 32;
    /** File offset of the IOHeader's dataTablePosition: version line, size prefix, then byte 32 of the buffer. */
    private static final int DATA_TABLE_POSITION_AT = 14 + 32;

    private final Aedat4Compression compression;
    private final long[] t;
    private final short[] x;
    private final short[] y;
    private final byte[] polarity;
    private int buffered;
    private byte[] payload;
    /** FileDataTable rows: byteOffset, size, numElements, tStart, tEnd per packet. */
    private long[] table = new long[5 * 64];
    private int packets;

    private Aedat4Writer(Path file, SensorGeometry sensor, ChannelOutput out, WriterOptions options) {
        super(file, sensor, out);
        this.compression = options.compression();
        int n = options.eventsPerPacket();
        this.t = new long[n];
        this.x = new short[n];
        this.y = new short[n];
        this.polarity = new byte[n];
        this.payload = new byte[EVENTS_START + EVENT_BYTES * Math.min(n, 1024)];
    }

    /** Creates (or truncates) {@code file} and writes the version line and IOHeader. Any sensor size works. */
    public static Aedat4Writer create(Path file, SensorGeometry sensor, WriterOptions options) throws IOException {
        ChannelOutput out = new ChannelOutput(file, ReaderOptions.DEFAULT_READ_BUFFER_BYTES, ByteOrder.LITTLE_ENDIAN);
        try {
            out.write(VERSION_LINE);
            out.write(ioHeader(options.compression(), -1, infoNode(sensor, options.compression())));
            return new Aedat4Writer(file, sensor, out, options);
        } catch (IOException | RuntimeException e) {
            out.close();
            throw e;
        }
    }

    static String infoNode(SensorGeometry sensor, Aedat4Compression compression) {
        String source = sensorSource(sensor);
        return "<dv version=\"2.0\">"
                + "<node name=\"outInfo\" path=\"/outInfo/\">"
                + "<node name=\"" + STREAM_ID + "\" path=\"/outInfo/" + STREAM_ID + "/\">"
                + attr("compression", "string", compression.name())
                + attr("originalModuleName", "string", "dvstream")
                + attr("originalOutputName", "string", "events")
                + attr("typeDescription", "string", "Array of events (polarity ON/OFF).")
                + attr("typeIdentifier", "string", Aedat4Stream.EVENTS)
                + "<node name=\"info\" path=\"/outInfo/" + STREAM_ID + "/info/\">"
                + attr("sizeX", "int", String.valueOf(sensor.width()))
                + attr("sizeY", "int", String.valueOf(sensor.height()))
                + attr("source", "string", source)
                + attr("tsOffset", "long", "0")
                + "</node></node></node></dv>";
    }

    private static String sensorSource(SensorGeometry sensor) {
        try {
            return Aedat31Writer.deviceName(sensor).replace(' ', '_');
        } catch (IllegalArgumentException e) {
            return "dvstream_" + sensor.width() + "x" + sensor.height();
        }
    }

    private static String attr(String key, String type, String value) {
        return "<attr key=\"" + key + "\" type=\"" + type + "\">" + value + "</attr>";
    }

    /**
     * The IOHeader with its size prefix: vtable at 12 (3 fields), table at 24 holding compression
     * (+4), dataTablePosition (+8, always stored) and the infoNode reference (+16), then the string.
     */
    static byte[] ioHeader(Aedat4Compression compression, long dataTablePosition, String infoNode) {
        byte[] xml = infoNode.getBytes(StandardCharsets.UTF_8);
        int size = align4(48 + xml.length + 1);
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, size - 4).putInt(4, 24 - 4).put(8, "IOHE".getBytes(StandardCharsets.ISO_8859_1));
        b.putShort(12, (short) 10).putShort(14, (short) 20).putShort(16, (short) 4).putShort(18, (short) 8)
                .putShort(20, (short) 16);
        b.putInt(24, 24 - 12).putInt(28, compression.code()).putLong(32, dataTablePosition).putInt(40, 44 - 40);
        b.putInt(44, xml.length).put(48, xml);
        return b.array();
    }

    @Override
    protected void check(EventPacket packet, long previousTUs) {
        // int64 times and int16 coordinates hold anything an EventPacket holds
    }

    @Override
    protected void append(EventPacket packet) throws IOException {
        long[] pt = packet.tUsArray();
        short[] px = packet.xArray();
        short[] py = packet.yArray();
        byte[] pp = packet.polarityArray();
        int i = 0;
        while (i < packet.size()) {
            int n = Math.min(packet.size() - i, t.length - buffered);
            System.arraycopy(pt, i, t, buffered, n);
            System.arraycopy(px, i, x, buffered, n);
            System.arraycopy(py, i, y, buffered, n);
            System.arraycopy(pp, i, polarity, buffered, n);
            buffered += n;
            i += n;
            if (buffered == t.length) {
                flushPacket();
            }
        }
    }

    /**
     * One EVTS packet: size prefix, root offset 16, "EVTS", vtable at 12 (one field), table at 20
     * whose field 0 (+4) references the vector at 28 (length), elements from 32 (8-byte aligned).
     */
    private void flushPacket() throws IOException {
        int size = EVENTS_START + EVENT_BYTES * buffered;
        if (payload.length < size) {
            payload = new byte[Math.max(size, payload.length * 2)];
        }
        Arrays.fill(payload, 0, size, (byte) 0);
        ByteBuffer b = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, size - 4).putInt(4, 20 - 4).put(8, (byte) 'E').put(9, (byte) 'V').put(10, (byte) 'T').put(11, (byte) 'S');
        b.putShort(12, (short) 6).putShort(14, (short) 8).putShort(16, (short) 4);
        b.putInt(20, 20 - 12).putInt(24, 28 - 24).putInt(28, buffered);
        for (int i = 0; i < buffered; i++) {
            int p = EVENTS_START + EVENT_BYTES * i;
            b.putLong(p, t[i]).putShort(p + 8, x[i]).putShort(p + 10, y[i]).put(p + 12, polarity[i]);
        }
        byte[] stored = compression.compress(payload, size);
        out.ensure(PACKET_HEADER_BYTES);
        out.buffer().putInt(STREAM_ID).putInt(stored.length);
        long payloadAt = out.position();
        out.write(stored);
        addTableRow(payloadAt, stored.length, buffered, t[0], t[buffered - 1]);
        buffered = 0;
    }

    private void addTableRow(long byteOffset, int size, int elements, long tStart, long tEnd) {
        if (table.length < 5 * (packets + 1)) {
            table = Arrays.copyOf(table, table.length * 2);
        }
        int r = 5 * packets++;
        table[r] = byteOffset;
        table[r + 1] = size;
        table[r + 2] = elements;
        table[r + 3] = tStart;
        table[r + 4] = tEnd;
    }

    @Override
    protected void finish() throws IOException {
        if (buffered > 0) {
            flushPacket();
        }
        long tableAt = out.position();
        byte[] ftab = fileDataTable();
        out.write(compression.compress(ftab, ftab.length));
        ByteBuffer position = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, tableAt);
        out.patch(DATA_TABLE_POSITION_AT, position);
    }

    /**
     * {@code FileDataTable { Table: [FileDataDefinition] }} with its size prefix: root vtable at 12,
     * root table at 20, vector of references at 28; one shared vtable after it, then one 48-byte
     * table per packet (at 4 mod 8, so its int64 fields are 8-byte aligned): ByteOffset (+4),
     * PacketInfo struct {StreamID, Size} (+12), NumElements (+20), TimestampStart (+28),
     * TimestampEnd (+36).
     */
    private byte[] fileDataTable() {
        int vtable = 32 + 4 * packets;
        int first = vtable + 14;
        first += Math.floorMod(4 - first, 8);
        int size = first + 48 * packets;
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, size - 4).putInt(4, 20 - 4).put(8, "FTAB".getBytes(StandardCharsets.ISO_8859_1));
        b.putShort(12, (short) 6).putShort(14, (short) 8).putShort(16, (short) 4);
        b.putInt(20, 20 - 12).putInt(24, 28 - 24).putInt(28, packets);
        b.putShort(vtable, (short) 14).putShort(vtable + 2, (short) 44).putShort(vtable + 4, (short) 4)
                .putShort(vtable + 6, (short) 12).putShort(vtable + 8, (short) 20).putShort(vtable + 10, (short) 28)
                .putShort(vtable + 12, (short) 36);
        for (int i = 0; i < packets; i++) {
            int e = first + 48 * i;
            int r = 5 * i;
            b.putInt(32 + 4 * i, e - (32 + 4 * i));
            b.putInt(e, e - vtable).putLong(e + 4, table[r]).putInt(e + 12, STREAM_ID).putInt(e + 16, (int) table[r + 1])
                    .putLong(e + 20, table[r + 2]).putLong(e + 28, table[r + 3]).putLong(e + 36, table[r + 4]);
        }
        return b.array();
    }

    private static int align4(int n) {
        return (n + 3) & ~3;
    }
}
