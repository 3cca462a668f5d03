package io.dvstream.ingest.aedat;

import java.io.IOException;
import java.util.Arrays;
import net.jpountz.xxhash.XXHash32;
import net.jpountz.xxhash.XXHashFactory;

/**
 * Decodes one LZ4 frame (the LZ4 frame format, v1.6) held in memory, into a reused output buffer.
 *
 * <p>Why our own: DV writes AEDAT 4.0 packets as LZ4 frames with <em>dependent</em> blocks (a
 * block may copy from the 64 KiB before it). lz4-java's frame reader refuses those, and Commons
 * Compress's reads them through a stream at a few MB/s. Decoding the whole frame into one
 * contiguous buffer makes dependent and independent blocks the same case: a match may reach back
 * into earlier blocks' output, which is right there. The block format is small (a token, literal
 * run, 2-byte offset, match run); header, block and content checksums are verified (xxHash32).
 *
 * <p>Not thread-safe; one per reader.
 */
final class Lz4FrameDecoder {

    static final int MAGIC = 0x184D2204;
    private static final XXHash32 XXH32 = XXHashFactory.fastestInstance().hash32();

    private final int maxOutputBytes;
    private byte[] out = new byte[256 * 1024];

    Lz4FrameDecoder(int maxOutputBytes) {
        this.maxOutputBytes = maxOutputBytes;
    }

    /** The decoded bytes: {@code output()[0, length)} after {@link #decode}. */
    byte[] output() {
        return out;
    }

    /**
     * Decodes the frame in {@code src[off, off + len)}.
     *
     * @return the number of decoded bytes, in {@link #output()}
     * @throws IOException naming the byte (relative to {@code off}) where the frame is broken
     */
    int decode(byte[] src, int off, int len) throws IOException {
        int end = off + len;
        int p = off;
        need(p, 7, end, off, "frame header");
        if (intLE(src, p) != MAGIC) {
            throw broken(off, p, String.format("not an LZ4 frame: magic 0x%08X, expected 0x%08X", intLE(src, p), MAGIC));
        }
        p += 4;
        int descriptorStart = p;
        int flg = src[p++] & 0xFF;
        int bd = src[p++] & 0xFF;
        if ((flg >>> 6) != 1) {
            throw broken(off, descriptorStart, "unsupported LZ4 frame version " + (flg >>> 6));
        }
        boolean blockChecksums = (flg & 0x10) != 0;
        boolean contentSize = (flg & 0x08) != 0;
        boolean contentChecksum = (flg & 0x04) != 0;
        boolean dictionaryId = (flg & 0x01) != 0;
        int blockMaxCode = (bd >>> 4) & 0x07;
        if (blockMaxCode < 4) {
            throw broken(off, descriptorStart + 1, "invalid LZ4 block size code " + blockMaxCode);
        }
        int blockMax = 1 << (8 + 2 * blockMaxCode);
        if (contentSize) {
            need(p, 8, end, off, "content size");
            p += 8;
        }
        if (dictionaryId) {
            throw broken(off, descriptorStart, "LZ4 frames with a dictionary id are not supported");
        }
        need(p, 1, end, off, "header checksum");
        int expected = (XXH32.hash(src, descriptorStart, p - descriptorStart, 0) >>> 8) & 0xFF;
        if ((src[p] & 0xFF) != expected) {
            throw broken(off, p, "LZ4 frame header checksum mismatch");
        }
        p++;

        int length = 0;
        while (true) {
            need(p, 4, end, off, "block size");
            int word = intLE(src, p);
            int blockStart = p;
            p += 4;
            if (word == 0) {
                break; // end mark
            }
            boolean stored = word < 0;
            int size = word & 0x7FFF_FFFF;
            if (size > blockMax) {
                throw broken(off, blockStart, "LZ4 block of " + size + " bytes exceeds the frame's maximum of " + blockMax);
            }
            need(p, size + (blockChecksums ? 4 : 0), end, off, "block data");
            if (blockChecksums && XXH32.hash(src, p, size, 0) != intLE(src, p + size)) {
                throw broken(off, blockStart, "LZ4 block checksum mismatch");
            }
            if (stored) {
                ensure(length + size, off, blockStart);
                System.arraycopy(src, p, out, length, size);
                length += size;
            } else {
                length = decodeBlock(src, p, p + size, length, off, blockMax);
            }
            p += size + (blockChecksums ? 4 : 0);
        }
        if (contentChecksum) {
            need(p, 4, end, off, "content checksum");
            if (XXH32.hash(out, 0, length, 0) != intLE(src, p)) {
                throw broken(off, p, "LZ4 content checksum mismatch");
            }
            p += 4;
        }
        if (p != end) {
            throw broken(off, p, (end - p) + " bytes after the end of the LZ4 frame");
        }
        return length;
    }

    /** One LZ4 block appended to {@code out} at {@code dp}; returns the new output length. */
    private int decodeBlock(byte[] src, int sp, int send, int dp, int off, int blockMax) throws IOException {
        ensure((int) Math.min((long) dp + blockMax, maxOutputBytes), off, sp);
        byte[] dst = out;
        int blockEnd = (int) Math.min((long) dp + blockMax, dst.length);
        while (true) {
            if (sp >= send) {
                throw broken(off, sp, "LZ4 block ends inside a sequence");
            }
            int token = src[sp++] & 0xFF;
            int literals = token >>> 4;
            if (literals == 15) {
                int b;
                do {
                    if (sp >= send) {
                        throw broken(off, sp, "LZ4 block ends inside a literal length");
                    }
                    b = src[sp++] & 0xFF;
                    literals += b;
                } while (b == 255);
            }
            if (literals > send - sp || literals > blockEnd - dp) {
                throw pastBlock(off, sp, "literal run", literals, dp);
            }
            System.arraycopy(src, sp, dst, dp, literals);
            sp += literals;
            dp += literals;
            if (sp == send) {
                return dp; // the last sequence of a block has literals only
            }
            if (send - sp < 2) {
                throw broken(off, sp, "LZ4 block ends inside a match offset");
            }
            int offset = (src[sp] & 0xFF) | (src[sp + 1] & 0xFF) << 8;
            sp += 2;
            if (offset == 0 || offset > dp) {
                throw broken(off, sp - 2, "LZ4 match offset " + offset + " points before the start of the frame's output");
            }
            int match = token & 0x0F;
            if (match == 15) {
                int b;
                do {
                    if (sp >= send) {
                        throw broken(off, sp, "LZ4 block ends inside a match length");
                    }
                    b = src[sp++] & 0xFF;
                    match += b;
                } while (b == 255);
            }
            match += 4;
            if (match > blockEnd - dp) {
                throw pastBlock(off, sp, "match", match, dp);
            }
            int from = dp - offset;
            if (offset >= match) {
                System.arraycopy(dst, from, dst, dp, match);
                dp += match;
            } else {
                // An overlapping match repeats the last `offset` bytes. dst[from, dp) always holds a whole
                // number of periods, so copying all of it doubles the run: log2(match / offset) copies
                // instead of one byte at a time (event records repeat with short periods).
                int left = match;
                while (left > 0) {
                    int n = Math.min(dp - from, left);
                    System.arraycopy(dst, from, dst, dp, n);
                    dp += n;
                    left -= n;
                }
            }
        }
    }

    private IOException pastBlock(int off, int at, String what, int length, int dp) {
        if ((long) dp + length > maxOutputBytes) {
            return new IOException("LZ4 frame decompresses to more than " + maxOutputBytes + " bytes (at byte " + (at - off) + ")");
        }
        return broken(off, at, "LZ4 " + what + " of " + length + " bytes runs past the block");
    }

    private void ensure(int capacity, int off, int at) throws IOException {
        if (capacity > out.length) {
            if (capacity > maxOutputBytes) {
                throw new IOException("LZ4 frame decompresses to more than " + maxOutputBytes + " bytes (at byte " + (at - off) + ")");
            }
            out = Arrays.copyOf(out, Math.min(maxOutputBytes, Math.max(capacity, out.length * 2)));
        }
    }

    private static void need(int p, int n, int end, int off, String what) throws IOException {
        if (n > end - p) {
            throw broken(off, p, "LZ4 frame ends inside the " + what);
        }
    }

    private static IOException broken(int off, int at, String message) {
        return new IOException(message + " (byte " + (at - off) + " of the frame)");
    }

    private static int intLE(byte[] b, int p) {
        return (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8 | (b[p + 2] & 0xFF) << 16 | (b[p + 3] & 0xFF) << 24;
    }
}
