package io.dvstream.ingest.service;

import java.util.Map;

/**
 * A snapshot of the ingest service's counters, for the status line and the metrics endpoint.
 *
 * @param eventsIn events the camera source delivered
 * @param eventsQueued events in packets that entered the queue
 * @param eventsPublished events handed to the Kafka producer
 * @param eventsAcknowledged events the broker acknowledged
 * @param droppedEvents events in packets dropped because the queue was full
 * @param droppedPackets packets dropped because the queue was full
 * @param sourceDroppedEvents events the source itself reported lost (late/malformed datagrams)
 * @param packetsPublished packets handed to the producer
 * @param queuePackets packets in the queue now
 * @param queueCapacity the queue's bound
 * @param queueHighWater most packets the queue ever held
 * @param lagEvents events accepted into the queue and not yet acknowledged by Kafka
 * @param latencyP50Ms median time from a packet's first event arriving to Kafka acknowledging the
 *     packet (so it includes the wait for the packet to fill), in ms, 0.1 ms resolution; NaN before
 *     the first acknowledgement
 * @param latencyP99Ms the same at the 99th percentile
 * @param source the source's own counters (see {@link io.dvstream.ingest.live.LiveSource#counters()})
 */
public record IngestStatus(long eventsIn, long eventsQueued, long eventsPublished, long eventsAcknowledged,
        long droppedEvents, long droppedPackets, long sourceDroppedEvents, long packetsPublished, int queuePackets,
        int queueCapacity, long queueHighWater, long lagEvents, double latencyP50Ms, double latencyP99Ms,
        Map<String, Long> source) {

    /** Prometheus text exposition format (version 0.0.4), metric names prefixed {@code dvstream_ingest_}. */
    public String prometheusText(String cameraId) {
        StringBuilder b = new StringBuilder();
        String label = "{camera=\"" + cameraId.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
        counter(b, "events_in_total", "Events delivered by the camera source.", eventsIn, label);
        counter(b, "events_queued_total", "Events in packets accepted into the bounded queue.", eventsQueued, label);
        counter(b, "events_published_total", "Events handed to the Kafka producer.", eventsPublished, label);
        counter(b, "events_acknowledged_total", "Events acknowledged by Kafka (acks=all).", eventsAcknowledged, label);
        counter(b, "events_dropped_total", "Events dropped because the queue was full (newest packet dropped).", droppedEvents, label);
        counter(b, "packets_dropped_total", "Packets dropped because the queue was full.", droppedPackets, label);
        counter(b, "packets_published_total", "Packets handed to the Kafka producer.", packetsPublished, label);
        gauge(b, "queue_packets", "Packets waiting in the queue.", queuePackets, label);
        gauge(b, "queue_capacity_packets", "Bound of the queue in packets.", queueCapacity, label);
        gauge(b, "queue_high_water_packets", "Most packets the queue held.", queueHighWater, label);
        gauge(b, "lag_events", "Events accepted and not yet acknowledged by Kafka.", lagEvents, label);
        gaugeMs(b, "ack_latency_p50_ms", "Median time from a packet's first event arriving to Kafka's acknowledgement.",
                latencyP50Ms, label);
        gaugeMs(b, "ack_latency_p99_ms", "99th percentile of that time.", latencyP99Ms, label);
        for (Map.Entry<String, Long> e : source.entrySet()) {
            String name = e.getKey();
            if (name.endsWith("_total")) {
                counter(b, name, "Source counter " + name + ".", e.getValue(), label);
            } else {
                gauge(b, name, "Source value " + name + ".", e.getValue(), label);
            }
        }
        return b.toString();
    }

    private static void counter(StringBuilder b, String name, String help, long value, String label) {
        metric(b, "counter", name, help, value, label);
    }

    private static void gauge(StringBuilder b, String name, String help, long value, String label) {
        metric(b, "gauge", name, help, value, label);
    }

    private static void gaugeMs(StringBuilder b, String name, String help, double value, String label) {
        String full = "dvstream_ingest_" + name;
        b.append("# HELP ").append(full).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(full).append(" gauge\n");
        b.append(full).append(label).append(' ').append(Double.isNaN(value) ? "NaN" : Double.toString(value)).append('\n');
    }

    private static void metric(StringBuilder b, String type, String name, String help, long value, String label) {
        String full = "dvstream_ingest_" + name;
        b.append("# HELP ").append(full).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(full).append(' ').append(type).append('\n');
        b.append(full).append(label).append(' ').append(value).append('\n');
    }
}
