package io.dvstream.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The state of one stream (docs/ds2ta-spec.md section 5): every LIF membrane and the TASA
 * histories, as the float32 slots of {@link StateLayout}, plus the number of steps taken since the
 * last reset. Mutable: {@link Ds2ta#step} advances it in place. Not thread-safe.
 *
 * <p>Serialised form ({@link #toBytes()}), little-endian:
 * <pre>
 *   magic "DS2S" | u16 version (1) | u16 slot count | i64 steps | u64 layout fingerprint
 *   | per slot: i32 float count, then the floats | u32 CRC32 of everything before it
 * </pre>
 * The fingerprint hashes the slot names and shapes, so bytes from a model of another shape are
 * rejected before any float is read.
 */
public final class Ds2taState {

    static final int MAGIC = 0x53325344;   // "DS2S" little-endian
    static final short VERSION = 1;

    private final ModelConfig config;
    private final StateLayout layout;
    private final float[][] slots;
    private long steps;

    Ds2taState(ModelConfig config) {
        this.config = config;
        this.layout = new StateLayout(config);
        this.slots = new float[layout.slots().size()][];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new float[layout.slots().get(i).size()];
        }
    }

    /** A resting state (all zero) for {@code config}. */
    public static Ds2taState zeros(ModelConfig config) {
        return new Ds2taState(config);
    }

    public ModelConfig config() {
        return config;
    }

    public StateLayout layout() {
        return layout;
    }

    /** Steps taken since the stream started or was last reset. */
    public long steps() {
        return steps;
    }

    void advanceSteps() {
        steps++;
    }

    /** Slot {@code i}'s values (shared). */
    float[] slot(int i) {
        return slots[i];
    }

    /** Zeroes every membrane and history: the stream starts again. */
    public void reset() {
        for (float[] s : slots) {
            Arrays.fill(s, 0f);
        }
        steps = 0;
    }

    /** An independent copy. */
    public Ds2taState copy() {
        Ds2taState c = new Ds2taState(config);
        for (int i = 0; i < slots.length; i++) {
            System.arraycopy(slots[i], 0, c.slots[i], 0, slots[i].length);
        }
        c.steps = steps;
        return c;
    }

    /** Size of {@link #toBytes()} in bytes. */
    public int sizeBytes() {
        return Math.toIntExact(4 + 2 + 2 + 8 + 8 + 4L * slots.length + 4 * layout.floats() + 4);
    }

    /** The versioned binary form described in the class comment. */
    public byte[] toBytes() {
        ByteBuffer b = ByteBuffer.allocate(sizeBytes()).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC).putShort(VERSION).putShort((short) slots.length).putLong(steps).putLong(fingerprint(layout));
        for (float[] s : slots) {
            b.putInt(s.length);
            b.asFloatBuffer().put(s);
            b.position(b.position() + 4 * s.length);
        }
        var crc = new CRC32();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        return b.array();
    }

    /**
     * Restores a state written by {@link #toBytes()} for a model of configuration {@code config}.
     *
     * @throws IllegalArgumentException naming the offset and field that is wrong
     */
    public static Ds2taState fromBytes(ModelConfig config, byte[] bytes) {
        Ds2taState s = new Ds2taState(config);
        if (bytes.length != s.sizeBytes()) {
            if (bytes.length >= 8 && ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt() == MAGIC) {
                checkHeader(s, ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN), bytes.length);
            }
            throw new IllegalArgumentException("DS2TA state: " + bytes.length + " bytes where this configuration's state has "
                    + s.sizeBytes() + " (" + (bytes.length < 4 ? "too short for a header" : "wrong model or truncated") + ")");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        checkHeader(s, b, bytes.length);
        var crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 4);
        int stored = ByteBuffer.wrap(bytes, bytes.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if (stored != (int) crc.getValue()) {
            throw new IllegalArgumentException("DS2TA state: CRC32 mismatch at offset " + (bytes.length - 4)
                    + " (stored " + Integer.toHexString(stored) + ", computed " + Long.toHexString(crc.getValue())
                    + "): the bytes are corrupt");
        }
        b.position(24);
        List<StateLayout.Slot> slots = s.layout.slots();
        for (int i = 0; i < slots.size(); i++) {
            int at = b.position();
            int n = b.getInt();
            if (n != s.slots[i].length) {
                throw new IllegalArgumentException("DS2TA state: slot " + slots.get(i).name() + " at offset " + at + " holds "
                        + n + " floats, the configuration needs " + s.slots[i].length);
            }
            b.asFloatBuffer().get(s.slots[i]);
            b.position(b.position() + 4 * n);
        }
        return s;
    }

    private static void checkHeader(Ds2taState s, ByteBuffer b, int length) {
        if (length < 24) {
            throw new IllegalArgumentException("DS2TA state: " + length + " bytes, shorter than the 24-byte header");
        }
        int magic = b.getInt(0);
        if (magic != MAGIC) {
            throw new IllegalArgumentException("DS2TA state: bad magic 0x" + Integer.toHexString(magic)
                    + " at offset 0, expected \"DS2S\"");
        }
        short version = b.getShort(4);
        if (version != VERSION) {
            throw new IllegalArgumentException("DS2TA state: unsupported version " + version + " at offset 4, this runtime reads "
                    + VERSION);
        }
        int count = Short.toUnsignedInt(b.getShort(6));
        if (count != s.slots.length) {
            throw new IllegalArgumentException("DS2TA state: slot count " + count + " at offset 6, this configuration has "
                    + s.slots.length + " (state of another model)");
        }
        long steps = b.getLong(8);
        if (steps < 0) {
            throw new IllegalArgumentException("DS2TA state: negative step count " + steps + " at offset 8");
        }
        long fp = b.getLong(16);
        if (fp != fingerprint(s.layout)) {
            throw new IllegalArgumentException("DS2TA state: layout fingerprint " + Long.toHexString(fp)
                    + " at offset 16 does not match this configuration's " + Long.toHexString(fingerprint(s.layout))
                    + " (state of a model with other shapes)");
        }
        s.steps = steps;
    }

    /** FNV-1a over the slot names and shapes. */
    static long fingerprint(StateLayout layout) {
        long h = 0xcbf29ce484222325L;
        for (StateLayout.Slot slot : layout.slots()) {
            String key = slot.name() + Arrays.toString(slot.shape()) + ";";
            for (int i = 0; i < key.length(); i++) {
                h ^= key.charAt(i);
                h *= 0x100000001b3L;
            }
        }
        return h;
    }
}
