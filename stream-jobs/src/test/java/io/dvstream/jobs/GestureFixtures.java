package io.dvstream.jobs;

import io.dvstream.events.EventPacket;
import io.dvstream.events.binning.BinningConfig;
import io.dvstream.events.binning.Frame;
import io.dvstream.events.binning.FrameBinner;
import io.dvstream.events.binning.FrameListener;
import io.dvstream.events.sensor.SensorGeometry;
import io.dvstream.ingest.aedat.RecordingReader;
import io.dvstream.ingest.aedat.Recordings;
import io.dvstream.ingest.replay.Packetizer;
import io.dvstream.jobs.binning.SparseFrame;
import io.dvstream.jobs.decisions.DecisionConfig;
import io.dvstream.jobs.decisions.DecisionState;
import io.dvstream.jobs.decisions.GestureDecider;
import io.dvstream.jobs.decisions.GestureEvent;
import io.dvstream.jobs.inference.InferenceSettings;
import io.dvstream.jobs.inference.StandInClassifier;
import io.dvstream.jobs.inference.StepClassifier;
import io.dvstream.jobs.inference.WindowScores;
import io.dvstream.model.StreamingConfig;
import io.dvstream.model.StreamingConfig.WindowMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What the gesture job ITs share: the stand-in classifier and settings, camera inputs built from
 * the recording, the offline reference, and reading committed records.
 */
final class GestureFixtures {

    static final long PACKET_US = 10_000;
    static final long BIN_US = 10_000;
    static final StandInClassifier STAND_IN = StandInClassifier.of(17, StreamingConfig.DVS128_GESTURE_CLASSES);
    static final InferenceSettings WINDOWS = new InferenceSettings(10, 5, WindowMode.CARRY);
    /** Low thresholds: the stand-in's scores are flat; the point is that starts and ends happen at all. */
    static final DecisionConfig DECISIONS = new DecisionConfig(0.3, 0.2, 2, 2, 20, null);

    private GestureFixtures() {
    }

    // ---- offline reference: FrameBinner at the classifier's resolution, the stand-in stepped in a plain loop ----

    static List<GestureEvent> offline(String cam, List<EventPacket> packets) {
        List<SparseFrame> frames = new ArrayList<>();
        FrameBinner binner = new FrameBinner(BinningConfig.of(BIN_US, STAND_IN.inputWidth(), STAND_IN.inputHeight()),
                SensorGeometry.DVS128);
        FrameListener collect = new FrameListener() {
            @Override
            public void onFrame(Frame f) {
                frames.add(SparseFrame.of(cam, binner.restarts(), f));
            }
        };
        for (EventPacket p : packets) {
            binner.accept(p, collect);
        }
        GestureDecider decider = new GestureDecider(DECISIONS, STAND_IN.classNames(), STAND_IN.modelId());
        List<GestureEvent> out = new ArrayList<>();
        DecisionState decisions = null;
        int t = WINDOWS.windowSteps();
        int stride = WINDOWS.stride();
        int from = 0;
        while (from < frames.size()) {
            int to = from;
            while (to < frames.size() && frames.get(to).stream == frames.get(from).stream) {
                to++;
            }
            List<SparseFrame> stream = frames.subList(from, to);
            List<StepClassifier.Step> steps = new ArrayList<>();
            float[] state = STAND_IN.newState();
            for (SparseFrame f : stream) {
                steps.add(STAND_IN.step(f.toDense(), state));
            }
            for (int w = 0; w * stride + t <= stream.size(); w++) {
                WindowScores ws = new WindowScores();
                ws.cameraId = cam;
                ws.stream = stream.get(0).stream;
                ws.window = w;
                ws.startUs = stream.get(w * stride).startUs;
                ws.endUs = stream.get(w * stride + t - 1).endUs;
                double[] sum = new double[STAND_IN.classNames().size()];
                double firing = 0;
                double energy = 0;
                for (int k = w * stride; k < w * stride + t; k++) {
                    for (int c = 0; c < sum.length; c++) {
                        sum[c] += steps.get(k).logits()[c];
                    }
                    firing += steps.get(k).firingRate();
                    energy += steps.get(k).energyJoules();
                    ws.events += stream.get(k).eventCount;
                }
                ws.logits = new float[sum.length];
                for (int c = 0; c < sum.length; c++) {
                    ws.logits[c] = (float) (sum[c] / t);
                }
                ws.firingRate = firing / t;
                ws.energyJoules = energy;
                GestureDecider.Outcome o = decider.decide(decisions, ws, 0);
                decisions = o.state();
                out.addAll(o.events());
            }
            from = to;
        }
        return out;
    }

    // ---- input ----

    static List<EventPacket> packets(Path recording) throws Exception {
        List<EventPacket> out = new ArrayList<>();
        try (RecordingReader reader = Recordings.open(recording)) {
            Packetizer packetizer = new Packetizer(PACKET_US, p -> out.add(p.copy()));
            while (reader.hasNext()) {
                packetizer.accept(reader.next());
            }
            packetizer.flush();
        }
        return out;
    }

    static List<EventPacket> between(List<EventPacket> source, long fromUs, long toUs) {
        return source.stream().filter(p -> p.firstTUs() >= fromUs && p.lastTUs() < toUs).toList();
    }

    /** Copies as camera {@code id}, timestamps shifted by {@code shiftUs}, sequence numbers 0, 1, 2, ... */
    static List<EventPacket> renamed(List<EventPacket> source, String id, long shiftUs) {
        List<EventPacket> out = new ArrayList<>(source.size());
        long seq = 0;
        for (EventPacket p : source) {
            EventPacket q = new EventPacket(id, p.sensor(), p.size());
            for (int i = 0; i < p.size(); i++) {
                q.append(p.tUs(i) + shiftUs, p.x(i), p.y(i), p.isOn(i));
            }
            q.setSequence(seq++);
            out.add(q);
        }
        return out;
    }

    /** Synthetic: one event every 40 ms at a fixed pixel, in 10 ms packets (empty ones not sent). */
    static List<EventPacket> idleCamera(String id, long t0, long durationUs) {
        List<EventPacket> out = new ArrayList<>();
        long seq = 0;
        for (long t = t0; t < t0 + durationUs; t += 40_000) {
            EventPacket p = new EventPacket(id, SensorGeometry.DVS128);
            p.append(t, 64, 64, true);
            p.setSequence(seq++);
            out.add(p);
        }
        return out;
    }

    /**
     * All committed records of {@code topic}, in offset order per partition, read again until at
     * least {@code atLeast} are there (the sink commits as the job ends) or 30 s have passed.
     */
    static List<ConsumerRecord<byte[], byte[]>> readCommitted(String bootstrap, String topic, int atLeast) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
            Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                    new ByteArrayDeserializer())) {
                List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                        .map(p -> new TopicPartition(topic, p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("could not read " + topic + " to " + end + " within 30 s");
                    }
                    consumer.poll(Duration.ofMillis(200)).forEach(read::add);
                }
            }
            if (read.size() >= atLeast || System.nanoTime() > deadline) {
                return read;
            }
            Thread.sleep(200);
        }
    }

    /**
     * Sends every record and waits for each acknowledgement, so that a lost send fails the test
     * here instead of showing up as missing output; then checks the topic's end offsets grew by as
     * many records.
     */
    static void sendAll(String bootstrap, String topic, List<org.apache.kafka.clients.producer.ProducerRecord<byte[], byte[]>> records)
            throws Exception {
        Map<String, Object> props = Map.of(org.apache.kafka.clients.producer.ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                org.apache.kafka.clients.producer.ProducerConfig.ACKS_CONFIG, "all",
                org.apache.kafka.clients.producer.ProducerConfig.LINGER_MS_CONFIG, 5);
        long before = endOffsetSum(bootstrap, topic);
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]>(props,
                new org.apache.kafka.common.serialization.ByteArraySerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            List<java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata>> acks = new ArrayList<>();
            for (var r : records) {
                acks.add(producer.send(r));
            }
            producer.flush();
            for (var ack : acks) {
                ack.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
        long after = endOffsetSum(bootstrap, topic);
        if (after - before != records.size()) {
            throw new AssertionError(topic + " grew by " + (after - before) + " records, " + records.size() + " were sent");
        }
    }

    private static long endOffsetSum(String bootstrap, String topic) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return consumer.endOffsets(partitions, Duration.ofSeconds(30)).values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
