package io.dvstream.ingest.aedat;

import java.nio.file.Path;

/**
 * A recording whose bytes do not follow its format (or that this reader cannot decode). The message
 * always names the file, the byte offset where the problem is, and what was wrong there, e.g.
 * {@code rec.aedat4 at byte 80228: packet of stream 2 declares 483 bytes but only 17 remain}.
 *
 * <p>Unchecked because readers are {@link java.util.Iterator}s; it is thrown only once every event
 * before the fault was delivered.
 */
public final class MalformedRecordingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long offset;

    public MalformedRecordingException(Path file, long offset, String problem) {
        this(file, offset, problem, null);
    }

    public MalformedRecordingException(Path file, long offset, String problem, Throwable cause) {
        super(file + " at byte " + offset + ": " + problem, cause);
        this.file = file;
        this.offset = offset;
    }

    public Path file() {
        return file;
    }

    /** Byte offset in the file where the faulty structure starts. */
    public long offset() {
        return offset;
    }
}
