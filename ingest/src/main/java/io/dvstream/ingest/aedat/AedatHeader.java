package io.dvstream.ingest.aedat;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a recording's header says, independent of format.
 *
 * @param format the version found in the first line
 * @param dataOffset byte offset where the binary data (records or packets) starts
 * @param source the device: jAER's {@code AEChip} class (AEDAT 2.0), the {@code #Source} name
 *     (AEDAT 3.1), or the event stream's {@code source} (AEDAT 4.0); empty if the header has none
 * @param startTime wall-clock start of the recording when the header states it
 */
public record AedatHeader(AedatFormat format, long dataOffset, String source, Optional<Instant> startTime) {

    public AedatHeader {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(startTime, "startTime");
        if (dataOffset < 0) {
            throw new IllegalArgumentException("dataOffset must be >= 0, was " + dataOffset);
        }
    }
}
