package io.dvstream.ingest.aedat;

import java.util.function.Consumer;

/**
 * Builds {@link ImuSample}s from DAVIS IMU words (formats.md 1.5): a sample is 7 consecutive words
 * with sample codes 0..6 (bits 30-28: accel X/Y/Z, temperature, gyro X/Y/Z) and the value in bits
 * 27-12. A run that breaks the 0..6 order is dropped and its words are counted as orphans, so a
 * half sample at a file's start or end never produces a made-up value.
 */
final class ImuAssembler {

    private static final int WORDS_PER_SAMPLE = 7;

    private final Consumer<ImuSample> listener;
    private final RecordingCounters counters;
    private final short[] values = new short[WORDS_PER_SAMPLE];
    private int expectedCode;
    private long sampleTUs;

    ImuAssembler(Consumer<ImuSample> listener, RecordingCounters counters) {
        this.listener = listener;
        this.counters = counters;
    }

    void accept(int address, long tUs) {
        int code = (address >>> 28) & 0x7;
        if (code != expectedCode) {
            counters.imuOrphanWords += expectedCode;
            expectedCode = 0;
            if (code != 0) {
                counters.imuOrphanWords++;
                return;
            }
        }
        if (code == 0) {
            sampleTUs = tUs;
        }
        values[code] = (short) (address >>> 12);
        expectedCode++;
        if (expectedCode == WORDS_PER_SAMPLE) {
            expectedCode = 0;
            counters.imuSamples++;
            listener.accept(new ImuSample(sampleTUs, values[0], values[1], values[2], values[3],
                    values[4], values[5], values[6]));
        }
    }

    /** At end of data: an unfinished sample's words become orphans. */
    void finish() {
        counters.imuOrphanWords += expectedCode;
        expectedCode = 0;
    }
}
