package io.dvstream.cli.demo;

import io.dvstream.events.EventPacket;
import io.dvstream.events.binning.BinningConfig;
import io.dvstream.events.binning.Frame;
import io.dvstream.events.binning.FrameBinner;
import io.dvstream.events.binning.FrameListener;
import java.util.Arrays;

/**
 * What the demo's consumer knows about one camera: packets and events that arrived through Kafka,
 * sequence gaps, the frames its binner closed, and the ingest-to-consumer latency of its packets.
 */
final class CameraFrames implements FrameListener {

    final String camera;
    private final BinningConfig binning;
    private FrameBinner binner;
    long packets;
    long events;
    long bytes;
    long sequenceGaps;
    long droppedBySource;
    long frames;
    long emptyFrames;
    long restarts;
    long binnedEvents;
    private long expectedSequence;
    private long[] latenciesMs = new long[1024];
    private int latencyCount;

    CameraFrames(String camera, BinningConfig binning) {
        this.camera = camera;
        this.binning = binning;
    }

    void accept(EventPacket packet, int recordBytes, long latencyMs) {
        if (binner == null) {
            binner = new FrameBinner(binning, packet.sensor());
        }
        if (packets > 0 && packet.sequence() != expectedSequence) {
            sequenceGaps += Math.abs(packet.sequence() - expectedSequence);
        }
        expectedSequence = packet.sequence() + 1;
        packets++;
        events += packet.size();
        bytes += recordBytes;
        droppedBySource += packet.droppedEvents();
        if (latencyCount == latenciesMs.length) {
            latenciesMs = Arrays.copyOf(latenciesMs, latencyCount * 2);
        }
        latenciesMs[latencyCount++] = latencyMs;
        binner.accept(packet, this);
    }

    /** Closes the frames a silent camera left open, up to its last event. */
    void finish() {
        if (binner != null && binner.isStarted()) {
            binner.closeUntil(binner.openFrameStartUs() + binning.binWidthUs(), this);
        }
    }

    @Override
    public void onFrame(Frame frame) {
        frames++;
        binnedEvents += frame.eventCount();
        if (frame.isEmpty()) {
            emptyFrames++;
        }
    }

    @Override
    public void onRestart(long lastUs, long nextUs) {
        restarts++;
    }

    /** Latency percentile in ms (p in 0..100), or -1 without packets. */
    long latencyPercentileMs(double p) {
        if (latencyCount == 0) {
            return -1;
        }
        long[] sorted = Arrays.copyOf(latenciesMs, latencyCount);
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * latencyCount) - 1;
        return sorted[Math.max(0, Math.min(latencyCount - 1, index))];
    }
}
