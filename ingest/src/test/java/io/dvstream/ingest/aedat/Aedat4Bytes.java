package io.dvstream.ingest.aedat;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorOutputStream;

/**
 * Builds small AEDAT 4.0 files byte by byte for tests, following formats.md section 3. FlatBuffers
 * are laid out forward by hand (vtable, table, then the data its offsets point to), which any
 * conforming reader accepts; no FlatBuffers library is involved, so the test does not share code
 * with the reader under test.
 */
final class Aedat4Bytes {

    static final int NONE = 0;
    static final int LZ4 = 1;
    static final int ZSTD = 3;

    private final int compression;
    private final StringBuilder streams = new StringBuilder();
    private final ByteArrayOutputStream packets = new ByteArrayOutputStream();
    private boolean withDataTable;

    Aedat4Bytes(int compression) {
        this.compression = compression;
    }

    Aedat4Bytes stream(int id, String type, int sizeX, int sizeY, String module) {
        streams.append("<node name=\"").append(id).append("\" path=\"/outInfo/").append(id).append("/\">")
                .append(attr("compression", "string", "LZ4"))
                .append(attr("originalModuleName", "string", module))
                .append(attr("typeIdentifier", "string", type))
                .append("<node name=\"info\" path=\"/outInfo/").append(id).append("/info/\">")
                .append(sizeX > 0 ? attr("sizeX", "int", String.valueOf(sizeX)) : "")
                .append(sizeY > 0 ? attr("sizeY", "int", String.valueOf(sizeY)) : "")
                .append(attr("source", "string", "TEST_" + id))
                .append("</node></node>");
        return this;
    }

    /** Writes a FileDataTable placeholder after the packets and points dataTablePosition at it. */
    Aedat4Bytes withDataTable() {
        this.withDataTable = true;
        return this;
    }

    /** Events given as rows {t, x, y, on(0/1)}. */
    Aedat4Bytes events(int streamId, long[]... rows) {
        return packet(streamId, compress(eventPayload(rows)));
    }

    /** A packet of IMU or trigger tables: only the element count matters to the reader. */
    Aedat4Bytes tables(int streamId, String identifier, int count) {
        return packet(streamId, compress(tablesPayload(identifier, count)));
    }

    /** A packet whose payload is written as given (already compressed, or deliberately broken). */
    Aedat4Bytes packet(int streamId, byte[] payload) {
        return packet(streamId, payload.length, payload);
    }

    /** A packet header that may lie about the payload size. */
    Aedat4Bytes packet(int streamId, int declaredSize, byte[] payload) {
        ByteBuffer h = le(8).putInt(streamId).putInt(declaredSize);
        packets.writeBytes(h.array());
        packets.writeBytes(payload);
        return this;
    }

    byte[] build() {
        String xml = "<dv version=\"2.0\"><node name=\"outInfo\" path=\"/outInfo/\">" + streams + "</node></dv>";
        byte[] info = xml.getBytes(StandardCharsets.UTF_8);
        byte[] version = "#!AER-DAT4.0\r\n".getBytes(StandardCharsets.ISO_8859_1);
        int headerSize = 42 + info.length + 1; // ends with the string's NUL
        long dataTable = withDataTable ? version.length + 4 + headerSize + packets.size() : -1;
        ByteBuffer h = le(headerSize);
        h.putInt(0, 18).put(4, "IOHE".getBytes(StandardCharsets.ISO_8859_1));
        // vtable at 8: size 10, table size 20, fields: compression @4 (absent if NONE), dataTablePosition @8
        // (absent if -1, the FlatBuffers default), infoNode @16
        h.putShort(8, (short) 10).putShort(10, (short) 20).putShort(12, (short) (compression == NONE ? 0 : 4))
                .putShort(14, (short) (dataTable < 0 ? 0 : 8)).putShort(16, (short) 16);
        h.putInt(18, 18 - 8).putInt(22, compression).putLong(26, dataTable).putInt(34, 4);
        h.putInt(38, info.length).put(42, info);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes(version);
        file.writeBytes(le(4).putInt(headerSize).array());
        file.writeBytes(h.array());
        file.writeBytes(packets.toByteArray());
        if (withDataTable) {
            file.writeBytes("FTAB-placeholder, never read as a packet".getBytes(StandardCharsets.ISO_8859_1));
        }
        return file.toByteArray();
    }

    static byte[] eventPayload(long[]... rows) {
        int size = 30 + 16 * rows.length;
        ByteBuffer b = le(size);
        flatBufferHead(b, size, "EVTS");
        b.putInt(26, rows.length);
        for (int i = 0; i < rows.length; i++) {
            int p = 30 + 16 * i;
            b.putLong(p, rows[i][0]).putShort(p + 8, (short) rows[i][1]).putShort(p + 10, (short) rows[i][2])
                    .put(p + 12, (byte) rows[i][3]);
        }
        return b.array();
    }

    static byte[] tablesPayload(String identifier, int count) {
        int element = 30 + 4 * count; // one shared empty table after the offsets: vtable(4) + table(4)
        int size = element + 8;
        ByteBuffer b = le(size);
        flatBufferHead(b, size, identifier);
        b.putInt(26, count);
        for (int i = 0; i < count; i++) {
            int at = 30 + 4 * i;
            b.putInt(at, element + 4 - at);
        }
        b.putShort(element, (short) 4).putShort(element + 2, (short) 4).putInt(element + 4, 4);
        return b.array();
    }

    /** Size prefix, root offset, identifier, vtable with one field, root table whose field 0 points at byte 26. */
    private static void flatBufferHead(ByteBuffer b, int size, String identifier) {
        b.putInt(0, size - 4).putInt(4, 18 - 4).put(8, identifier.getBytes(StandardCharsets.ISO_8859_1));
        b.putShort(12, (short) 6).putShort(14, (short) 8).putShort(16, (short) 4);
        b.putInt(18, 18 - 12).putInt(22, 26 - 22);
    }

    byte[] compress(byte[] payload) {
        return switch (compression) {
            case NONE -> payload;
            case LZ4 -> lz4DependentBlocks(payload);
            case ZSTD -> Zstd.compress(payload);
            default -> throw new IllegalStateException("compression " + compression);
        };
    }

    /** One LZ4 frame with 64 KiB dependent blocks, as DV writes them. */
    static byte[] lz4DependentBlocks(byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        var params = new FramedLZ4CompressorOutputStream.Parameters(
                FramedLZ4CompressorOutputStream.BlockSize.K64, true, false, true);
        try (FramedLZ4CompressorOutputStream z = new FramedLZ4CompressorOutputStream(out, params)) {
            z.write(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** {@code n} events of a 346x260 sensor, 10 us apart, spread over the array. */
    static long[][] rows(int n, long t0) {
        List<long[]> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(new long[] {t0 + 10L * i, (i * 7) % 346, (i * 13) % 260, i % 3 == 0 ? 1 : 0});
        }
        return rows.toArray(long[][]::new);
    }

    private static String attr(String key, String type, String value) {
        return "<attr key=\"" + key + "\" type=\"" + type + "\">" + value + "</attr>";
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
