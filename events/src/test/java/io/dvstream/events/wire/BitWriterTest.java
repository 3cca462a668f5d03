package io.dvstream.events.wire;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BitWriterTest {

    /**
     * Regression: writeBits made room for 4 bytes but can flush 7 (31 pending bits plus 32 new
     * ones), so a write landing 4 to 6 bytes before the end of the scratch array threw
     * ArrayIndexOutOfBoundsException instead of growing it.
     */
    @Test
    void shouldGrowWhenAWideWriteFlushesMoreThanFourBytesAtTheEndOfTheBuffer() {
        BitWriter w = new BitWriter();
        for (int i = 0; i < 63; i++) {
            w.writeBits(0xFFFF_FFFFL, 32);
        }
        assertThat(w.size()).isEqualTo(252); // 4 bytes before the end of the initial 256-byte array
        w.writeBits(0, 31);
        w.writeBits(1, 32);
        w.flushBits();

        byte[] bytes = w.toByteArray();
        assertThat(bytes).hasSize(252 + 8);
        // 31 zero bits, then 31 zero bits and a one, then 1 bit of padding
        assertThat(bytes[252 + 7]).isEqualTo((byte) 0b0000_0010);
        for (int i = 252; i < 252 + 7; i++) {
            assertThat(bytes[i]).as("byte %d", i).isZero();
        }
    }

    @Test
    void shouldWriteEveryWidthAtEveryAlignment() {
        for (int pending = 0; pending < 32; pending++) {
            for (int n = 0; n <= 32; n++) {
                BitWriter w = new BitWriter();
                BitReader r = new BitReader();
                // fill up to a few bytes before the end of the array, so growth happens mid-write
                for (int i = 0; i < 63; i++) {
                    w.writeBits(i, 32);
                }
                w.writeBits(0x5555_5555L, pending);
                long value = 0xDEAD_BEEFL & ((1L << n) - 1);
                w.writeBits(value, n);
                w.writeBits(1, 1);
                w.flushBits();
                byte[] bytes = w.toByteArray();
                r.reset(bytes, 0, bytes.length);
                for (int i = 0; i < 63; i++) {
                    assertThat(r.readBits(32)).isEqualTo(i);
                }
                if (pending > 0) {
                    assertThat(r.readBits(pending)).isEqualTo(0x5555_5555L & ((1L << pending) - 1));
                }
                if (n > 0) {
                    assertThat(r.readBits(n)).as("%d bits after %d pending", n, pending).isEqualTo(value);
                }
                assertThat(r.readBits(1)).isEqualTo(1);
                assertThat(r.overran()).isFalse();
            }
        }
    }
}
