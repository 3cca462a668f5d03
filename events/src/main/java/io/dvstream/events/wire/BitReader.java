package io.dvstream.events.wire;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Reads what {@link BitWriter} writes. Reading past the end yields zero bits instead of failing on
 * every call (that check would cost more than the decoding); the decoder asks
 * {@link #overran()} before it trusts a value and reports truncation then.
 */
final class BitReader {

    private static final VarHandle BIG_ENDIAN_LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private byte[] data;
    private int pos;
    private int end;
    private long window;  // next bits, left-aligned: bit 63 is the next bit to read
    private int valid;    // how many of the window's top bits are real (or zero padding past the end)
    private int paddingBits; // zero bits added past the end of the data

    void reset(byte[] data, int offset, int end) {
        this.data = data;
        this.pos = offset;
        this.end = end;
        this.window = 0;
        this.valid = 0;
        this.paddingBits = 0;
    }

    /** Offset of the next whole byte; only meaningful when no bits are buffered. */
    int bytePosition() {
        return pos;
    }

    int readByte() throws WireFormatException {
        if (pos >= end) {
            throw new WireFormatException(WireFormatException.Kind.TRUNCATED, pos, "record ends inside the header");
        }
        return data[pos++] & 0xFF;
    }

    long readVarLong(String field) throws WireFormatException {
        long v = 0;
        int at = pos;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = readByte();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                if (shift == 63 && b > 1) {
                    break;
                }
                return v;
            }
        }
        throw new WireFormatException(WireFormatException.Kind.CORRUPT, at, field + " is not a valid varint (longer than 64 bits)");
    }

    /** Reads a Rice code with parameter k (see {@link BitWriter#writeRice}). */
    long readRice(int k) {
        if (valid < 33) {
            refill();
        }
        int zeros = Long.numberOfLeadingZeros(window);
        if (zeros < WireCodec.RICE_ESCAPE) {
            window <<= zeros + 1;
            valid -= zeros + 1;
            if (k == 0) {
                return zeros;
            }
            if (valid < k) {
                refill();
            }
            long low = window >>> (64 - k);
            window <<= k;
            valid -= k;
            return ((long) zeros << k) | low;
        }
        skip(WireCodec.RICE_ESCAPE);
        long hi = readBits(32);
        return (hi << 32) | readBits(32);
    }

    /** Reads n bits, n in 1..32. */
    long readBits(int n) {
        if (valid < n) {
            refill();
        }
        long v = window >>> (64 - n);
        window <<= n;
        valid -= n;
        return v;
    }

    private void skip(int n) {
        if (valid < n) {
            refill();
        }
        window <<= n;
        valid -= n;
    }

    /** Tops the window up to at least 57 valid bits. */
    private void refill() {
        if (pos + 8 <= end) {
            // Take as many whole bytes as fit. The bits below `valid` that come along are the
            // following bytes at their final positions, so OR-ing them again next time is harmless.
            long word = (long) BIG_ENDIAN_LONG.get(data, pos);
            window |= word >>> valid;
            int bytes = (64 - valid) >>> 3;
            pos += bytes;
            valid += bytes << 3;
            return;
        }
        while (valid <= 56) {
            if (pos < end) {
                window |= (data[pos++] & 0xFFL) << (56 - valid);
            } else {
                paddingBits += 8;
            }
            valid += 8;
        }
    }

    /** Bits consumed from the start of the bit stream at {@code bitStart}. */
    long bitsConsumed(int bitStart) {
        return (long) (pos - bitStart) * 8 + paddingBits - valid;
    }

    /** Whether more bits were read than the record holds. */
    boolean overran() {
        return paddingBits > valid;
    }

    int end() {
        return end;
    }

}
