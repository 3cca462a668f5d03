package io.dvstream.ingest.service;

import io.dvstream.events.EventPacket;
import io.dvstream.events.sensor.SensorGeometry;
import io.dvstream.ingest.live.LiveSource;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * Synthetic camera for overload tests: {@code batches} x {@code perBatch} seeded random DVS128
 * events, one microsecond apart, delivered as fast as the receiver takes them (or with a pause
 * after each batch); then it ends. {@link #holdBefore} makes it wait at a batch until
 * {@link #release}, so a test can make sure events arrive after something it did.
 */
final class SyntheticBurstSource implements LiveSource {

    private final String camera;
    private final int batches;
    private final int perBatch;
    private final long seed;
    private final long pauseMs;
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile int holdAt = -1;
    private volatile long delivered;
    private volatile boolean closed;

    SyntheticBurstSource(String camera, int batches, int perBatch, long seed) {
        this(camera, batches, perBatch, seed, 0);
    }

    SyntheticBurstSource(String camera, int batches, int perBatch, long seed, long pauseMs) {
        this.pauseMs = pauseMs;
        this.camera = camera;
        this.batches = batches;
        this.perBatch = perBatch;
        this.seed = seed;
    }

    /** Waits before batch {@code batch} until {@link #release()}; call before the source runs. */
    SyntheticBurstSource holdBefore(int batch) {
        this.holdAt = batch;
        return this;
    }

    void release() {
        released.countDown();
    }

    @Override
    public SensorGeometry sensor() {
        return SensorGeometry.DVS128;
    }

    @Override
    public String description() {
        return "synthetic burst";
    }

    @Override
    public void run(Consumer<EventPacket> sink) {
        Random random = new Random(seed);
        EventPacket batch = new EventPacket(camera, SensorGeometry.DVS128, perBatch);
        long t = 0;
        for (int b = 0; b < batches && !closed; b++) {
            if (b == holdAt) {
                try {
                    released.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            batch.clear();
            for (int i = 0; i < perBatch; i++) {
                batch.append(t++, random.nextInt(128), random.nextInt(128), random.nextBoolean());
            }
            sink.accept(batch);
            delivered += perBatch;
            if (pauseMs > 0) {
                try {
                    Thread.sleep(pauseMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public Map<String, Long> counters() {
        return Map.of("source_events_total", delivered);
    }

    @Override
    public void close() {
        closed = true;
        released.countDown();
    }
}
