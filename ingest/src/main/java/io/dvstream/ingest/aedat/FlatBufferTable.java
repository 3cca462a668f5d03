package io.dvstream.ingest.aedat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Reads one FlatBuffers table by hand, so AEDAT 4.0 needs neither generated classes nor the
 * flatbuffers runtime. The encoding, in short: a table starts with an int32 soffset to its vtable
 * ({@code vtable = table - soffset}); the vtable holds uint16 vtable size, uint16 table size, then
 * one uint16 per field with the field's offset inside the table (0 = absent, i.e. default value).
 * References to strings, vectors and sub-tables are uint32 offsets relative to where they are
 * stored, pointing forward. Vectors and strings start with a uint32 element count.
 *
 * <p>Every position is checked against the buffer's limit, since the bytes come from a file;
 * a violation throws {@link FlatBufferException} describing it, which readers turn into a
 * {@link MalformedRecordingException} with the file offset.
 */
final class FlatBufferTable {

    /** A structural error inside one FlatBuffer; positions in its message are buffer-relative. */
    static final class FlatBufferException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        FlatBufferException(String message) {
            super(message);
        }
    }

    private final ByteBuffer buf;
    private final int table;
    private final int vtable;
    private final int vtableSize;

    private FlatBufferTable(ByteBuffer buf, int table) {
        this.buf = buf;
        this.table = table;
        check(table, 4, "table");
        int vt = table - buf.getInt(table);
        check(vt, 4, "vtable of table at " + table);
        this.vtable = vt;
        this.vtableSize = Short.toUnsignedInt(buf.getShort(vt));
        if (vtableSize < 4 || (vtableSize & 1) != 0) {
            throw new FlatBufferException("vtable at " + vt + " has invalid size " + vtableSize);
        }
        check(vt, vtableSize, "vtable at " + vt);
        check(table, Short.toUnsignedInt(buf.getShort(vt + 2)), "table at " + table);
    }

    /**
     * The root table of the FlatBuffer starting at {@code bufferStart} (after any size prefix); the
     * buffer's limit must be the FlatBuffer's end.
     */
    static FlatBufferTable root(ByteBuffer buf, int bufferStart) {
        if (buf.order() != ByteOrder.LITTLE_ENDIAN) {
            throw new IllegalArgumentException("FlatBuffers are little-endian; set the buffer's order");
        }
        check(buf, bufferStart, 8, "root offset and identifier");
        return new FlatBufferTable(buf, reference(buf, bufferStart));
    }

    /** The 4-character file identifier (bytes 4..7 of the FlatBuffer). */
    static String identifier(ByteBuffer buf, int bufferStart) {
        check(buf, bufferStart, 8, "root offset and identifier");
        byte[] id = new byte[4];
        buf.get(bufferStart + 4, id);
        return new String(id, StandardCharsets.ISO_8859_1);
    }

    int getInt(int field, int defaultValue) {
        int p = fieldPosition(field, 4);
        return p == 0 ? defaultValue : buf.getInt(p);
    }

    long getLong(int field, long defaultValue) {
        int p = fieldPosition(field, 8);
        return p == 0 ? defaultValue : buf.getLong(p);
    }

    /** A string field as UTF-8, or null when absent. */
    String getString(int field) {
        int p = fieldPosition(field, 4);
        if (p == 0) {
            return null;
        }
        int s = reference(buf, p);
        int length = vectorCount(s, 1, "string");
        byte[] bytes = new byte[length];
        buf.get(s + 4, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Number of elements of a vector field (0 when absent), after checking it fits in the buffer. */
    int vectorLength(int field, int elementBytes) {
        int p = fieldPosition(field, 4);
        return p == 0 ? 0 : vectorCount(reference(buf, p), elementBytes, "vector field " + field);
    }

    /** Buffer position of a vector field's first element; call {@link #vectorLength} first. */
    int vectorData(int field) {
        int p = fieldPosition(field, 4);
        if (p == 0) {
            throw new FlatBufferException("vector field " + field + " is absent");
        }
        return reference(buf, p) + 4;
    }

    private int vectorCount(int vector, int elementBytes, String what) {
        check(vector, 4, what + " length");
        int count = buf.getInt(vector);
        if (count < 0 || (long) count * elementBytes > buf.limit() - vector - 4L) {
            throw new FlatBufferException(what + " at " + vector + " claims " + Integer.toUnsignedString(count)
                    + " elements of " + elementBytes + " bytes, more than the " + (buf.limit() - vector - 4)
                    + " bytes left in the buffer");
        }
        return count;
    }

    /** Absolute position of a field's value, or 0 when the field is absent. */
    private int fieldPosition(int field, int width) {
        int entry = 4 + 2 * field;
        if (entry + 2 > vtableSize) {
            return 0;
        }
        int offset = Short.toUnsignedInt(buf.getShort(vtable + entry));
        if (offset == 0) {
            return 0;
        }
        check(table + offset, width, "field " + field);
        return table + offset;
    }

    /** Follows the uint32 forward offset stored at {@code at}. */
    private static int reference(ByteBuffer buf, int at) {
        long target = at + Integer.toUnsignedLong(buf.getInt(at));
        if (target >= buf.limit()) {
            throw new FlatBufferException("offset at " + at + " points to " + target + ", past the buffer end "
                    + buf.limit());
        }
        return (int) target;
    }

    private void check(int position, int length, String what) {
        check(buf, position, length, what);
    }

    private static void check(ByteBuffer buf, int position, int length, String what) {
        if (position < 0 || (long) position + length > buf.limit()) {
            throw new FlatBufferException(what + " at " + position + " (" + length + " bytes) is outside the "
                    + buf.limit() + "-byte buffer");
        }
    }
}
