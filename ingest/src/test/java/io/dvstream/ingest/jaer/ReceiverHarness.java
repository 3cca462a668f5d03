package io.dvstream.ingest.jaer;

import io.dvstream.events.EventPacket;
import io.dvstream.ingest.live.LiveSource;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/** Runs a live source on its own thread and keeps copies of every batch it delivers. */
final class ReceiverHarness implements AutoCloseable {

    final List<EventPacket> batches = new CopyOnWriteArrayList<>();
    final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final LiveSource source;
    private final Thread thread;

    ReceiverHarness(LiveSource source) {
        this.source = source;
        this.thread = new Thread(() -> {
            try {
                source.run(batch -> batches.add(batch.copy()));
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "test-receiver");
        thread.start();
    }

    long counter(String name) {
        return source.counters().getOrDefault(name, 0L);
    }

    /** Waits until {@code done} holds (or the timeout), then returns whether it did. */
    static boolean await(BooleanSupplier done, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    long events() {
        return batches.stream().mapToLong(EventPacket::size).sum();
    }

    long dropped() {
        return batches.stream().mapToLong(EventPacket::droppedEvents).sum();
    }

    @Override
    public void close() throws InterruptedException {
        source.close();
        thread.join(5_000);
    }
}
