package io.dvstream.ingest.service;

import io.dvstream.events.EventPacket;
import io.dvstream.events.sensor.SensorGeometry;

/**
 * Cuts a live source's batches into the packets that go to Kafka: a packet covers at most
 * {@code packetUs} of camera time (aligned to multiples of it) and holds at most
 * {@code maxEvents} events. Events a source reports dropped ride on the next packet. Every packet
 * handed out is a fresh object owned by the receiver (it goes into a queue).
 *
 * <p>Methods are synchronized: the reader thread adds, a timer thread flushes a packet left open
 * by a camera that went quiet.
 */
final class PacketAssembler {

    private final String cameraId;
    private final SensorGeometry sensor;
    private final long packetUs;
    private final int maxEvents;
    private final Output out;
    private long openedNs;
    private EventPacket open;
    private long openEndUs;
    private long pendingDropped;
    private long lastAcceptNs = System.nanoTime();

    /** Receives each finished packet with the wall time its first event arrived. */
    @FunctionalInterface
    interface Output {
        void accept(EventPacket packet, long receivedNs);
    }

    PacketAssembler(String cameraId, SensorGeometry sensor, long packetUs, int maxEvents, Output out) {
        this.cameraId = cameraId;
        this.sensor = sensor;
        this.packetUs = packetUs;
        this.maxEvents = maxEvents;
        this.out = out;
        this.open = fresh();
    }

    synchronized void accept(EventPacket batch) {
        lastAcceptNs = System.nanoTime();
        pendingDropped += batch.droppedEvents();
        int n = batch.size();
        long[] t = batch.tUsArray();
        int i = 0;
        while (i < n) {
            if (!open.isEmpty() && (t[i] >= openEndUs || open.size() == maxEvents)) {
                emit();
            }
            if (open.isEmpty()) {
                openedNs = lastAcceptNs;
                openEndUs = Math.floorDiv(t[i], packetUs) * packetUs + packetUs;
            }
            // The run of events that still fits: before the packet's end and within its room.
            int room = maxEvents - open.size();
            int j = i;
            while (j < n && j - i < room && t[j] < openEndUs) {
                j++;
            }
            open.appendAll(t, batch.xArray(), batch.yArray(), batch.polarityArray(), i, j - i);
            i = j;
        }
    }

    /** Sends the open packet if it holds events or reported drops. */
    synchronized void flush() {
        if (!open.isEmpty() || pendingDropped > 0) {
            emit();
        }
    }

    /** Flushes when nothing arrived for {@code idleNs} of wall time. */
    synchronized void flushIfIdle(long idleNs) {
        if (System.nanoTime() - lastAcceptNs >= idleNs) {
            flush();
        }
    }

    private void emit() {
        open.setDroppedEvents(pendingDropped);
        pendingDropped = 0;
        EventPacket full = open;
        open = fresh();
        out.accept(full, full.isEmpty() ? System.nanoTime() : openedNs);
    }

    private EventPacket fresh() {
        return new EventPacket(cameraId, sensor, 256);
    }
}
