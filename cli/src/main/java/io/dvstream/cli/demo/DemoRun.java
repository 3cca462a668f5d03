package io.dvstream.cli.demo;

import io.dvstream.events.binning.BinningConfig;
import io.dvstream.events.wire.Topics;
import io.dvstream.ingest.aedat.RecordingReader;
import io.dvstream.ingest.kafka.PacketPublisher;
import io.dvstream.ingest.kafka.PublisherConfig;
import io.dvstream.ingest.replay.TimedReplay;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the demo against a broker: replays each recording as a camera on its own thread,
 * consumes and bins what reaches Kafka, prints progress and a summary, and checks that every
 * event sent came back decoded.
 */
public final class DemoRun {

    private static final Logger LOG = LoggerFactory.getLogger(DemoRun.class);
    private static final Duration CATCH_UP = Duration.ofSeconds(30);

    /** Opens a recording the way the command line was told to. */
    @FunctionalInterface
    public interface RecordingOpener {
        RecordingReader open(Path file) throws IOException;
    }

    private final Map<String, Path> cameras = new LinkedHashMap<>();
    private final RecordingOpener opener;
    private final TimedReplay replay;
    private final BinningConfig binning;
    private final PrintWriter out;

    public DemoRun(List<Path> recordings, RecordingOpener opener, TimedReplay replay, BinningConfig binning, PrintWriter out) {
        Set<String> taken = new HashSet<>();
        for (Path file : recordings) {
            String name = file.getFileName().toString();
            String id = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
            String unique = id;
            for (int n = 2; !taken.add(unique); n++) {
                unique = id + "-" + n;
            }
            cameras.put(unique, file);
        }
        this.opener = opener;
        this.replay = replay;
        this.binning = binning;
        this.out = out;
    }

    /** Runs the demo; true when every event sent was received and decoded. */
    public boolean against(String bootstrap) throws InterruptedException {
        FrameConsumer consumer = new FrameConsumer(bootstrap, Topics.EVENTS, binning);
        consumer.awaitAssignment(Duration.ofSeconds(30));
        Thread consuming = new Thread(consumer, "demo-consumer");
        consuming.start();

        AtomicLong sent = new AtomicLong();
        Map<String, CameraResult> results = new ConcurrentHashMap<>();
        List<Thread> replays = new ArrayList<>();
        for (Map.Entry<String, Path> camera : cameras.entrySet()) {
            Thread t = new Thread(() -> results.put(camera.getKey(), replayOne(camera.getKey(), camera.getValue(), bootstrap, sent)),
                    "replay-" + camera.getKey());
            replays.add(t);
        }
        out.printf(Locale.ROOT, "Replaying %d recording(s) as cameras %s; frames of %.1f ms at %dx%d%n", cameras.size(),
                cameras.keySet(), binning.binWidthUs() / 1000.0, binning.outWidth(), binning.outHeight());
        out.flush();
        long start = System.nanoTime();
        replays.forEach(Thread::start);
        long nextReport = start;
        while (replays.stream().anyMatch(Thread::isAlive)) {
            nextReport += 1_000_000_000L;
            for (Thread t : replays) {
                long waitMs = (nextReport - System.nanoTime()) / 1_000_000;
                if (waitMs > 0) {
                    t.join(waitMs);
                }
            }
            progress(start, sent.get(), consumer);
        }
        long deadline = System.nanoTime() + CATCH_UP.toNanos();
        while (consumer.events() < sent.get() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        progress(start, sent.get(), consumer);
        consumer.close();
        consuming.join(10_000);
        return summary(results, consumer.results(), consumer.undecodable());
    }

    private CameraResult replayOne(String camera, Path file, String bootstrap, AtomicLong sent) {
        try (RecordingReader reader = opener.open(file);
             PacketPublisher publisher = new PacketPublisher(PublisherConfig.to(bootstrap))) {
            TimedReplay.Result r = replay.run(reader, camera, packet -> {
                publisher.publish(packet);
                sent.addAndGet(packet.size());
            });
            publisher.flush();
            return new CameraResult(file, reader.sensor().toString(), r, publisher.bytes(), null);
        } catch (Exception e) {
            LOG.error("Replay of {} as camera {} failed: {}", file, camera, e.toString());
            return new CameraResult(file, "?", null, 0, e.toString());
        }
    }

    private void progress(long startNanos, long sent, FrameConsumer consumer) {
        out.printf(Locale.ROOT, "  %5.1f s  sent %,9d events  received %,9d  frames %,7d  undecodable %d%n",
                (System.nanoTime() - startNanos) / 1e9, sent, consumer.events(), consumer.frames(), consumer.undecodable());
        out.flush();
    }

    private boolean summary(Map<String, CameraResult> sent, Map<String, CameraFrames> received, long undecodable) {
        out.println();
        out.println("camera                         sensor            sent   received  packets  gaps  B/event   frames (empty)  restarts  latency p50/p99 ms");
        boolean complete = undecodable == 0;
        for (String camera : cameras.keySet()) {
            CameraResult s = sent.get(camera);
            CameraFrames r = received.get(camera);
            if (s == null || s.replay == null) {
                out.printf(Locale.ROOT, "%-30s replay failed: %s%n", camera, s == null ? "did not finish" : s.error);
                complete = false;
                continue;
            }
            long got = r == null ? 0 : r.events;
            complete &= got == s.replay.events() && (r == null || r.sequenceGaps == 0);
            out.printf(Locale.ROOT, "%-30s %-16s %8d %10d %8d %5d %8.2f %8d (%6d) %9d %8d/%d%n", camera, s.sensor,
                    s.replay.events(), got, r == null ? 0 : r.packets, r == null ? 0 : r.sequenceGaps,
                    s.replay.events() == 0 ? 0.0 : (double) s.wireBytes / s.replay.events(),
                    r == null ? 0 : r.frames, r == null ? 0 : r.emptyFrames, r == null ? 0 : r.restarts,
                    r == null ? -1 : r.latencyPercentileMs(50), r == null ? -1 : r.latencyPercentileMs(99));
        }
        out.println();
        out.println(complete
                ? "Every event sent reached the consumer, decoded and binned into frames. Not in the demo yet: "
                        + "DS2TA inference on these frames and gesture events (the model runtime is being built)."
                : "INCOMPLETE: some events did not come back (see the table and the log above).");
        out.flush();
        return complete;
    }

    private record CameraResult(Path file, String sensor, TimedReplay.Result replay, long wireBytes, String error) {
    }
}
