package io.dvstream.ingest.aedat;

import com.github.luben.zstd.ZstdInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorInputStream;

/**
 * The IOHeader {@code compression} values (formats.md 3.2, 3.6). Each compressed packet payload is
 * exactly one frame.
 */
enum Aedat4Compression {
    NONE,
    LZ4,
    LZ4_HIGH,
    ZSTD,
    ZSTD_HIGH;

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
}
