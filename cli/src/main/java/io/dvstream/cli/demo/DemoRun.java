package io.dvstream.cli.demo;

import io.dvstream.ingest.EventReader;
import io.dvstream.ingest.aedat.RecordingReader;
import io.dvstream.ingest.gesture.GestureLabel;
import io.dvstream.ingest.gesture.GestureLabels;
import io.dvstream.ingest.kafka.PacketPublisher;
import io.dvstream.ingest.kafka.PublisherConfig;
import io.dvstream.ingest.replay.TimedReplay;
import io.dvstream.jobs.BinningJob;
import io.dvstream.jobs.GestureJob;
import io.dvstream.jobs.GestureJobConfig;
import io.dvstream.jobs.inference.StepClassifier;
import io.dvstream.kafka.clientconfig.KafkaClientConfig;
import io.dvstream.events.EventPacket;
import io.dvstream.events.sensor.SensorGeometry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the demo against a broker: starts the gesture job on a local Flink MiniCluster in
 * this process, replays each recording as a camera at its pace on its own thread, prints each
 * gesture start and end as it comes back on the gestures topic, and ends with a per-camera summary
 * (windows, gestures, accuracy against the labels where known, event-to-decision latency). The
 * job is cancelled and its temporary directory removed before it returns.
 */
public final class DemoRun {

    private static final Logger LOG = LoggerFactory.getLogger(DemoRun.class);
    /**
     * After the replays end: stop once every camera has had decisions and none has come back for
     * this long (the last frames close on the idle timeout; idle windows give no record).
     */
    private static final Duration QUIET = Duration.ofSeconds(5);
    /** At most this long after the replays end (a job that cannot keep up is still stopped). */
    private static final Duration CATCH_UP = Duration.ofSeconds(90);

    /** Opens a recording the way the command line was told to. */
    @FunctionalInterface
    public interface RecordingOpener {
        RecordingReader open(Path file) throws IOException;
    }

    /** Topic names the run uses. */
    public record Topics(String events, String gestures, String deadLetters) {
    }

    private final Map<String, CameraTally> cameras = new LinkedHashMap<>();
    private final RecordingOpener opener;
    private final TimedReplay replay;
    private final long packetUs;
    private final long maxCameraUs;
    private final StepClassifier classifier;
    private final Map<String, String> jobSettings;
    private final PrintWriter out;
    /** When the last replay ended (the quiet period counts from there at the earliest). */
    private volatile long quietFrom;
    private long startNanos;
    /** Camera time one window spans ({@code T} frames); set when the job is configured. */
    private long windowUs;

    /**
     * @param maxCameraUs camera time replayed from each recording's first event (0: all of it)
     * @param jobSettings job settings (docs/gesture-job.md) beyond the topics and the broker
     */
    public DemoRun(List<Path> recordings, RecordingOpener opener, TimedReplay replay, long packetUs, long maxCameraUs,
                   StepClassifier classifier, Map<String, String> jobSettings, PrintWriter out) throws IOException {
        Set<String> taken = new HashSet<>();
        for (Path file : recordings) {
            String name = file.getFileName().toString();
            String id = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
            String unique = id;
            for (int n = 2; !taken.add(unique); n++) {
                unique = id + "-" + n;
            }
            cameras.put(unique, new CameraTally(unique, file, labelsOf(file, id)));
        }
        this.opener = opener;
        this.replay = replay;
        this.packetUs = packetUs;
        this.maxCameraUs = maxCameraUs;
        this.classifier = classifier;
        this.jobSettings = Map.copyOf(jobSettings);
        this.out = out;
    }

    /** {@code NAME_labels.csv} next to {@code NAME.aedat}, if present and readable (else none, with a warning). */
    private static List<GestureLabel> labelsOf(Path file, String stem) {
        Path csv = file.resolveSibling(stem + "_labels.csv");
        if (!Files.isRegularFile(csv)) {
            return List.of();
        }
        try {
            return GestureLabels.read(csv);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Ignoring labels {}: {}", csv, e.getMessage());
            return List.of();
        }
    }

    /** Runs the demo; true when the job ran throughout and every camera got window decisions back. */
    public boolean against(String bootstrap, Topics topics, int parallelism) throws Exception {
        return against(bootstrap, KafkaClientConfig.none(), topics, parallelism);
    }

    /** As {@link #against(String, Topics, int)}, every Kafka client with {@code clients}' settings (--kafka-config). */
    public boolean against(String bootstrap, KafkaClientConfig clients, Topics topics, int parallelism) throws Exception {
        Path tmp = Files.createTempDirectory("dvstream-demo-");
        String runId = tmp.getFileName().toString();
        Map<String, String> settings = new LinkedHashMap<>(jobSettings);
        settings.put("bootstrap.servers", bootstrap);
        settings.put("input.topic", topics.events());
        settings.put("output.topic", topics.gestures());
        settings.put("deadletter.topic", topics.deadLetters());
        settings.put("group.id", runId);
        settings.put("transactional.id.prefix", runId);
        settings.put("parallelism", Integer.toString(parallelism));
        settings.putIfAbsent("checkpoint.interval.ms", "2000");
        settings.putIfAbsent("idle.timeout.ms", "500");
        GestureJobConfig config = GestureJobConfig.fromMap(settings);
        windowUs = config.inference().windowSteps() * config.job().binning().binWidthUs();
        JobClient job = null;
        long start = System.nanoTime();
        startNanos = start;
        try (GestureWatcher watcher = new GestureWatcher(bootstrap, clients, topics.gestures(), cameras, out, start)) {
            Thread watching = new Thread(watcher, "demo-gesture-watcher");
            watching.start();
            Configuration flink = BinningJob.flinkConfiguration();
            flink.set(CoreOptions.TMP_DIRS, tmp.toString());
            flink.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, flink);
            job = new GestureJob(config, classifier, clients).executeAsync(env);
            awaitRunning(job);
            var b = config.job().binning();
            out.printf(Locale.ROOT, "Gesture job running on a local Flink MiniCluster (parallelism %d): %s -> %s, frames of %.0f ms at "
                            + "%dx%d pooled to the model's %dx%d, windows of %d steps every %d, checkpoints every %d ms%n",
                    parallelism, topics.events(), topics.gestures(), b.binWidthUs() / 1000.0, b.frameWidth(), b.frameHeight(),
                    classifier.inputWidth(), classifier.inputHeight(), config.inference().windowSteps(), config.inference().stride(),
                    config.job().checkpointIntervalMs());
            out.printf(Locale.ROOT, "Replaying %d recording(s) as cameras %s%s; gesture starts and ends, and windows whose top class changed, as they happen:%n",
                    cameras.size(), cameras.keySet(), maxCameraUs > 0 ? String.format(Locale.ROOT, " (first %.0f s of each)",
                            maxCameraUs / 1e6) : "");
            out.flush();
            List<Thread> replays = new ArrayList<>();
            for (CameraTally camera : cameras.values()) {
                Thread t = new Thread(() -> replayOne(camera, bootstrap, clients, topics.events()), "replay-" + camera.camera);
                replays.add(t);
                t.start();
            }
            long nextReport = System.nanoTime();
            while (replays.stream().anyMatch(Thread::isAlive)) {
                nextReport += TimeUnit.SECONDS.toNanos(5);
                for (Thread t : replays) {
                    long waitMs = (nextReport - System.nanoTime()) / 1_000_000;
                    if (waitMs > 0) {
                        t.join(waitMs);
                    }
                }
                failIfEnded(job);
                progress(start);
            }
            out.println("  replays done; waiting for the job to catch up");
            awaitQuiet(job);
            progress(start);
            job.cancel().get(30, TimeUnit.SECONDS);
            job = null;
            watcher.close();
            watching.join(10_000);
            return summary(watcher.unreadable());
        } finally {
            if (job != null) {
                try {
                    job.cancel().get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    LOG.warn("Could not cancel the demo job: {}", e.toString());
                }
            }
            deleteTree(tmp);
        }
    }

    private void awaitRunning(JobClient job) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (job.getJobStatus().get() != JobStatus.RUNNING) {
            failIfEnded(job);
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the gesture job did not start within 60 s");
            }
            Thread.sleep(100);
        }
        // The tasks deploy just after the job reports RUNNING; give them a moment so that the first
        // windows' latency does not include the job's start.
        Thread.sleep(1_000);
    }

    private static void failIfEnded(JobClient job) throws Exception {
        JobStatus s = job.getJobStatus().get();
        if (s.isGloballyTerminalState()) {
            job.getJobExecutionResult().get(); // throws the job's failure
            throw new IllegalStateException("the gesture job ended early: " + s);
        }
    }

    /** Waits until every camera has had decisions and none came back for {@link #QUIET} (at most {@link #CATCH_UP}). */
    private void awaitQuiet(JobClient job) throws Exception {
        long deadline = System.nanoTime() + CATCH_UP.toNanos();
        long nextReport = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            failIfEnded(job);
            boolean everyCamera = cameras.values().stream().allMatch(c -> c.windows() > 0 || !c.expectsWindows(windowUs));
            long last = cameras.values().stream().mapToLong(CameraTally::lastRecordNanos).max().orElse(0);
            if (everyCamera && System.nanoTime() - Math.max(last, quietFrom) > QUIET.toNanos()) {
                return;
            }
            if (System.nanoTime() > nextReport) {
                nextReport += TimeUnit.SECONDS.toNanos(5);
                progress(startNanos);
            }
            Thread.sleep(100);
        }
        LOG.warn("Decisions still arriving {} s after the replays ended; stopping anyway", CATCH_UP.toSeconds());
    }

    private void replayOne(CameraTally camera, String bootstrap, KafkaClientConfig clients, String topic) {
        try (RecordingReader reader = opener.open(camera.file);
             PacketPublisher publisher = new PacketPublisher(toTopic(PublisherConfig.to(bootstrap), topic), clients)) {
            replay.run(maxCameraUs > 0 ? new Truncated(reader, maxCameraUs) : reader, camera.camera, packet -> {
                publisher.publish(packet);
                if (!packet.isEmpty()) {
                    long windowEndUs = Math.floorDiv(packet.firstTUs(), packetUs) * packetUs + packetUs;
                    camera.published(windowEndUs, System.currentTimeMillis(), packet.size());
                    camera.spanned(packet.firstTUs(), packet.lastTUs());
                }
            });
            publisher.flush();
        } catch (Exception e) {
            LOG.error("Replay of {} as camera {} failed: {}", camera.file, camera.camera, e.toString());
            camera.replayError = e.toString();
        } finally {
            quietFrom = System.nanoTime();
        }
    }

    private static PublisherConfig toTopic(PublisherConfig c, String topic) {
        return new PublisherConfig(c.bootstrapServers(), topic, c.compression(), c.lingerMs(), c.requestTimeoutMs(),
                c.deliveryTimeoutMs(), c.batchBytes());
    }

    private void progress(long startNanos) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "  [%6.1f s] windows so far:", (System.nanoTime() - startNanos) / 1e9));
        cameras.values().forEach(c -> s.append(' ').append(c.camera).append(' ').append(c.windows()));
        synchronized (out) {
            out.println(s);
            out.flush();
        }
    }

    private boolean summary(long unreadable) {
        boolean complete = unreadable == 0;
        List<Long> all = new ArrayList<>();
        long labelled = 0;
        long correct = 0;
        int k = classifier.classNames().size();
        synchronized (out) {
            out.println();
            out.println("Summary (model " + classifier.modelId() + ")");
            out.println("camera                         events sent  windows  gesture starts  window accuracy vs labels     latency p50 / p99 ms");
            for (CameraTally c : cameras.values()) {
                complete &= c.replayError == null && (c.windows() > 0 || !c.expectsWindows(windowUs));
                String accuracy = c.labels.isEmpty() ? "no labels"
                        : c.labelledWindows() == 0 ? "0 labelled windows"
                        : String.format(Locale.ROOT, "%5.1f%% of %d labelled", 100.0 * c.correctWindows() / c.labelledWindows(),
                                c.labelledWindows());
                out.printf(Locale.ROOT, "%-30s %11d %8d %15d  %-28s %8d / %d%s%n", c.camera, c.eventsSent.get(), c.windows(),
                        c.gestureStarts(), accuracy, c.latencyPercentileMs(50), c.latencyPercentileMs(99),
                        c.replayError != null ? "   REPLAY FAILED: " + c.replayError
                                : c.windows() == 0 && !c.expectsWindows(windowUs) ? "   (shorter than one window)" : "");
                all.addAll(c.latencies());
                labelled += c.labelledWindows();
                correct += c.correctWindows();
            }
            out.printf(Locale.ROOT, "all cameras: %d windows, latency p50 %d ms, p99 %d ms (emit time minus the wall time the "
                            + "window's end was reached by the replay)%n",
                    all.size(), CameraTally.percentile(all, 50), CameraTally.percentile(all, 99));
            long first = cameras.values().stream().mapToLong(CameraTally::firstPublishedMs).min().orElse(Long.MAX_VALUE);
            long last = cameras.values().stream().mapToLong(CameraTally::lastEmittedMs).max().orElse(Long.MIN_VALUE);
            long events = cameras.values().stream().mapToLong(c -> c.eventsSent.get()).sum();
            if (last > first) {
                out.printf(Locale.ROOT, "throughput: %d events in %.1f s from the first packet published to the last decision "
                        + "emitted = %.0f events/s (at --speed max this is the job's rate)%n", events, (last - first) / 1e3,
                        events / ((last - first) / 1e3));
            }
            if (labelled > 0) {
                out.printf(Locale.ROOT, "accuracy over %d labelled windows: %.1f%% (chance with %d classes: %.1f%%)%n", labelled,
                        100.0 * correct / labelled, k, 100.0 / k);
            }
            if (unreadable > 0) {
                out.println(unreadable + " unreadable record(s) on the gestures topic");
            }
            out.println(complete ? "Every camera got window decisions back; job cancelled."
                    : "INCOMPLETE: some camera got no decisions back or failed to replay (see above).");
            out.flush();
        }
        return complete;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", dir, e.toString());
        }
    }

    /** The reader's packets up to {@code maxUs} of camera time after its first event. */
    private static final class Truncated implements EventReader {
        private final RecordingReader reader;
        private final long maxUs;
        private long endUs = Long.MIN_VALUE;
        private EventPacket next;

        Truncated(RecordingReader reader, long maxUs) {
            this.reader = reader;
            this.maxUs = maxUs;
        }

        @Override
        public SensorGeometry sensor() {
            return reader.sensor();
        }

        @Override
        public boolean hasNext() {
            if (next == null && reader.hasNext()) {
                EventPacket p = reader.next();
                if (endUs == Long.MIN_VALUE) {
                    endUs = p.firstTUs() + maxUs;
                }
                if (p.firstTUs() < endUs) {
                    next = p;
                }
            }
            return next != null;
        }

        @Override
        public EventPacket next() {
            if (!hasNext()) {
                throw new java.util.NoSuchElementException();
            }
            EventPacket p = next;
            next = null;
            return p;
        }

        @Override
        public void close() {
            reader.close();
        }
    }
}
