package io.dvstream.ingest.aedat;

import java.time.Instant;
import java.util.Objects;

/**
 * Options of the recording writers. Start from {@link #DEFAULTS} and change what you need:
 * {@code WriterOptions.DEFAULTS.withCompression(Aedat4Compression.ZSTD)}.
 *
 * @param compression AEDAT 4.0 only: codec of every packet payload and of the FileDataTable
 * @param eventsPerPacket AEDAT 3.1 and 4.0: most events per file packet (packets are also cut where
 *     the AEDAT 3.1 timestamp overflow changes); the writer's memory is one such packet
 * @param startTime wall-clock start written into the header (AEDAT 2.0 {@code DataStartTime},
 *     AEDAT 3.1 {@code #Start-Time}); {@code null} means the time the file is created
 */
public record WriterOptions(Aedat4Compression compression, int eventsPerPacket, Instant startTime) {

    /** Like DV's default packet size: large enough to compress well, small enough to seek by. */
    public static final int DEFAULT_EVENTS_PER_PACKET = 8_192;

    /** LZ4 (what DV records with), 8,192 events per packet, start time now. */
    public static final WriterOptions DEFAULTS =
            new WriterOptions(Aedat4Compression.LZ4, DEFAULT_EVENTS_PER_PACKET, null);

    public WriterOptions {
        Objects.requireNonNull(compression, "compression");
        if (eventsPerPacket < 1) {
            throw new IllegalArgumentException("eventsPerPacket must be >= 1, was " + eventsPerPacket);
        }
    }

    public WriterOptions withCompression(Aedat4Compression compression) {
        return new WriterOptions(compression, eventsPerPacket, startTime);
    }

    public WriterOptions withEventsPerPacket(int eventsPerPacket) {
        return new WriterOptions(compression, eventsPerPacket, startTime);
    }

    public WriterOptions withStartTime(Instant startTime) {
        return new WriterOptions(compression, eventsPerPacket, startTime);
    }

    Instant startTimeOrNow() {
        return startTime != null ? startTime : Instant.now();
    }
}
