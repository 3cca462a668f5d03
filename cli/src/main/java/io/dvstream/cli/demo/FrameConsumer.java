package io.dvstream.cli.demo;

import io.dvstream.events.EventPacket;
import io.dvstream.events.binning.BinningConfig;
import io.dvstream.events.sensor.SensorGeometry;
import io.dvstream.events.wire.WireCodec;
import io.dvstream.events.wire.WireFormatException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's downstream half until the Flink job exists: consumes {@code dvs.events}, decodes
 * every record with the wire codec and bins each camera's packets into frames, counting what
 * arrives. Undecodable records are counted and logged with their reason, and consumption goes on.
 */
final class FrameConsumer implements Runnable, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FrameConsumer.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final BinningConfig binning;
    private final Map<String, CameraFrames> cameras = new TreeMap<>();
    private final WireCodec codec = new WireCodec();
    private final EventPacket packet = new EventPacket("none", SensorGeometry.DVS128, 4096);
    private long undecodable;
    private volatile boolean running = true;

    FrameConsumer(String bootstrap, String topic, BinningConfig binning) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "dvstream-demo-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        this.consumer = new KafkaConsumer<>(p);
        this.topic = topic;
        this.binning = binning;
    }

    /** Subscribes and waits until partitions are assigned, so no record produced afterwards is missed. */
    void awaitAssignment(Duration timeout) {
        consumer.subscribe(List.of(topic));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (consumer.assignment().isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no partition of " + topic + " was assigned within " + timeout.toSeconds() + " s");
            }
            consumer.poll(Duration.ofMillis(100));
        }
        consumer.seekToEnd(consumer.assignment());
        consumer.assignment().forEach(consumer::position);
    }

    @Override
    public void run() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                    accept(record);
                }
            }
        } catch (WakeupException e) {
            // close() asked us to stop
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void accept(ConsumerRecord<byte[], byte[]> record) {
        String camera = record.key() == null || record.key().length == 0 ? "(no key)" : new String(record.key(), StandardCharsets.UTF_8);
        try {
            codec.decode(camera, record.value(), 0, record.value().length, packet);
        } catch (WireFormatException e) {
            synchronized (this) {
                undecodable++;
            }
            LOG.warn("Undecodable record from camera {} at {}-{} offset {}: {}", camera, record.topic(),
                    record.partition(), record.offset(), e.getMessage());
            return;
        }
        long latencyMs = Math.max(0, System.currentTimeMillis() - record.timestamp());
        synchronized (this) {
            cameras.computeIfAbsent(camera, c -> new CameraFrames(c, binning)).accept(packet, record.value().length, latencyMs);
        }
    }

    /** Events received so far over all cameras. */
    synchronized long events() {
        return cameras.values().stream().mapToLong(c -> c.events).sum();
    }

    synchronized long frames() {
        return cameras.values().stream().mapToLong(c -> c.frames).sum();
    }

    synchronized long undecodable() {
        return undecodable;
    }

    /** After the consuming thread ended: closes each camera's last frame and returns the cameras by id. */
    synchronized Map<String, CameraFrames> results() {
        cameras.values().forEach(CameraFrames::finish);
        return new TreeMap<>(cameras);
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
    }
}
