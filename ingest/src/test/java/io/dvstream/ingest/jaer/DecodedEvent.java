package io.dvstream.ingest.jaer;

import io.dvstream.events.EventPacket;
import io.dvstream.ingest.aedat.ReaderOptions;
import io.dvstream.ingest.aedat.RecordingReader;
import io.dvstream.ingest.aedat.Recordings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One decoded event, for comparing event streams in tests (AssertJ prints lists of them readably). */
public record DecodedEvent(long t, int x, int y, boolean on) {

    /** The recording's events as the project's file reader decodes them. */
    public static List<DecodedEvent> fromFile(Path file) throws IOException {
        List<DecodedEvent> out = new ArrayList<>();
        try (RecordingReader reader = Recordings.open(file, ReaderOptions.DEFAULTS)) {
            reader.forEachRemaining(p -> addAll(out, p));
        }
        return out;
    }

    /** The events of the packets, in order. */
    public static List<DecodedEvent> of(List<EventPacket> packets) {
        List<DecodedEvent> out = new ArrayList<>();
        packets.forEach(p -> addAll(out, p));
        return out;
    }

    private static void addAll(List<DecodedEvent> out, EventPacket p) {
        for (int i = 0; i < p.size(); i++) {
            out.add(new DecodedEvent(p.tUs(i), p.x(i), p.y(i), p.isOn(i)));
        }
    }
}
