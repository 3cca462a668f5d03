package io.dvstream.events.wire;

import java.util.Arrays;

/**
 * Appends bytes, LEB128 varints and an MSB-first bit stream to a growable byte array. The array is
 * reused across packets ({@link #reset()}), so encoding allocates only when a packet is larger
 * than any before it.
 */
final class BitWriter {

    private byte[] buf = new byte[256];
    private int pos;
    private long acc;   // pending bits, right-aligned
    private int accBits;

    void reset() {
        pos = 0;
        acc = 0;
        accBits = 0;
    }

    int size() {
        return pos;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }

    void writeByte(int b) {
        ensure(1);
        buf[pos++] = (byte) b;
    }

    void writeVarLong(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[pos++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[pos++] = (byte) v;
    }

    /** Writes the low {@code n} bits of {@code value}, most significant first; n in 0..32. */
    void writeBits(long value, int n) {
        acc = (acc << n) | (value & ((1L << n) - 1));
        accBits += n;
        if (accBits >= 32) {
            // Up to 31 bits were pending before these n <= 32, so up to 7 whole bytes go out here.
            ensure(accBits >>> 3);
            while (accBits >= 8) {
                accBits -= 8;
                buf[pos++] = (byte) (acc >>> accBits);
            }
        }
    }

    /**
     * Rice code of {@code v >= 0} with parameter {@code k} (0..31): the quotient {@code v >>> k} in
     * unary (that many 0 bits, then a 1), then the k low bits. A quotient of 32 or more is written
     * as an escape: 32 zero bits, then v in 64 bits.
     */
    void writeRice(long v, int k) {
        long q = v >>> k;
        if (q < WireCodec.RICE_ESCAPE) {
            writeBits(1, (int) q + 1);
            writeBits(v, k);
        } else {
            writeBits(0, WireCodec.RICE_ESCAPE);
            writeBits(v >>> 32, 32);
            writeBits(v, 32);
        }
    }

    /** Pads the bit stream with zero bits to a whole byte and writes it out. */
    void flushBits() {
        if (accBits > 0) {
            writeBits(0, (8 - accBits % 8) % 8);
            ensure(8);
            while (accBits >= 8) {
                accBits -= 8;
                buf[pos++] = (byte) (acc >>> accBits);
            }
        }
        acc = 0;
    }

    private void ensure(int more) {
        if (pos + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(pos + more, buf.length * 2));
        }
    }
}
