package io.dvstream.ingest.service;

import java.util.Locale;

/** The one-line live status on stderr: rates since the previous line, totals, queue, lag. */
final class StatusLine {

    private IngestStatus previous;
    private long previousNs;

    /** The line for {@code now}, with rates against the previous call (none on the first). */
    String line(IngestStatus now, long nowNs) {
        double seconds = previous == null ? 0 : (nowNs - previousNs) / 1e9;
        double in = seconds > 0 ? (now.eventsIn() - previous.eventsIn()) / seconds : 0;
        double out = seconds > 0 ? (now.eventsAcknowledged() - previous.eventsAcknowledged()) / seconds : 0;
        previous = now;
        previousNs = nowNs;
        long lost = now.source().getOrDefault("datagrams_lost_total", 0L);
        return String.format(Locale.ROOT, "in %s ev/s | out %s ev/s | total %,d in, %,d acked | dropped %,d ev (%,d pkts)"
                        + " | source lost %,d ev, %,d datagrams | queue %d/%d | lag %,d ev | ack p50/p99 %.1f/%.1f ms",
                rate(in), rate(out), now.eventsIn(), now.eventsAcknowledged(), now.droppedEvents(), now.droppedPackets(),
                now.sourceDroppedEvents(), lost, now.queuePackets(), now.queueCapacity(), now.lagEvents(),
                now.latencyP50Ms(), now.latencyP99Ms());
    }

    private static String rate(double perSecond) {
        if (perSecond >= 1e6) {
            return String.format(Locale.ROOT, "%.2f M", perSecond / 1e6);
        }
        if (perSecond >= 1e3) {
            return String.format(Locale.ROOT, "%.1f k", perSecond / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f", perSecond);
    }
}
