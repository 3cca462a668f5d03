package io.dvstream.ingest.aedat;

/**
 * What a recording reader has seen so far besides the events it delivered: everything skipped or
 * adjusted is counted here, never dropped silently. Fields that do not apply to a format stay 0.
 *
 * @param events polarity events delivered
 * @param specialEvents external-input / sync events (AEDAT 2.0 bit 15 on DVS128, bit 10 on DAVIS;
 *     AEDAT 3.1 special events, timestamp wraps and resets included)
 * @param apsSamples DAVIS frame ADC samples skipped (AEDAT 2.0)
 * @param imuSamples complete IMU samples: decoded (AEDAT 2.0) or skipped (AEDAT 4.0 IMUS elements,
 *     AEDAT 3.1 IMU6/IMU9 events)
 * @param imuOrphanWords IMU words that did not form a complete 7-word sample (AEDAT 2.0)
 * @param frames frames skipped (AEDAT 4.0 FRME packets, AEDAT 3.1 frame events)
 * @param triggers triggers skipped (AEDAT 4.0 TRIG elements)
 * @param otherPackets packets of streams or event types that are not read (other EVTS streams,
 *     unknown types)
 * @param invalidEvents events whose valid mark is clear (AEDAT 3.1)
 * @param truncatedBytes trailing bytes that did not form a whole record (AEDAT 2.0)
 * @param timestampWraps 32-bit wraps unwrapped
 * @param timestampResets clock resets turned into a continuing clock
 * @param timestampBackwardSteps small backward steps held at the previous time
 */
public record RecordingStats(long events, long specialEvents, long apsSamples, long imuSamples,
        long imuOrphanWords, long frames, long triggers, long otherPackets, long invalidEvents,
        long truncatedBytes, long timestampWraps, long timestampResets, long timestampBackwardSteps) {
}
