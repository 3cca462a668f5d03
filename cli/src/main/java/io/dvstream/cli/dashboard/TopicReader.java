package io.dvstream.cli.dashboard;

import java.util.Properties;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Properties;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Properties;
import io.dvstream.events.EventPacket;
import java.util.Properties;
import io.dvstream.events.sensor.SensorGeometry;
import java.util.Properties;
import io.dvstream.events.wire.WireCodec;
import java.util.Properties;
import io.dvstream.events.wire.WireFormatException;
import java.util.Properties;
import io.dvstream.jobs.decisions.GestureEvent;
import java.util.Properties;
import io.dvstream.jobs.kafka.GestureEventJson;
import java.util.Properties;
import java.io.IOException;
import java.util.Properties;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.time.Duration;
import java.util.Properties;
import java.util.ArrayList;
import java.util.Properties;
import java.util.HashMap;
import java.util.Properties;
import java.util.HashSet;
import java.util.Properties;
import java.util.List;
import java.util.Properties;
import java.util.Map;
import java.util.Properties;
import java.util.Properties;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.Properties;
import org.apache.kafka.clients.consumer.CloseOptions;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import java.util.Properties;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import java.util.Properties;
import org.apache.kafka.common.KafkaException;
import java.util.Properties;
import org.apache.kafka.common.PartitionInfo;
import java.util.Properties;
import org.apache.kafka.common.TopicPartition;
import java.util.Properties;
import org.apache.kafka.common.errors.WakeupException;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import java.util.Properties;
import org.slf4j.Logger;
import java.util.Properties;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's one Kafka consumer, on its own thread: it reads the events, gestures and labels
 * topics into the {@link Cameras}. No consumer group: partitions are assigned, nothing is committed,
 * so it never joins or rebalances a group the pipeline uses, and a reader is invisible to the job.
 *
 * <p>Where it starts: the events topic at its end (the live view is live); the gestures and labels
 * topics {@value #HISTORY} records before their end per partition, so that the timeline has some
 * history when the page opens. Topics that do not exist yet are looked for again every few seconds.
 *
 * <p>It never holds the pipeline back: it only reads, and when it falls behind on the events topic
 * (a packet's Kafka timestamp more than {@code maxBehind} old while more than
 * {@value #MIN_SKIP_RECORDS} records wait) it jumps to the end of that partition and counts what it
 * skipped; the cameras of that partition then start a new sequence run instead of counting a gap.
 */
final class TopicReader implements Runnable, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TopicReader.class);
    static final int HISTORY = 200;
    static final long MIN_SKIP_RECORDS = 100;
    private static final long ASSIGNMENT_REFRESH_MS = 3_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final DashboardSettings settings;
    private final Cameras cameras;
    private final WireCodec codec = new WireCodec();
    private final EventPacket scratch = new EventPacket("dashboard", SensorGeometry.DVS128, 1024);
    private final Set<TopicPartition> assigned = new HashSet<>();
    private final AtomicLong skippedRecords = new AtomicLong();
    private final AtomicLong unreadableRecords = new AtomicLong();
    private final AtomicLong ownLag = new AtomicLong();
    private volatile String lastError;
    private volatile int assignedCount;
    private volatile boolean closed;
    private long nextRefreshMs;

    TopicReader(DashboardSettings settings, Cameras cameras) {
        Map<String, Object> defaults = new HashMap<>();
        defaults.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, settings.readCommitted() ? "read_committed" : "read_uncommitted");
        defaults.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        defaults.put(ConsumerConfig.CLIENT_ID_CONFIG, "dvstream-dashboard");
        // Looking for a topic that is not there yet must not create it.
        defaults.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        // Bounded memory per poll: the reader is a bystander and must stay small.
        defaults.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        defaults.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 8 * 1024 * 1024);
        if (settings.bootstrap() != null) {
            defaults.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap());
        }
        // Assignment without a group: never a member of anything (KafkaClientConfig refuses group.id in the file).
        Properties config = settings.kafka().consumer(defaults);
        this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.settings = settings;
        this.cameras = cameras;
    }

    @Override
    public void run() {
        try {
            while (!closed) {
                long now = System.currentTimeMillis();
                if (now >= nextRefreshMs) {
                    refreshAssignment();
                    nextRefreshMs = now + ASSIGNMENT_REFRESH_MS;
                }
                if (assigned.isEmpty()) {
                    Thread.sleep(200);
                    continue;
                }
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    dispatch(r);
                }
                keepUp(records);
            }
        } catch (WakeupException e) {
            // close() asked us to stop
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            lastError = e.toString();
            LOG.error("Dashboard Kafka reader stopped: {}", e.toString());
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    private void refreshAssignment() {
        List<TopicPartition> added = new ArrayList<>();
        lastError = null;
        for (String topic : List.of(settings.eventsTopic(), settings.gesturesTopic(), settings.labelsTopic())) {
            List<PartitionInfo> partitions;
            try {
                partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5));
            } catch (KafkaException e) {
                // A timeout (no such broker, or a security setting it does not speak) or a refusal
                // (authentication, authorization): shown on the page, and tried again later.
                lastError = "no metadata for topic " + topic + ": " + e;
                continue;
            }
            for (PartitionInfo p : partitions == null ? List.<PartitionInfo>of() : partitions) {
                TopicPartition tp = new TopicPartition(topic, p.partition());
                if (assigned.add(tp)) {
                    added.add(tp);
                }
            }
        }
        if (added.isEmpty()) {
            return;
        }
        consumer.assign(List.copyOf(assigned));
        assignedCount = assigned.size();
        Map<TopicPartition, Long> ends = consumer.endOffsets(added, Duration.ofSeconds(10));
        Map<TopicPartition, Long> begins = consumer.beginningOffsets(added, Duration.ofSeconds(10));
        for (TopicPartition tp : added) {
            long end = ends.get(tp);
            long start = tp.topic().equals(settings.eventsTopic()) ? end : Math.max(begins.get(tp), end - HISTORY);
            consumer.seek(tp, start);
        }
        LOG.info("Dashboard reading {}", added);
    }

    private void dispatch(ConsumerRecord<byte[], byte[]> r) {
        String camera = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
        if (camera == null || r.value() == null) {
            unreadableRecords.incrementAndGet();
            return;
        }
        if (r.topic().equals(settings.eventsTopic())) {
            onPacket(camera, r);
        } else if (r.topic().equals(settings.gesturesTopic())) {
            onGesture(r.value());
        } else {
            onLabel(camera, r.value());
        }
    }

    private void onPacket(String camera, ConsumerRecord<byte[], byte[]> r) {
        CameraState state = cameras.get(camera);
        if (state == null) {
            return;
        }
        try {
            codec.decode(camera, r.value(), 0, r.value().length, scratch);
        } catch (WireFormatException e) {
            unreadableRecords.incrementAndGet();
            return;
        }
        state.onPacket(scratch, r.partition(), r.timestamp());
    }

    private void onGesture(byte[] value) {
        GestureEvent g;
        try {
            g = GestureEventJson.read(value);
        } catch (IOException | RuntimeException e) {
            unreadableRecords.incrementAndGet();
            return;
        }
        CameraState state = cameras.get(g.camera());
        if (state != null) {
            state.onGesture(g, System.currentTimeMillis());
        }
    }

    private void onLabel(String camera, byte[] value) {
        try {
            JsonNode n = JSON.readTree(value);
            CameraState state = cameras.get(camera);
            if (state != null && n != null && n.hasNonNull("gesture") && n.hasNonNull("startUs") && n.hasNonNull("endUs")) {
                state.onLabel(new CameraState.Label(n.get("gesture").asText(), n.get("startUs").asLong(), n.get("endUs").asLong()));
            }
        } catch (IOException e) {
            unreadableRecords.incrementAndGet();
        }
    }

    /** Jumps to the end of an events partition this reader is too far behind on (see the class comment). */
    private void keepUp(ConsumerRecords<byte[], byte[]> records) {
        long now = System.currentTimeMillis();
        long lag = 0;
        for (TopicPartition tp : assigned) {
            if (!tp.topic().equals(settings.eventsTopic())) {
                continue;
            }
            OptionalLong behind = consumer.currentLag(tp);
            long waiting = behind.orElse(0);
            List<ConsumerRecord<byte[], byte[]>> got = records.records(tp);
            boolean old = !got.isEmpty() && now - got.get(got.size() - 1).timestamp() > settings.maxBehind().toMillis();
            if (old && waiting > MIN_SKIP_RECORDS) {
                consumer.seekToEnd(List.of(tp));
                skippedRecords.addAndGet(waiting);
                cameras.resyncPartition(tp.partition());
                LOG.debug("Dashboard skipped {} records of {} to stay live", waiting, tp);
                waiting = 0;
            }
            lag += waiting;
        }
        ownLag.set(lag);
    }

    long skippedRecords() {
        return skippedRecords.get();
    }

    long unreadableRecords() {
        return unreadableRecords.get();
    }

    /** Records of the events topic this reader has not read yet (as of its last poll). */
    long ownLag() {
        return ownLag.get();
    }

    /** Partitions of the three topics being read. */
    int assignedPartitions() {
        return assignedCount;
    }

    /** The last problem reading Kafka, or null. */
    String lastError() {
        return lastError;
    }

    /** Stops {@link #run()}, which closes the consumer. */
    @Override
    public void close() {
        closed = true;
        consumer.wakeup();
    }

    /** Closes the consumer of a reader whose {@link #run()} never started. */
    void discard() {
        consumer.close(CloseOptions.timeout(Duration.ZERO));
    }
}
