package io.dvstream.ingest.service;

import io.dvstream.events.EventPacket;
import io.dvstream.ingest.live.LiveSource;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A live camera into Kafka: reader thread → {@link PacketAssembler} → {@link BoundedPacketQueue}
 * (drop newest when full, drops counted into the next packet) → publisher thread →
 * {@link PacketSink}.
 *
 * <p>The reader never blocks on Kafka: if the producer stalls (broker down, network slow) the
 * queue fills and packets are dropped and counted, so memory stays within
 * {@link IngestSettings#maxBufferedEvents()} plus the producer's own buffer. {@link #close()} stops
 * the source, sends the open packet and everything queued, waits for Kafka's acknowledgements and
 * rethrows a publishing failure.
 */
public final class IngestService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);

    private final LiveSource source;
    private final String cameraId;
    private final PacketSink sink;
    private final BoundedPacketQueue queue;
    private final PacketAssembler assembler;
    private final AtomicLong eventsIn = new AtomicLong();
    private final AtomicLong sourceDropped = new AtomicLong();
    private final AtomicLong eventsPublished = new AtomicLong();
    private final AtomicLong packetsPublished = new AtomicLong();
    private final LatencyHistogram latency = new LatencyHistogram();
    private final AtomicReference<Throwable> readerFailure = new AtomicReference<>();
    private final AtomicReference<Throwable> publisherFailure = new AtomicReference<>();
    private final CountDownLatch readerDone = new CountDownLatch(1);
    private final Thread reader;
    private final Thread publisher;
    private final ScheduledExecutorService timer;
    private final PrintStream statusOut;
    private MetricsEndpoint metrics;
    private boolean closed;

    /**
     * Starts the threads. The service owns {@code source} and {@code sink} and closes them.
     *
     * @param metricsBind where to serve {@code /metrics}, or null for none
     * @param statusOut where to draw the status line every {@code statusEvery}, or null for none
     */
    public IngestService(LiveSource source, String cameraId, IngestSettings settings, PacketSink sink,
            InetSocketAddress metricsBind, PrintStream statusOut, Duration statusEvery) throws IOException {
        this.source = source;
        this.cameraId = cameraId;
        this.sink = sink;
        this.statusOut = statusOut;
        this.queue = new BoundedPacketQueue(settings.queuePackets());
        this.assembler = new PacketAssembler(cameraId, source.sensor(), settings.packetUs(), settings.maxPacketEvents(),
                queue::offer);
        if (metricsBind != null) {
            try {
                metrics = new MetricsEndpoint(metricsBind, () -> status().prometheusText(cameraId));
            } catch (IOException e) {
                // The service owns both: nothing else will close them if it never starts.
                source.close();
                sink.close();
                throw e;
            }
            LOG.info("Metrics at http://{}:{}/metrics", metrics.address().getHostString(), metrics.address().getPort());
        }
        this.reader = new Thread(this::read, "ingest-reader-" + cameraId);
        this.publisher = new Thread(this::publish, "ingest-publisher-" + cameraId);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ingest-timer-" + cameraId);
            t.setDaemon(true);
            return t;
        });
        long idleNs = settings.idleFlushUs() * 1_000;
        timer.scheduleAtFixedRate(() -> assembler.flushIfIdle(idleNs), settings.idleFlushUs(), settings.idleFlushUs(),
                TimeUnit.MICROSECONDS);
        if (statusOut != null) {
            StatusLine line = new StatusLine();
            timer.scheduleAtFixedRate(() -> statusOut.print("\r" + line.line(status(), System.nanoTime()) + "  "),
                    0, statusEvery.toMillis(), TimeUnit.MILLISECONDS);
        }
        LOG.info("Ingesting {} as camera {} ({}), {} us packets of at most {} events, queue of {} packets, "
                        + "drop policy: newest packet when full", source.description(), cameraId, source.sensor(),
                settings.packetUs(), settings.maxPacketEvents(), settings.queuePackets());
        reader.start();
        publisher.start();
    }

    private void read() {
        try {
            source.run(batch -> {
                eventsIn.addAndGet(batch.size());
                sourceDropped.addAndGet(batch.droppedEvents());
                assembler.accept(batch);
            });
        } catch (Throwable t) {
            readerFailure.set(t);
            LOG.error("camera source {} failed: {}", source.description(), t.toString());
        } finally {
            readerDone.countDown();
        }
    }

    private void publish() {
        try {
            while (!queue.drained()) {
                BoundedPacketQueue.Queued q = queue.poll(50);
                if (q != null) {
                    EventPacket p = q.packet();
                    long receivedNs = q.receivedNs();
                    sink.publish(p, p.isEmpty() ? () -> { } : () -> latency.record(System.nanoTime() - receivedNs));
                    packetsPublished.incrementAndGet();
                    eventsPublished.addAndGet(p.size());
                }
            }
        } catch (Throwable t) {
            publisherFailure.set(t);
            LOG.error("publishing camera {} failed: {}", cameraId, t.toString());
        }
    }

    /** Waits until the source ends by itself (a file) or {@code timeout} passes; true if it ended. */
    public boolean awaitSourceEnd(Duration timeout) throws InterruptedException {
        return readerDone.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The metrics endpoint's address, or null when there is none. */
    public InetSocketAddress metricsAddress() {
        return metrics == null ? null : metrics.address();
    }

    /**
     * Starts the acknowledgement-latency quantiles of {@link #status()} afresh: what a measurement
     * calls after its warm-up, so start-up (JIT, first connections) does not set its p99.
     */
    public void resetLatencies() {
        latency.reset();
    }

    public IngestStatus status() {
        long acked = sink.acknowledgedEvents();
        Map<String, Long> sourceCounters = source.counters();
        return new IngestStatus(eventsIn.get(), queue.acceptedEvents(), eventsPublished.get(), acked, queue.droppedEvents(),
                queue.droppedPackets(), sourceDropped.get(), packetsPublished.get(), queue.sizePackets(), queue.capacity(),
                queue.highWaterPackets(), Math.max(0, queue.acceptedEvents() - acked), latency.quantileMs(0.5),
                latency.quantileMs(0.99), sourceCounters);
    }

    /**
     * Stops the source, sends what is held (open packet, queue), waits for Kafka, closes everything.
     *
     * @throws IngestException if the source or publishing failed (after everything was shut down)
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        source.close();
        try {
            reader.join();
            // The idle flush must not race the final flush below.
            timer.shutdownNow();
            timer.awaitTermination(5, TimeUnit.SECONDS);
            assembler.flush();
            queue.finish(cameraId, source.sensor());
            publisher.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            publisher.interrupt();
        }
        timer.shutdownNow();
        if (statusOut != null) {
            statusOut.println("\r" + new StatusLine().line(status(), System.nanoTime()));
        }
        Throwable failure = publisherFailure.get();
        try {
            if (failure == null) {
                sink.flush();
            }
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            try {
                sink.close();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
            if (metrics != null) {
                metrics.close();
            }
        }
        IngestStatus last = status();
        LOG.info("Stopped camera {}: {} events in, {} acknowledged, {} dropped in {} packets (queue full), {} lost by the source",
                cameraId, last.eventsIn(), last.eventsAcknowledged(), last.droppedEvents(), last.droppedPackets(),
                last.sourceDroppedEvents());
        if (failure == null) {
            failure = readerFailure.get();
        }
        if (failure != null) {
            throw new IngestException("ingest of camera " + cameraId + " failed: " + failure.getMessage(), failure);
        }
    }

    /** The service failed to read the camera or to publish. */
    public static final class IngestException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        IngestException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
