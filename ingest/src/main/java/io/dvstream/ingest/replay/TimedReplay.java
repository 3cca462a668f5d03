package io.dvstream.ingest.replay;

import io.dvstream.events.EventPacket;
import io.dvstream.ingest.EventReader;
import java.util.function.Consumer;

/**
 * Plays an event source as if a camera were live: re-cuts it into packets of {@code packetUs}
 * camera time ({@link Packetizer}) and hands each packet on when its camera time is due at the
 * chosen speed ({@link ReplayClock}). The sink gets packets in order on the calling thread.
 */
public final class TimedReplay {

    /** What a finished (or interrupted) replay did. */
    public record Result(long packets, long events, long firstUs, long lastUs, double maxLagMs) {
        public double durationSeconds() {
            return events == 0 ? 0 : (lastUs - firstUs) / 1e6;
        }
    }

    private final long packetUs;
    private final double speed;

    /**
     * @param packetUs camera time per packet, microseconds (>= 1)
     * @param speed camera time per wall time: 1 = real pace, 2 = twice as fast, 0 = as fast as possible
     */
    public TimedReplay(long packetUs, double speed) {
        if (packetUs < 1) {
            throw new IllegalArgumentException("packetUs must be >= 1, was " + packetUs);
        }
        new ReplayClock(speed); // validates speed with the same message
        this.packetUs = packetUs;
        this.speed = speed;
    }

    /**
     * Replays everything the reader delivers, then flushes the last packet.
     *
     * @param cameraId the camera id put on every packet
     */
    public Result run(EventReader reader, String cameraId, Consumer<EventPacket> sink) throws InterruptedException {
        ReplayClock clock = new ReplayClock(speed);
        long[] counts = new long[2];
        long[] span = {Long.MIN_VALUE, Long.MIN_VALUE};
        boolean[] interrupted = {false};
        Packetizer packetizer = new Packetizer(packetUs, packet -> {
            if (!packet.isEmpty()) {
                // A live camera's packet leaves when its window of camera time has passed.
                long windowEndUs = Math.floorDiv(packet.firstTUs(), packetUs) * packetUs + packetUs;
                try {
                    clock.awaitCameraTime(windowEndUs);
                } catch (InterruptedException e) {
                    interrupted[0] = true;
                    Thread.currentThread().interrupt();
                }
                if (span[0] == Long.MIN_VALUE) {
                    span[0] = packet.firstTUs();
                }
                span[1] = packet.lastTUs();
            }
            counts[0]++;
            counts[1] += packet.size();
            sink.accept(packet);
        });
        while (reader.hasNext()) {
            EventPacket in = reader.next();
            in.setCameraId(cameraId);
            packetizer.accept(in);
            if (interrupted[0] || Thread.interrupted()) {
                throw new InterruptedException("replay of camera " + cameraId + " interrupted");
            }
        }
        packetizer.flush();
        return new Result(counts[0], counts[1], span[0], span[1], clock.maxLagMs());
    }
}
