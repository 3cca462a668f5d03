package io.dvstream.cli.demo;

import io.dvstream.ingest.gesture.GestureLabel;
import io.dvstream.jobs.decisions.GestureEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the demo knows about one camera: when each of its packets left (to measure latency), its
 * labels if a labels CSV sits next to the recording, and the gesture records that came back.
 * Written by the camera's replay thread and the gesture watcher; read by the summary.
 */
final class CameraTally {

    final String camera;
    final Path file;
    final List<GestureLabel> labels;
    final AtomicLong eventsSent = new AtomicLong();
    /** Camera time up to which a packet covers (exclusive) -> wall time it was handed to Kafka. */
    private final ConcurrentSkipListMap<Long, Long> publishedAtMs = new ConcurrentSkipListMap<>();
    private final List<Long> latenciesMs = new ArrayList<>();
    private long windows;
    private long gestureStarts;
    private long labelledWindows;
    private long correctWindows;
    private long lastRecordNanos;
    private int lastTop = -1;
    private long firstPublishedMs = Long.MAX_VALUE;
    private long firstEventUs = Long.MAX_VALUE;
    private long lastEventUs = Long.MIN_VALUE;
    private long lastEmittedMs = Long.MIN_VALUE;
    volatile String replayError;

    CameraTally(String camera, Path file, List<GestureLabel> labels) {
        this.camera = camera;
        this.file = file;
        this.labels = List.copyOf(labels);
    }

    /** A packet covering camera time up to {@code windowEndUs} was published at {@code wallMs}. */
    void published(long windowEndUs, long wallMs, int events) {
        publishedAtMs.putIfAbsent(windowEndUs, wallMs);
        eventsSent.addAndGet(events);
        synchronized (this) {
            firstPublishedMs = Math.min(firstPublishedMs, wallMs);
        }
    }

    /** The camera time a published packet spans, first to last event. */
    synchronized void spanned(long firstUs, long lastUs) {
        firstEventUs = Math.min(firstEventUs, firstUs);
        lastEventUs = Math.max(lastEventUs, lastUs);
    }

    /**
     * Whether the replay spanned at least one window of camera time: a shorter recording (or one
     * that failed) cannot get a window decision, and the demo does not wait for one.
     */
    synchronized boolean expectsWindows(long windowUs) {
        return replayError == null && lastEventUs >= firstEventUs && lastEventUs - firstEventUs >= windowUs;
    }

    /** Wall time of the first packet published, or Long.MAX_VALUE before it. */
    synchronized long firstPublishedMs() {
        return firstPublishedMs;
    }

    /** Latest emit time of a record of this camera, or Long.MIN_VALUE before the first. */
    synchronized long lastEmittedMs() {
        return lastEmittedMs;
    }

    /**
     * Event-to-decision latency of a record: its emit wall time minus the wall time the packet
     * holding the window's last events left the camera (i.e. when camera time reached the window's
     * end, at the replay's pace); empty when no such packet is known.
     */
    Optional<Long> latencyMs(GestureEvent g) {
        Map.Entry<Long, Long> e = publishedAtMs.floorEntry(g.endUs());
        return e == null ? Optional.empty() : Optional.of(g.emittedAtMs() - e.getValue());
    }

    /** The label whose interval holds camera time {@code tUs}, if any. */
    Optional<GestureLabel> labelAt(long tUs) {
        for (GestureLabel l : labels) {
            if (tUs >= l.startUs() && tUs < l.endUs()) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }

    synchronized void record(GestureEvent g) {
        lastRecordNanos = System.nanoTime();
        lastEmittedMs = Math.max(lastEmittedMs, g.emittedAtMs());
        if (g.kind() == GestureEvent.Kind.START) {
            gestureStarts++;
            return;
        }
        if (g.kind() != GestureEvent.Kind.WINDOW) {
            return;
        }
        windows++;
        latencyMs(g).ifPresent(latenciesMs::add);
        Optional<GestureLabel> label = labelAt((g.startUs() + g.endUs()) / 2);
        if (label.isPresent()) {
            labelledWindows++;
            if (label.get().gesture().index() == g.classIndex()) {
                correctWindows++;
            }
        }
    }

    /** Whether window {@code g}'s top class differs from the previous window's (the first window counts as a change). */
    synchronized boolean topChanged(GestureEvent g) {
        boolean changed = g.classIndex() != lastTop;
        lastTop = g.classIndex();
        return changed;
    }

    synchronized long windows() {
        return windows;
    }

    synchronized long gestureStarts() {
        return gestureStarts;
    }

    synchronized long labelledWindows() {
        return labelledWindows;
    }

    synchronized long correctWindows() {
        return correctWindows;
    }

    synchronized long lastRecordNanos() {
        return lastRecordNanos;
    }

    /** The p-th percentile (nearest rank) of the window latencies, or -1 without any. */
    synchronized long latencyPercentileMs(double p) {
        return percentile(latenciesMs, p);
    }

    synchronized List<Long> latencies() {
        return List.copyOf(latenciesMs);
    }

    static long percentile(List<Long> values, double p) {
        if (values.isEmpty()) {
            return -1;
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }
}
