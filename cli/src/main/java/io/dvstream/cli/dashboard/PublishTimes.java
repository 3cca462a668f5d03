package io.dvstream.cli.dashboard;

import java.util.OptionalLong;

/**
 * When each recent packet of one camera entered Kafka: pairs of (camera time of the packet's last
 * event, the record's Kafka timestamp). A decision about a window that ends at camera time
 * {@code endUs} could be made once the packet holding time {@code endUs - 1} was published, so
 * event-to-decision latency is the decision's {@code emittedAtMs} minus that packet's timestamp
 * (the demo measures it the same way from the replay's side).
 *
 * <p>A ring of the last {@value #CAPACITY} packets (at 10 ms packets, 40 s of camera time). Camera
 * time going back (a restarted camera) clears it. Not thread-safe: its {@link CameraState} locks.
 */
final class PublishTimes {

    static final int CAPACITY = 4096;

    private final long[] lastUs = new long[CAPACITY];
    private final long[] timestampMs = new long[CAPACITY];
    private int start;
    private int size;

    void add(long packetLastUs, long kafkaTimestampMs) {
        if (size > 0 && packetLastUs < lastUs[index(size - 1)]) {
            size = 0;
        }
        if (size == CAPACITY) {
            start = (start + 1) % CAPACITY;
            size--;
        }
        int i = index(size);
        lastUs[i] = packetLastUs;
        timestampMs[i] = kafkaTimestampMs;
        size++;
    }

    /**
     * The timestamp of the first packet whose last event is at or after {@code cameraUs}; empty when
     * that is not known: no such packet yet, or it would be the oldest one remembered (an older
     * packet, forgotten or published before the dashboard started, may have held the time).
     */
    OptionalLong publishedAtMs(long cameraUs) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (lastUs[index(mid)] < cameraUs) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo == 0 || lo == size ? OptionalLong.empty() : OptionalLong.of(timestampMs[index(lo)]);
    }

    private int index(int k) {
        return (start + k) % CAPACITY;
    }
}
