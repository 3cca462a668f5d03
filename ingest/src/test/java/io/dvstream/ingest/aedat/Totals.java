package io.dvstream.ingest.aedat;

import io.dvstream.events.EventPacket;
import java.io.IOException;
import java.nio.file.Path;

/** Whole-file sums over a reader, for golden-number tests. */
final class Totals {
    long events;
    long on;
    long off;
    long firstTUs = -1;
    long lastTUs = -1;
    int maxX;
    int maxY;
    long packets;
    RecordingStats stats;

    static Totals of(Path file, ReaderOptions options) throws IOException {
        Totals t = new Totals();
        try (RecordingReader reader = Recordings.open(file, options)) {
            while (reader.hasNext()) {
                t.add(reader.next());
            }
            t.stats = reader.stats();
        }
        return t;
    }

    void add(EventPacket p) {
        packets++;
        for (int i = 0; i < p.size(); i++) {
            if (firstTUs < 0) {
                firstTUs = p.tUs(i);
            }
            lastTUs = p.tUs(i);
            if (p.isOn(i)) {
                on++;
            } else {
                off++;
            }
            maxX = Math.max(maxX, p.x(i));
            maxY = Math.max(maxY, p.y(i));
        }
        events += p.size();
    }
}
