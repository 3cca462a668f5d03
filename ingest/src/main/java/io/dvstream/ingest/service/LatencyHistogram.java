package io.dvstream.ingest.service;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Latencies from an event's receipt to Kafka's acknowledgement, in 100 µs buckets up to 10 s (the
 * last bucket takes everything longer). Lock-free: acknowledgements arrive on the producer's I/O
 * thread while the status line and the metrics endpoint read.
 */
final class LatencyHistogram {

    static final long BUCKET_NS = 100_000;
    static final int BUCKETS = 100_000;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

    void record(long latencyNs) {
        int bucket = (int) Math.min(BUCKETS - 1, Math.max(0, latencyNs) / BUCKET_NS);
        counts.incrementAndGet(bucket);
    }

    /**
     * Forgets what was recorded, so later quantiles describe only what follows (a measurement that
     * skips its warm-up). Acknowledgements that arrive during the reset may be kept or lost.
     */
    void reset() {
        for (int i = 0; i < BUCKETS; i++) {
            counts.set(i, 0);
        }
    }

    /** The latency at quantile {@code q} (0..1) in milliseconds (upper edge of its bucket); NaN when empty. */
    double quantileMs(double q) {
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            total += counts.get(i);
        }
        if (total == 0) {
            return Double.NaN;
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts.get(i);
            if (seen >= Math.max(1, rank)) {
                return (i + 1) * BUCKET_NS / 1e6;
            }
        }
        return BUCKETS * BUCKET_NS / 1e6;
    }

    long count() {
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            total += counts.get(i);
        }
        return total;
    }
}
