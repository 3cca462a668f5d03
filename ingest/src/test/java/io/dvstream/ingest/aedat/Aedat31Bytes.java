package io.dvstream.ingest.aedat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Builds AEDAT 3.1 files byte by byte following formats.md section 2 (no real 3.1 file is available). */
final class Aedat31Bytes {

    static final short SOURCE = 1;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Aedat31Bytes header(String source) {
        return lines("#!AER-DAT3.1", "#Format: RAW", "#Source " + SOURCE + ": " + source,
                "#Start-Time: 2017-03-10 11:24:53 (TZ-0800)", "#!END-HEADER");
    }

    Aedat31Bytes lines(String... lines) {
        for (String line : lines) {
            out.writeBytes((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        return this;
    }

    /** A polarity packet; rows are {x, y, on(0/1), ts, valid(0/1)}. */
    Aedat31Bytes polarity(int overflow, int capacity, int[]... rows) {
        ByteBuffer b = packetHeader(1, SOURCE, 8, overflow, capacity, rows.length, capacity * 8);
        for (int[] r : rows) {
            b.putInt((r[0] << 17) | (r[1] << 2) | (r[2] << 1) | r[4]).putInt(r[3]);
        }
        out.writeBytes(b.array());
        return this;
    }

    /** A packet of another type with {@code number} zero-filled events of {@code size} bytes. */
    Aedat31Bytes other(int type, short source, int size, int number) {
        out.writeBytes(packetHeader(type, source, size, 0, number, number, number * size).array());
        return this;
    }

    /** A raw packet header that may lie about the payload that follows. */
    static ByteBuffer packetHeader(int type, short source, int size, int overflow, int capacity, int number, int payload) {
        ByteBuffer b = ByteBuffer.allocate(28 + payload).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) type).putShort(source).putInt(size).putInt(4).putInt(overflow)
                .putInt(capacity).putInt(number).putInt(number);
        return b;
    }

    Aedat31Bytes bytes(byte[] raw) {
        out.writeBytes(raw);
        return this;
    }

    byte[] build() {
        return out.toByteArray();
    }

    /** A DVS128 Gesture-like file: {@code n} valid events in packets of 500, a special packet in between. */
    static byte[] gesture(int n) {
        Aedat31Bytes b = new Aedat31Bytes().header("DVS128");
        for (int start = 0; start < n; start += 500) {
            int count = Math.min(500, n - start);
            int[][] rows = new int[count][];
            for (int i = 0; i < count; i++) {
                int k = start + i;
                rows[i] = new int[] {k % 128, (k / 3) % 128, k & 1, 1_000 + 7 * k, 1};
            }
            b.polarity(0, count, rows);
            b.other(0, SOURCE, 8, 1);
        }
        return b.build();
    }
}
