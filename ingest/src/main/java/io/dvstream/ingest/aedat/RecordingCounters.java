package io.dvstream.ingest.aedat;

import io.dvstream.events.time.TimestampUnwrapper;

/** The mutable side of {@link RecordingStats}: plain fields the decode loops bump. */
final class RecordingCounters {
    long events;
    long specialEvents;
    long apsSamples;
    long imuSamples;
    long imuOrphanWords;
    long frames;
    long triggers;
    long otherPackets;
    long invalidEvents;
    long truncatedBytes;

    RecordingStats snapshot(TimestampUnwrapper clock) {
        return new RecordingStats(events, specialEvents, apsSamples, imuSamples, imuOrphanWords, frames,
                triggers, otherPackets, invalidEvents, truncatedBytes, clock.wraps(), clock.resets(),
                clock.backwardSteps());
    }
}
