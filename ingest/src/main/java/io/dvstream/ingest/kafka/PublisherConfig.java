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
 */
public record PublisherConfig(String bootstrapServers, String topic, String compression, int lingerMs) {

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
    }

    /** Defaults: {@code dvs.events}, lz4, 5 ms linger. */
    public static PublisherConfig to(String bootstrapServers) {
        return new PublisherConfig(bootstrapServers, Topics.EVENTS, "lz4", 5);
    }
}
