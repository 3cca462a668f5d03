package io.dvstream.ingest.aedat;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file read through one reused buffer, so readers stream any file size in constant memory and the
 * per-record path is plain {@link ByteBuffer} gets (no allocation, no copying). Tracks the absolute
 * file offset of the next byte, which every error message needs.
 */
final class ChannelInput implements Closeable {

    private final FileChannel channel;
    private final ByteBuffer buffer;
    private final long size;
    /** File offset of buffer index 0. */
    private long bufferStart;

    ChannelInput(Path file, int bufferBytes, ByteOrder order) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            this.size = channel.size();
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        this.buffer = ByteBuffer.allocate(bufferBytes).order(order);
        buffer.limit(0);
    }

    /** The buffer; bytes between position and limit are the file from {@link #offset()} on. */
    ByteBuffer buffer() {
        return buffer;
    }

    /** File offset of the next unread byte. */
    /** File offset of a position in {@link #buffer()}. */
    long offsetAt(int bufferPosition) {
        return bufferStart + bufferPosition;
    }

    long offset() {
        return bufferStart + buffer.position();
    }

    long size() {
        return size;
    }

    /** Bytes between the next unread byte and the end of the file. */
    long remainingInFile() {
        return size - offset();
    }

    /**
     * Makes at least {@code n} bytes readable in the buffer unless the file ends first.
     *
     * @return false at end of file with fewer than {@code n} bytes left (those stay readable)
     */
    boolean ensure(int n) throws IOException {
        if (buffer.remaining() >= n) {
            return true;
        }
        if (n > buffer.capacity()) {
            throw new IllegalArgumentException("cannot buffer " + n + " bytes in a " + buffer.capacity() + "-byte buffer");
        }
        bufferStart += buffer.position();
        buffer.compact();
        while (buffer.position() < n) {
            if (channel.read(buffer, bufferStart + buffer.position()) < 0) {
                break;
            }
        }
        buffer.flip();
        return buffer.remaining() >= n;
    }

    /** Moves to an absolute file offset, dropping what is buffered. */
    void seek(long offset) {
        bufferStart = offset;
        buffer.clear().limit(0);
    }

    /** Skips {@code n} bytes without reading them when they are not buffered yet. */
    void skip(long n) {
        if (n <= buffer.remaining()) {
            buffer.position(buffer.position() + (int) n);
        } else {
            seek(offset() + n);
        }
    }

    /** Copies the next {@code length} bytes into {@code dst}; large reads bypass the buffer. */
    void readFully(byte[] dst, int dstOffset, int length) throws IOException {
        int fromBuffer = Math.min(length, buffer.remaining());
        buffer.get(dst, dstOffset, fromBuffer);
        int done = fromBuffer;
        if (done == length) {
            return;
        }
        long at = offset();
        ByteBuffer target = ByteBuffer.wrap(dst, dstOffset + done, length - done);
        while (target.hasRemaining()) {
            int n = channel.read(target, at + (target.position() - dstOffset - done));
            if (n < 0) {
                throw new EOFException("file ends " + target.remaining() + " bytes early");
            }
        }
        seek(at + length - done);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
