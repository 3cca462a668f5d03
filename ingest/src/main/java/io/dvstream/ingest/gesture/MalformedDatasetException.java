package io.dvstream.ingest.gesture;

import java.nio.file.Path;

/**
 * A dataset file that does not follow the DVS128 Gesture layout. The message names the file and
 * the 1-based line, e.g. {@code user01_natural_labels.csv line 4: class 12 is not 1..11}.
 */
public final class MalformedDatasetException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final int line;

    public MalformedDatasetException(Path file, int line, String problem) {
        this(file, line, problem, null);
    }

    public MalformedDatasetException(Path file, int line, String problem, Throwable cause) {
        super(file + (line > 0 ? " line " + line : "") + ": " + problem, cause);
        this.file = file;
        this.line = line;
    }

    public Path file() {
        return file;
    }

    /** 1-based line of the problem, 0 when it concerns the whole file. */
    public int line() {
        return line;
    }
}
