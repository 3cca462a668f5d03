package io.dvstream.ingest.kafka;

import io.dvstream.events.EventPacket;
import io.dvstream.events.wire.WireCodec;
import io.dvstream.kafka.clientconfig.KafkaClientConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes event packets to Kafka in the wire format, keyed by camera id, with an idempotent
 * producer ({@code acks=all}), so a packet is written once and in order per camera even when the
 * producer retries.
 *
 * <p>{@link #publish} encodes synchronously (the packet may be reused right after it returns) and
 * sends asynchronously. A send that fails for good is counted and remembered; {@link #flush()}
 * and {@link #close()} rethrow the first such failure, so nothing is lost silently.
 */
public final class PacketPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PacketPublisher.class);

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final WireCodec codec = new WireCodec();
    private final AtomicLong failedSends = new AtomicLong();
    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();
    private final AtomicLong acknowledgedPackets = new AtomicLong();
    private final AtomicLong acknowledgedEvents = new AtomicLong();
    private long packets;
    private long events;
    private long bytes;

    public PacketPublisher(PublisherConfig config) {
        this(config, KafkaClientConfig.none());
    }

    /** @param clients Kafka client settings (a {@code --kafka-config} file: SASL, TLS, ...) over the publisher's own */
    public PacketPublisher(PublisherConfig config, KafkaClientConfig clients) {
        this.producer = new KafkaProducer<>(producerProperties(config, clients));
        this.topic = config.topic();
        LOG.info("Publishing packets to {} at {} ({} compression, {})", topic, config.bootstrapServers(), config.compression(),
                clients.securitySummary());
    }

    /** The Kafka producer settings of a config, with {@code clients}' settings on top. */
    static Properties producerProperties(PublisherConfig config, KafkaClientConfig clients) {
        return clients.producer(producerProperties(config));
    }

    /** The Kafka producer settings of a config. */
    static Properties producerProperties(PublisherConfig config) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, config.compression());
        p.put(ProducerConfig.LINGER_MS_CONFIG, config.lingerMs());
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, config.batchBytes());
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, config.requestTimeoutMs());
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, config.deliveryTimeoutMs());
        // Without a reachable cluster, send() waits for metadata this long before the packet fails.
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, config.deliveryTimeoutMs());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }

    /** Encodes and sends one packet. */
    public void publish(EventPacket packet) {
        publish(packet, null);
    }

    /**
     * Encodes and sends one packet; {@code onAcknowledged} (if not null) runs on the producer's I/O
     * thread when the broker acknowledged it, so it must be quick.
     */
    public void publish(EventPacket packet, Runnable onAcknowledged) {
        byte[] value = codec.encode(packet);
        byte[] key = packet.cameraId().getBytes(StandardCharsets.UTF_8);
        packets++;
        events += packet.size();
        bytes += value.length;
        long sequence = packet.sequence();
        String camera = packet.cameraId();
        int size = packet.size();
        producer.send(new ProducerRecord<>(topic, key, value), (metadata, error) -> {
            if (error == null) {
                acknowledgedPackets.incrementAndGet();
                acknowledgedEvents.addAndGet(size);
                if (onAcknowledged != null) {
                    onAcknowledged.run();
                }
            } else {
                failedSends.incrementAndGet();
                if (firstFailure.compareAndSet(null, error)) {
                    LOG.error("Could not publish packet {} of camera {} to {}: {}", sequence, camera, topic, error.toString());
                }
            }
        });
    }

    /** Waits until every packet sent so far is acknowledged. */
    public void flush() {
        producer.flush();
        rethrowFailure();
    }

    public long packets() {
        return packets;
    }

    public long events() {
        return events;
    }

    /** Wire-format bytes sent (before Kafka's compression). */
    public long bytes() {
        return bytes;
    }

    /** Packets the broker acknowledged (acks=all); safe to read from any thread. */
    public long acknowledgedPackets() {
        return acknowledgedPackets.get();
    }

    /** Events in acknowledged packets; safe to read from any thread. */
    public long acknowledgedEvents() {
        return acknowledgedEvents.get();
    }

    public long failedSends() {
        return failedSends.get();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
        rethrowFailure();
    }

    private void rethrowFailure() {
        Exception e = firstFailure.get();
        if (e != null) {
            throw new PublishException(failedSends.get() + " packet(s) could not be published to " + topic, e);
        }
    }

    /** Packets were lost on the way to Kafka. */
    public static final class PublishException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PublishException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
