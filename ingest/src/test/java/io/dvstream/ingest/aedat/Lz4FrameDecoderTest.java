package io.dvstream.ingest.aedat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Random;
import net.jpountz.lz4.LZ4FrameOutputStream;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Lz4FrameDecoderTest {

    /**
     * A random stretch that recurs with sparse changes: matches are long and, past 64 KiB, reach
     * back into the previous block. (Short periodic patterns make commons-compress's compressor
     * crawl: tens of seconds per 64 KiB.)
     */
    private static byte[] sample(int size, long seed) {
        Random rnd = new Random(seed);
        byte[] data = new byte[size];
        int period = 20_011;
        for (int i = 0; i < size; i++) {
            data[i] = i < period || rnd.nextInt(500) == 0 ? (byte) rnd.nextInt(256) : data[i - period];
        }
        return data;
    }

    /** lz4-java writes independent blocks only (it refuses to write dependent ones). */
    private static byte[] lz4Java(byte[] data, LZ4FrameOutputStream.FLG.Bits... extra) throws IOException {
        LZ4FrameOutputStream.FLG.Bits[] bits = Arrays.copyOf(extra, extra.length + 1);
        bits[extra.length] = LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream z = new LZ4FrameOutputStream(out, LZ4FrameOutputStream.BLOCKSIZE.SIZE_64KB, bits)) {
            z.write(data);
        }
        return out.toByteArray();
    }

    /** Dependent blocks, as DV writes them (block independence flag clear). */
    private static byte[] dependentBlocks(byte[] data, boolean blockChecksums) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FramedLZ4CompressorOutputStream.Parameters params = new FramedLZ4CompressorOutputStream.Parameters(
                FramedLZ4CompressorOutputStream.BlockSize.K64, true, blockChecksums, true);
        try (OutputStream z = new FramedLZ4CompressorOutputStream(out, params)) {
            z.write(data);
        }
        return out.toByteArray();
    }

    private static byte[] decode(byte[] frame) throws IOException {
        Lz4FrameDecoder decoder = new Lz4FrameDecoder(64 << 20);
        int n = decoder.decode(frame, 0, frame.length);
        return Arrays.copyOf(decoder.output(), n);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 100, 65_536, 300_000})
    void shouldDecodeIndependentBlocksAsLz4JavaWritesThem(int size) throws IOException {
        byte[] data = sample(size, size);
        assertThat(decode(lz4Java(data))).isEqualTo(data);
        assertThat(decode(lz4Java(data, LZ4FrameOutputStream.FLG.Bits.CONTENT_CHECKSUM,
                LZ4FrameOutputStream.FLG.Bits.BLOCK_CHECKSUM)))
                .isEqualTo(data);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 65_535, 65_537, 200_000})
    void shouldDecodeDependentBlocksThatReachIntoEarlierBlocks(int size) throws IOException {
        byte[] data = sample(size, 7);
        assertThat(decode(dependentBlocks(data, false))).isEqualTo(data);
        assertThat(decode(dependentBlocks(data, true))).isEqualTo(data);
    }

    /** Matches that overlap their own output (offset shorter than the match): runs of period 1 to 17. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 8, 16, 17})
    void shouldRepeatShortPeriodsOfOverlappingMatches(int period) throws IOException {
        Random rnd = new Random(period);
        byte[] data = new byte[150_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = i < period || rnd.nextInt(3_000) == 0 ? (byte) rnd.nextInt(256) : data[i - period];
        }
        assertThat(decode(lz4Java(data))).isEqualTo(data);
        assertThat(decode(dependentBlocks(data, false))).isEqualTo(data);
    }

    @Test
    void shouldReuseItsOutputAcrossFrames() throws IOException {
        Lz4FrameDecoder decoder = new Lz4FrameDecoder(64 << 20);
        byte[] big = sample(150_000, 1);
        byte[] small = sample(1_000, 2);
        byte[] frame = dependentBlocks(big, false);
        decoder.decode(frame, 0, frame.length);
        byte[] framed = new byte[10 + lz4Java(small).length];
        byte[] smallFrame = lz4Java(small);
        System.arraycopy(smallFrame, 0, framed, 10, smallFrame.length);
        int n = decoder.decode(framed, 10, smallFrame.length);
        assertThat(Arrays.copyOf(decoder.output(), n)).isEqualTo(small);
    }

    @Test
    void shouldRejectBrokenFramesNamingTheByte() throws IOException {
        byte[] frame = dependentBlocks(sample(100_000, 3), true);
        byte[] badMagic = frame.clone();
        badMagic[0] ^= 1;
        assertThatThrownBy(() -> decode(badMagic)).isInstanceOf(IOException.class).hasMessageContaining("not an LZ4 frame");

        byte[] badHeader = frame.clone();
        badHeader[5] ^= 0x40; // block size code
        assertThatThrownBy(() -> decode(badHeader)).isInstanceOf(IOException.class).hasMessageContaining("byte 5 of the frame");

        byte[] flipped = frame.clone();
        flipped[frame.length / 2] ^= 0x10;
        assertThatThrownBy(() -> decode(flipped)).isInstanceOf(IOException.class).hasMessageContaining("checksum mismatch");

        for (int cut : new int[] {3, 7, 12, frame.length / 3, frame.length - 1}) {
            byte[] truncated = Arrays.copyOf(frame, cut);
            assertThatThrownBy(() -> decode(truncated)).as("cut at %d", cut).isInstanceOf(IOException.class)
                    .hasMessageContaining("ends inside");
        }
        byte[] trailing = Arrays.copyOf(frame, frame.length + 3);
        assertThatThrownBy(() -> decode(trailing)).hasMessageContaining("3 bytes after the end of the LZ4 frame");
    }

    @Test
    void shouldRefuseOutputBeyondItsLimit() throws IOException {
        byte[] frame = lz4Java(new byte[2_000_000]);
        Lz4FrameDecoder decoder = new Lz4FrameDecoder(1 << 20);
        assertThatThrownBy(() -> decoder.decode(frame, 0, frame.length)).isInstanceOf(IOException.class)
                .hasMessageContaining("more than 1048576 bytes");
    }

    @Test
    void shouldNeverThrowAnythingButIOExceptionOnRandomCorruption() throws IOException {
        Random rnd = new Random(99);
        byte[] data = sample(50_000, 5);
        byte[] frame = dependentBlocks(data, false); // no checksums: corruption reaches the block decoder
        Lz4FrameDecoder decoder = new Lz4FrameDecoder(4 << 20);
        for (int i = 0; i < 3_000; i++) {
            byte[] bad = frame.clone();
            bad[7 + rnd.nextInt(bad.length - 7)] = (byte) rnd.nextInt(256);
            try {
                decoder.decode(bad, 0, bad.length);
            } catch (IOException expected) {
                assertThat(expected.getMessage()).contains("of the frame");
            }
        }
    }
}
