package io.dvstream.ingest.kafka;

import io.dvstream.events.wire.Topics;
import java.util.Locale;
import java.util.Set;

/**
 * Where and how event packets are published.
 *
 * @param bootstrapServers Kafka bootstrap, host:port[,host:port...]
 * @param topic the events topic, normally {@link Topics#EVENTS}
 * @param compression Kafka compression codec on top of the wire format: none, lz4, zstd, gzip or snappy
 * @param lingerMs how long the producer waits to fill a batch
 * @param requestTimeoutMs how long the producer waits for the answer to one request before it
 *     retries (Kafka's {@code request.timeout.ms})
 * @param deliveryTimeoutMs how long a packet may take to be acknowledged, retries included, before
 *     it counts as lost (Kafka's {@code delivery.timeout.ms}); also how long
 *     {@link PacketPublisher#publish} may block waiting for cluster metadata or buffer space
 *     ({@code max.block.ms}). At least {@code lingerMs + requestTimeoutMs}, as Kafka requires.
 * @param batchBytes producer batch size in bytes ({@code batch.size}); see {@link #DEFAULT_BATCH_BYTES}
 */
public record PublisherConfig(String bootstrapServers, String topic, String compression, int lingerMs,
        int requestTimeoutMs, int deliveryTimeoutMs, int batchBytes) {

    /** Kafka's default {@code request.timeout.ms}. */
    public static final int DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
    /** Kafka's default {@code delivery.timeout.ms}. */
    public static final int DEFAULT_DELIVERY_TIMEOUT_MS = 120_000;

    /**
     * 1 MiB: a packet is one record of a few hundred bytes to a few hundred KiB, and Kafka's 16 KiB
     * default fits only a handful, which caps a replay at a few million events/s (measured).
     */
    public static final int DEFAULT_BATCH_BYTES = 1 << 20;

    private static final Set<String> CODECS = Set.of("none", "lz4", "zstd", "gzip", "snappy");

    public PublisherConfig {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("Invalid value '" + bootstrapServers + "' for configuration bootstrap: must not be empty");
        }
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("Invalid value '" + topic + "' for configuration topic: must not be empty");
        }
        compression = compression == null ? "" : compression.toLowerCase(Locale.ROOT);
        if (!CODECS.contains(compression)) {
            throw new IllegalArgumentException("Invalid value '" + compression + "' for configuration compression: must be one of "
                    + CODECS.stream().sorted().toList());
        }
        if (lingerMs < 0) {
            throw new IllegalArgumentException("Invalid value " + lingerMs + " for configuration linger.ms: must be >= 0");
        }
        if (requestTimeoutMs < 1) {
            throw new IllegalArgumentException("Invalid value " + requestTimeoutMs + " for configuration request.timeout.ms: must be >= 1");
        }
        if (batchBytes < 0) {
            throw new IllegalArgumentException("Invalid value " + batchBytes + " for configuration batch.size: must be >= 0");
        }
        long minDelivery = (long) lingerMs + requestTimeoutMs;
        if (deliveryTimeoutMs < minDelivery) {
            throw new IllegalArgumentException("Invalid value " + deliveryTimeoutMs + " for configuration delivery.timeout.ms: "
                    + "must be >= linger.ms + request.timeout.ms = " + minDelivery);
        }
    }

    /** Defaults: {@code dvs.events}, lz4, 5 ms linger, Kafka's request (30 s) and delivery (120 s) timeouts. */
    public static PublisherConfig to(String bootstrapServers) {
        return new PublisherConfig(bootstrapServers, Topics.EVENTS, "lz4", 5,
                DEFAULT_REQUEST_TIMEOUT_MS, DEFAULT_DELIVERY_TIMEOUT_MS, DEFAULT_BATCH_BYTES);
    }

    /** This config with other timeouts (validated together with {@link #lingerMs()}). */
    public PublisherConfig withTimeouts(int requestTimeoutMs, int deliveryTimeoutMs) {
        return new PublisherConfig(bootstrapServers, topic, compression, lingerMs, requestTimeoutMs, deliveryTimeoutMs, batchBytes);
    }

    /** This config with another Kafka compression codec. */
    public PublisherConfig withCompression(String codec) {
        return new PublisherConfig(bootstrapServers, topic, codec, lingerMs, requestTimeoutMs, deliveryTimeoutMs, batchBytes);
    }
}
