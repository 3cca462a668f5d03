package io.dvstream.ingest.service;

import io.dvstream.events.EventPacket;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bounded hand-over between the camera reader and the Kafka publisher.
 *
 * <p>Policy when full: <b>drop the newest packet</b> (the one being offered). The reader never
 * waits; the packets already queued are older, complete and in order, and go out as they are. The
 * events of a dropped packet (and the drops it was carrying) are added to the dropped-events field of
 * the next packet that gets in, so every loss is reported downstream exactly once.
 *
 * <p>Packet sequence numbers are given on entry: published packets are numbered 0, 1, 2, ... without
 * gaps, and a gap in time with a non-zero dropped count says what happened.
 *
 * <p>One producer thread ({@link #offer}, {@link #finish}), one consumer thread ({@link #poll}).
 */
final class BoundedPacketQueue {

    /** A queued packet and when its first event arrived (for the receipt-to-acknowledgement latency). */
    record Queued(EventPacket packet, long receivedNs) {
    }

    private final ArrayBlockingQueue<Queued> queue;
    private final int capacity;
    private final AtomicLong queuedEvents = new AtomicLong();
    private final AtomicLong acceptedPackets = new AtomicLong();
    private final AtomicLong acceptedEvents = new AtomicLong();
    private final AtomicLong droppedPackets = new AtomicLong();
    private final AtomicLong droppedEvents = new AtomicLong();
    private final AtomicLong highWaterPackets = new AtomicLong();
    private long nextSequence;
    private long carriedDrops;
    private volatile boolean finished;

    BoundedPacketQueue(int capacity) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.capacity = capacity;
    }

    /** Queues {@code packet} or drops it; never blocks. Returns whether it was queued. */
    boolean offer(EventPacket packet, long receivedNs) {
        packet.setDroppedEvents(packet.droppedEvents() + carriedDrops);
        packet.setSequence(nextSequence);
        int size = packet.size();
        // Counted before it becomes visible, so the consumer never sees more out than in.
        queuedEvents.addAndGet(size);
        if (queue.offer(new Queued(packet, receivedNs))) {
            nextSequence++;
            carriedDrops = 0;
            acceptedPackets.incrementAndGet();
            acceptedEvents.addAndGet(size);
            highWaterPackets.accumulateAndGet(queue.size(), Math::max);
            return true;
        }
        queuedEvents.addAndGet(-size);
        carriedDrops = packet.droppedEvents() + size;
        droppedPackets.incrementAndGet();
        droppedEvents.addAndGet(size);
        return false;
    }

    /**
     * No more offers: drops still carried go out on an empty packet (waiting for room if needed,
     * since this is the end of the stream and the reader has stopped).
     */
    void finish(String cameraId, io.dvstream.events.sensor.SensorGeometry sensor) throws InterruptedException {
        if (carriedDrops > 0) {
            EventPacket last = new EventPacket(cameraId, sensor, 0);
            last.setDroppedEvents(carriedDrops);
            last.setSequence(nextSequence++);
            carriedDrops = 0;
            queue.put(new Queued(last, System.nanoTime()));
            acceptedPackets.incrementAndGet();
        }
        finished = true;
    }

    /** The next packet, waiting up to {@code timeoutMs}; null on timeout. */
    Queued poll(long timeoutMs) throws InterruptedException {
        Queued q = queue.poll(timeoutMs, TimeUnit.MILLISECONDS);
        if (q != null) {
            queuedEvents.addAndGet(-q.packet().size());
        }
        return q;
    }

    /** {@link #finish} was called and everything was taken. */
    boolean drained() {
        return finished && queue.isEmpty();
    }

    int capacity() {
        return capacity;
    }

    int sizePackets() {
        return queue.size();
    }

    long queuedEvents() {
        return queuedEvents.get();
    }

    long acceptedPackets() {
        return acceptedPackets.get();
    }

    long acceptedEvents() {
        return acceptedEvents.get();
    }

    long droppedPackets() {
        return droppedPackets.get();
    }

    long droppedEvents() {
        return droppedEvents.get();
    }

    long highWaterPackets() {
        return highWaterPackets.get();
    }
}
