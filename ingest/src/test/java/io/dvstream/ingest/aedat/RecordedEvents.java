package io.dvstream.ingest.aedat;

import io.dvstream.events.EventPacket;
import io.dvstream.events.sensor.SensorGeometry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/** Every event of a recording as columns, for exact comparisons (time, x, y, polarity). */
record RecordedEvents(SensorGeometry sensor, long[] tUs, short[] x, short[] y, byte[] polarity) {

    static RecordedEvents read(Path file) throws IOException {
        try (RecordingReader reader = Recordings.open(file)) {
            EventPacket all = new EventPacket("all", reader.sensor());
            while (reader.hasNext()) {
                EventPacket p = reader.next();
                for (int i = 0; i < p.size(); i++) {
                    all.append(p.tUs(i), p.x(i), p.y(i), p.isOn(i));
                }
            }
            return of(all);
        }
    }

    static RecordedEvents of(EventPacket p) {
        int n = p.size();
        return new RecordedEvents(p.sensor(), Arrays.copyOf(p.tUsArray(), n), Arrays.copyOf(p.xArray(), n),
                Arrays.copyOf(p.yArray(), n), Arrays.copyOf(p.polarityArray(), n));
    }

    int size() {
        return tUs.length;
    }

    /** Index of the first event that differs from {@code other}, or -1 when both hold the same events. */
    int firstDifference(RecordedEvents other) {
        int n = Math.min(size(), other.size());
        for (int i = 0; i < n; i++) {
            if (tUs[i] != other.tUs[i] || x[i] != other.x[i] || y[i] != other.y[i] || polarity[i] != other.polarity[i]) {
                return i;
            }
        }
        return size() == other.size() ? -1 : n;
    }

    String describe(int i) {
        return i < 0 || i >= size() ? "(none)" : "(" + tUs[i] + " us, " + x[i] + ", " + y[i] + ", " + (polarity[i] == 1 ? "ON" : "OFF") + ")";
    }
}
