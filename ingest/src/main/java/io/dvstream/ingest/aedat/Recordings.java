package io.dvstream.ingest.aedat;

import java.io.IOException;
import java.nio.file.Path;

/** The one entry point for recording files: sniffs the version line and opens the matching reader. */
public final class Recordings {

    private Recordings() {
    }

    /**
     * Opens a recording of any supported AEDAT version (2.0, 3.1, 4.0), decided by its first line.
     *
     * @throws MalformedRecordingException if the file is of no supported format or its header is broken
     * @throws IOException if the file cannot be read
     */
    public static RecordingReader open(Path file, ReaderOptions options) throws IOException {
        return switch (AedatFormat.sniff(file)) {
            case AEDAT_2_0 -> Aedat2Reader.open(file, options);
            case AEDAT_3_1 -> Aedat31Reader.open(file, options);
            case AEDAT_4_0 -> Aedat4Reader.open(file, options);
        };
    }

    /** {@link #open(Path, ReaderOptions)} with {@link ReaderOptions#DEFAULTS}. */
    public static RecordingReader open(Path file) throws IOException {
        return open(file, ReaderOptions.DEFAULTS);
    }
}
