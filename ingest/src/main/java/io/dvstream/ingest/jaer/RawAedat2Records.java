package io.dvstream.ingest.jaer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The raw (address, timestamp) records of an AEDAT 2.0 file, exactly as jAER put them on disk:
 * what jAER would send over UDP while playing it back. Read straight from formats.md section 1
 * (skip {@code #} lines up to and including {@code #End Of ASCII Header}, then big-endian int32
 * pairs), deliberately without the project's AEDAT reader or address decoding, so that the
 * {@link JaerUdpSender} is an independent implementation of the wire format.
 *
 * @param addresses raw device addresses
 * @param timestamps raw int32 microsecond timestamps
 */
public record RawAedat2Records(int[] addresses, int[] timestamps) {

    public RawAedat2Records {
        if (addresses.length != timestamps.length) {
            throw new IllegalArgumentException(addresses.length + " addresses but " + timestamps.length + " timestamps");
        }
    }

    public int size() {
        return addresses.length;
    }

    /**
     * Reads the whole file (the recordings this is meant for are megabytes).
     *
     * @throws IOException if it cannot be read or does not start with {@code #!AER-DAT2.0}
     */
    public static RawAedat2Records read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String start = new String(bytes, 0, Math.min(12, bytes.length), java.nio.charset.StandardCharsets.US_ASCII);
        if (!start.equals("#!AER-DAT2.0")) {
            throw new IOException(file + ": byte 0: expected the version line #!AER-DAT2.0, found '" + start + "'");
        }
        int pos = 0;
        while (pos < bytes.length && bytes[pos] == '#') {
            int end = pos;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            String line = new String(bytes, pos, end - pos, java.nio.charset.StandardCharsets.US_ASCII).strip();
            pos = end + 1;
            if (line.equalsIgnoreCase("#End Of ASCII Header")) {
                break;
            }
        }
        int n = Math.max(0, bytes.length - pos) / 8;
        ByteBuffer body = ByteBuffer.wrap(bytes, Math.min(pos, bytes.length), n * 8); // big-endian by default
        int[] addresses = new int[n];
        int[] timestamps = new int[n];
        for (int i = 0; i < n; i++) {
            addresses[i] = body.getInt();
            timestamps[i] = body.getInt();
        }
        return new RawAedat2Records(addresses, timestamps);
    }
}
