package io.dvstream.ingest.sim;

import io.dvstream.ingest.gesture.GestureDataset;
import java.nio.file.Path;

/** What the corpus writer wrote for one trial. */
public record TrialSummary(String name, Path recording, Path labels, GestureDataset.Split split, long events,
        long noiseEvents, long durationUs, int gestures) {

    public double eventsPerSecond() {
        return events / (durationUs * 1e-6);
    }
}
