package io.dvstream.ingest.aedat;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4FrameOutputStream;
import net.jpountz.xxhash.XXHashFactory;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorInputStream;

/**
 * The IOHeader {@code compression} values (formats.md 3.2, 3.6). Each compressed packet payload is
 * exactly one frame. Codes are the declaration order: 0 NONE, 1 LZ4, 2 LZ4_HIGH, 3 ZSTD, 4 ZSTD_HIGH.
 */
public enum Aedat4Compression {
    NONE,
    LZ4,
    LZ4_HIGH,
    ZSTD,
    ZSTD_HIGH;

    /** zstd level of {@link #ZSTD}: the library default, fast. */
    private static final int ZSTD_LEVEL = 3;
    /** zstd level of {@link #ZSTD_HIGH}: much smaller files at a fraction of the speed. */
    private static final int ZSTD_HIGH_LEVEL = 19;

    /** The code stored in the IOHeader. */
    public int code() {
        return ordinal();
    }

    /** The enum value for an IOHeader code; codes are the declaration order (0 NONE ... 4 ZSTD_HIGH). */
    static Aedat4Compression fromCode(int code) {
        Aedat4Compression[] all = values();
        if (code < 0 || code >= all.length) {
            throw new IllegalArgumentException("unknown compression code " + code + " (known: 0..4)");
        }
        return all[code];
    }

    /**
     * Wraps a payload in a streaming decompressor. The reader decodes LZ4 with
     * {@link Lz4FrameDecoder} instead (much faster); the Commons Compress path is kept for ZSTD's
     * symmetry and as the reference the decoder's tests compare against.
     */
    InputStream decompressing(InputStream payload) throws IOException {
        return switch (this) {
            case NONE -> payload;
            case LZ4, LZ4_HIGH -> new FramedLZ4CompressorInputStream(payload);
            case ZSTD, ZSTD_HIGH -> new ZstdInputStream(payload);
        };
    }

    /**
     * One payload as it is stored in a packet: unchanged for NONE, else exactly one frame. LZ4 frames
     * are written by lz4-java with independent 64 KiB blocks and a content checksum (what jAER
     * writes); every LZ4 frame reader, DV's and Commons Compress's included, accepts them.
     */
    byte[] compress(byte[] payload, int length) {
        return switch (this) {
            case NONE -> Arrays.copyOf(payload, length);
            case LZ4, LZ4_HIGH -> lz4Frame(payload, length);
            case ZSTD -> zstdFrame(payload, length, ZSTD_LEVEL);
            case ZSTD_HIGH -> zstdFrame(payload, length, ZSTD_HIGH_LEVEL);
        };
    }

    private static byte[] zstdFrame(byte[] payload, int length, int level) {
        byte[] frame = new byte[(int) Zstd.compressBound(length)];
        long n = Zstd.compressByteArray(frame, 0, frame.length, payload, 0, length, level);
        if (Zstd.isError(n)) {
            throw new IllegalStateException("zstd failed on " + length + " bytes: " + Zstd.getErrorName(n));
        }
        return Arrays.copyOf(frame, (int) n);
    }

    private byte[] lz4Frame(byte[] payload, int length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(length / 2 + 64);
        LZ4Factory lz4 = LZ4Factory.fastestInstance();
        try (LZ4FrameOutputStream z = new LZ4FrameOutputStream(out, LZ4FrameOutputStream.BLOCKSIZE.SIZE_64KB, length,
                this == LZ4_HIGH ? lz4.highCompressor() : lz4.fastCompressor(),
                XXHashFactory.fastestInstance().hash32(), LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE,
                LZ4FrameOutputStream.FLG.Bits.CONTENT_CHECKSUM, LZ4FrameOutputStream.FLG.Bits.CONTENT_SIZE)) {
            z.write(payload, 0, length);
        } catch (IOException e) {
            throw new UncheckedIOException("LZ4 into memory cannot fail", e);
        }
        return out.toByteArray();
    }
}
