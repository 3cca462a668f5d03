package io.dvstream.ingest.aedat;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file written through one reused buffer, the counterpart of {@link ChannelInput}: writers put
 * records straight into {@link #buffer()} after {@link #ensure}, so writing allocates nothing per
 * event. Tracks the absolute offset of the next byte, and can overwrite bytes already written
 * (AEDAT 4.0 patches its header at the end).
 */
final class ChannelOutput implements Closeable {

    private final FileChannel channel;
    private final ByteBuffer buffer;
    /** Bytes already handed to the channel. */
    private long flushed;

    ChannelOutput(Path file, int bufferBytes, ByteOrder order) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        this.buffer = ByteBuffer.allocate(bufferBytes).order(order);
    }

    /** The buffer; put at most the bytes {@link #ensure} made room for. */
    ByteBuffer buffer() {
        return buffer;
    }

    /** File offset of the next byte written. */
    long position() {
        return flushed + buffer.position();
    }

    /** Makes room for {@code n} bytes in the buffer. */
    void ensure(int n) throws IOException {
        if (buffer.remaining() < n) {
            if (n > buffer.capacity()) {
                throw new IllegalArgumentException("cannot buffer " + n + " bytes in a " + buffer.capacity() + "-byte buffer");
            }
            flush();
        }
    }

    void write(byte[] bytes) throws IOException {
        write(bytes, 0, bytes.length);
    }

    /** Copies bytes; blocks larger than the buffer go to the channel directly. */
    void write(byte[] bytes, int offset, int length) throws IOException {
        if (length <= buffer.remaining()) {
            buffer.put(bytes, offset, length);
            return;
        }
        flush();
        if (length <= buffer.capacity()) {
            buffer.put(bytes, offset, length);
            return;
        }
        ByteBuffer src = ByteBuffer.wrap(bytes, offset, length);
        while (src.hasRemaining()) {
            flushed += channel.write(src);
        }
    }

    /** Overwrites bytes at an earlier offset; the write position is unchanged. */
    void patch(long offset, ByteBuffer bytes) throws IOException {
        if (offset < 0 || offset + bytes.remaining() > position()) {
            throw new IllegalArgumentException("patch at " + offset + " of " + bytes.remaining()
                    + " bytes is outside the " + position() + " bytes written");
        }
        flush();
        long at = offset;
        while (bytes.hasRemaining()) {
            at += channel.write(bytes, at);
        }
    }

    void flush() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            flushed += channel.write(buffer);
        }
        buffer.clear();
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            channel.close();
        }
    }
}
