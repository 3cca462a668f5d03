package io.dvstream.ingest.service;

import io.dvstream.events.EventPacket;
import io.dvstream.events.sensor.SensorGeometry;
import io.dvstream.ingest.aedat.ReaderOptions;
import io.dvstream.ingest.aedat.RecordingReader;
import io.dvstream.ingest.aedat.Recordings;
import io.dvstream.ingest.live.LiveSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A recording played as a camera, as fast as it can be read (for paced playback use
 * {@code dvstream replay}); {@link #run} returns at the end of the file.
 */
final class RecordingSource implements LiveSource {

    private final Path file;
    private final RecordingReader reader;
    private final AtomicLong events = new AtomicLong();
    private volatile boolean closed;

    RecordingSource(Path file, String cameraId) throws IOException {
        this.file = file;
        this.reader = Recordings.open(file, ReaderOptions.DEFAULTS.withCameraId(cameraId));
    }

    @Override
    public SensorGeometry sensor() {
        return reader.sensor();
    }

    @Override
    public String description() {
        return "recording " + file;
    }

    @Override
    public void run(Consumer<EventPacket> sink) {
        try {
            while (!closed && reader.hasNext()) {
                EventPacket p = reader.next();
                events.addAndGet(p.size());
                sink.accept(p);
            }
        } finally {
            reader.close();
        }
    }

    @Override
    public Map<String, Long> counters() {
        return Map.of("source_events_total", events.get());
    }

    @Override
    public void close() {
        closed = true;
    }
}
