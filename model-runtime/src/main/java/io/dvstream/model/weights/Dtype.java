package io.dvstream.model.weights;

/**
 * Safetensors element types, spelled as in the header's {@code dtype} field. All are little-endian.
 * The DS2TA contract stores only {@link #F32}; the others are recognised so that a file using them
 * is reported as "wrong dtype" rather than "not safetensors".
 */
public enum Dtype {
    BOOL(1), U8(1), I8(1), F8_E5M2(1), F8_E4M3(1), I16(2), U16(2), F16(2), BF16(2),
    I32(4), U32(4), F32(4), F64(8), I64(8), U64(8);

    private final int bytes;

    Dtype(int bytes) {
        this.bytes = bytes;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }

    /** The dtype spelled {@code name}, or null when safetensors has no such dtype. */
    static Dtype parse(String name) {
        for (Dtype d : values()) {
            if (d.name().equals(name)) {
                return d;
            }
        }
        return null;
    }
}
