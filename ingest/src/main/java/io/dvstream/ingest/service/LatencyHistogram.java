package io.dvstream.ingest.service;

import java.util.concurrent.atomic.AtomicLong;
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
    /**
     * The sum of {@link #counts}, kept apart so that a quantile scans only up to its bucket: summing
     * all 100,000 buckets on every status read cost a tenth of the CPU of a flat-out ingest.
     */
    private final AtomicLong total = new AtomicLong();

    void record(long latencyNs) {
        int bucket = (int) Math.min(BUCKETS - 1, Math.max(0, latencyNs) / BUCKET_NS);
        counts.incrementAndGet(bucket);
        total.incrementAndGet();
    }

    /**
     * Forgets what was recorded, so later quantiles describe only what follows (a measurement that
     * skips its warm-up). Acknowledgements that arrive during the reset may be kept or lost.
     */
    void reset() {
        for (int i = 0; i < BUCKETS; i++) {
            counts.set(i, 0);
        }
        total.set(0);
    }

    /** The latency at quantile {@code q} (0..1) in milliseconds (upper edge of its bucket); NaN when empty. */
    double quantileMs(double q) {
        long n = total.get();
        if (n == 0) {
            return Double.NaN;
        }
        long rank = Math.max(1, (long) Math.ceil(q * n));
        long seen = 0;
        int highest = -1;
        for (int i = 0; i < BUCKETS; i++) {
            long c = counts.get(i);
            if (c > 0) {
                seen += c;
                highest = i;
                if (seen >= rank) {
                    return (i + 1) * BUCKET_NS / 1e6;
                }
            }
        }
        // Only when a record or reset raced with this read and the buckets hold fewer than the total said.
        return highest < 0 ? Double.NaN : (highest + 1) * BUCKET_NS / 1e6;
    }

    long count() {
        return total.get();
    }
}
