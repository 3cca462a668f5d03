package io.dvstream.ingest.aedat;

import io.dvstream.ingest.EventReader;

/** An {@link EventReader} over a recording file, with its header and its skip/adjust counters. */
public interface RecordingReader extends EventReader {

    AedatHeader header();

    /** A snapshot of the counters so far; complete once {@code hasNext()} answered false. */
    RecordingStats stats();
}
