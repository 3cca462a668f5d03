package io.dvstream.ingest.replay;

import io.dvstream.events.EventPacket;
import java.util.function.Consumer;

/**
 * Cuts a camera's event stream into the packets that go to Kafka: each packet covers at most
 * {@code packetUs} of camera time (aligned to multiples of it on the camera clock), and packets get
 * consecutive sequence numbers from 0. Events that a source reports as dropped are added to the
 * next packet's dropped count, so the loss travels with the data.
 *
 * <p>The same packet object is handed to the consumer every time (refilled after it returns):
 * consumers that keep a packet must {@link EventPacket#copy()} it. Not thread-safe.
 */
public final class Packetizer {

    private final long packetUs;
    private final Consumer<EventPacket> out;
    private EventPacket open;
    private long openEndUs;
    private long nextSequence;
    private long pendingDropped;
    private long packets;

    public Packetizer(long packetUs, Consumer<EventPacket> out) {
        if (packetUs < 1) {
            throw new IllegalArgumentException("packetUs must be >= 1, was " + packetUs);
        }
        this.packetUs = packetUs;
        this.out = out;
    }

    /** Adds the events of {@code in} (any size, time-ordered after what came before). */
    public void accept(EventPacket in) {
        pendingDropped += in.droppedEvents();
        if (open == null) {
            open = new EventPacket(in.cameraId(), in.sensor(), Math.max(16, in.size()));
        } else if (!open.sensor().equals(in.sensor())) {
            flush();
            open.setSensor(in.sensor());
        }
        int n = in.size();
        long[] t = in.tUsArray();
        short[] xs = in.xArray();
        short[] ys = in.yArray();
        byte[] ps = in.polarityArray();
        for (int i = 0; i < n; i++) {
            if (!open.isEmpty() && t[i] >= openEndUs) {
                flush();
            }
            if (open.isEmpty()) {
                openEndUs = Math.floorDiv(t[i], packetUs) * packetUs + packetUs;
            }
            open.append(t[i], xs[i], ys[i], ps[i] == EventPacket.ON);
        }
    }

    /** Reports events lost before they reached this packetizer (e.g. a full queue). */
    public void addDropped(long events) {
        pendingDropped += events;
    }

    /** Emits the open packet, if it holds events or drops to report. */
    public void flush() {
        if (open == null || (open.isEmpty() && pendingDropped == 0)) {
            return;
        }
        open.setSequence(nextSequence++);
        open.setDroppedEvents(pendingDropped);
        pendingDropped = 0;
        packets++;
        out.accept(open);
        open.clear();
    }

    /** Camera time at which the open packet closes; meaningless while it is empty. */
    public long openPacketEndUs() {
        return openEndUs;
    }

    public long packetsEmitted() {
        return packets;
    }
}
