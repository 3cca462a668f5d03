package io.dvstream.cli.dashboard;

/**
 * What one camera's packet headers say, added up: packets, events, the events the source reported
 * dropped, sequence gaps (packets missing between two consecutive ones seen), and restarts (the
 * sequence number went back, as when a source restarts from 0).
 *
 * <p>After {@link #resync()} (the dashboard skipped records to catch up) the next packet starts a
 * new run without counting a gap: only gaps in what the source sent count, not the dashboard's own.
 * Not thread-safe: its {@link CameraState} locks.
 */
final class PacketCounts {

    private long packets;
    private long events;
    private long dropped;
    private long missingPackets;
    private long gaps;
    private long restarts;
    private long lastSequence = -1;

    void add(long sequence, long eventCount, long droppedEvents) {
        packets++;
        events += eventCount;
        dropped += droppedEvents;
        if (lastSequence >= 0) {
            if (sequence > lastSequence + 1) {
                gaps++;
                missingPackets += sequence - lastSequence - 1;
            } else if (sequence <= lastSequence) {
                restarts++;
            }
        }
        lastSequence = sequence;
    }

    void resync() {
        lastSequence = -1;
    }

    long packets() {
        return packets;
    }

    long events() {
        return events;
    }

    long dropped() {
        return dropped;
    }

    long gaps() {
        return gaps;
    }

    long missingPackets() {
        return missingPackets;
    }

    long restarts() {
        return restarts;
    }

    long lastSequence() {
        return lastSequence;
    }
}
