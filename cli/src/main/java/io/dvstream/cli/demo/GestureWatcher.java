package io.dvstream.cli.demo;

import io.dvstream.jobs.decisions.GestureEvent;
import io.dvstream.jobs.kafka.GestureEventJson;
import io.dvstream.kafka.clientconfig.KafkaClientConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Consumes the gestures topic from its beginning and prints each gesture start and end as it
 * arrives, and each window whose top class differs from the camera's previous window; every record goes to its camera's {@link CameraTally}. It reads uncommitted records:
 * the job's exactly-once sink commits only on checkpoints, and the demo shows decisions when they
 * are made (a failed job ends the demo, so no aborted record is ever counted twice).
 */
final class GestureWatcher implements Runnable, AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<String, CameraTally> tallies;
    private final PrintWriter out;
    private final long startNanos;
    private final AtomicLong unreadable = new AtomicLong();
    private volatile boolean closed;

    GestureWatcher(String bootstrap, KafkaClientConfig clients, String topic, Map<String, CameraTally> tallies, PrintWriter out,
                   long startNanos) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumer = new KafkaConsumer<>(clients.consumer(props), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        this.tallies = tallies;
        this.out = out;
        this.startNanos = startNanos;
    }

    @Override
    public void run() {
        try {
            while (!closed) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    onRecord(r.value());
                }
            }
        } catch (WakeupException e) {
            // close() asked us to stop
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void onRecord(byte[] value) {
        GestureEvent g;
        try {
            g = GestureEventJson.read(value);
        } catch (IOException | RuntimeException e) {
            unreadable.incrementAndGet();
            return;
        }
        CameraTally t = tallies.get(g.camera());
        if (t == null) {
            return;
        }
        t.record(g);
        if (g.kind() == GestureEvent.Kind.WINDOW && !t.topChanged(g)) {
            return;
        }
        String latency = t.latencyMs(g).map(ms -> String.format(Locale.ROOT, "latency %4d ms", ms)).orElse("");
        String label = t.labels.isEmpty() ? ""
                : t.labelAt(g.endUs()).map(l -> "label: " + l.gesture().displayName()).orElse("label: none");
        synchronized (out) {
            out.printf(Locale.ROOT, "  [%6.1f s] %-28s %-5s %-28s confidence %.2f  camera t %7.2f s  %s  %s%n",
                    (System.nanoTime() - startNanos) / 1e9, g.camera(), g.kind().key().toUpperCase(Locale.ROOT), g.gesture(),
                    g.confidence(), g.endUs() / 1e6, latency, label);
            out.flush();
        }
    }

    long unreadable() {
        return unreadable.get();
    }

    @Override
    public void close() {
        closed = true;
        consumer.wakeup();
    }
}
