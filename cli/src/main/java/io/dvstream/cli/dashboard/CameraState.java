package io.dvstream.cli.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dvstream.events.EventPacket;
import io.dvstream.jobs.decisions.GestureEvent;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.OptionalLong;

/**
 * Everything the dashboard shows about one camera, from what is in the topics: its packets (live
 * view, counts, rates, when each was published), its gesture records (scores, gesture in progress,
 * timeline, latency) and its labels. The Kafka reader writes, the tickers read snapshots; all
 * methods lock the instance, each for a short time.
 */
final class CameraState {

    /** Timeline entries (gesture starts and ends) kept. */
    static final int TIMELINE = 40;
    /** Windows kept for the timeline strip (at a window every 250 ms, 40 s). */
    static final int WINDOWS = 160;
    /** Labels kept. */
    static final int LABELS = 40;

    private final String camera;
    private EventAccumulator view;
    private final PacketCounts counts = new PacketCounts();
    private final PublishTimes published = new PublishTimes();
    private final RateMeter eventRate = new RateMeter();
    private final RateMeter packetRate = new RateMeter();
    private final ClassNames classNames = new ClassNames();
    private final LatencyWindow decisionLatency = new LatencyWindow();
    private final LatencyWindow visibleAfter = new LatencyWindow();
    private final Deque<GestureEvent> timeline = new ArrayDeque<>();
    private final Deque<GestureEvent> windows = new ArrayDeque<>();
    private final Deque<Label> labels = new ArrayDeque<>();
    private GestureEvent lastWindow;
    private GestureEvent current;
    /** Classifier time per closing frame, microseconds (records without the field add nothing). */
    private final LatencyWindow inferenceUs = new LatencyWindow();
    private long windowCount;
    private long starts;
    private long lastCameraUs = Long.MIN_VALUE;
    private int partition = -1;

    /** A ground-truth label from the labels topic (camera time). */
    record Label(String gesture, long startUs, long endUs) {
    }

    CameraState(String camera) {
        this.camera = camera;
    }

    String camera() {
        return camera;
    }

    synchronized void onPacket(EventPacket packet, int kafkaPartition, long kafkaTimestampMs) {
        partition = kafkaPartition;
        counts.add(packet.sequence(), packet.size(), packet.droppedEvents());
        if (packet.isEmpty()) {
            return;
        }
        if (view == null || !view.sensor().equals(packet.sensor())) {
            view = new EventAccumulator(packet.sensor());
        }
        view.add(packet);
        published.add(packet.lastTUs(), kafkaTimestampMs);
        lastCameraUs = packet.lastTUs();
    }

    /** The dashboard skipped records of this camera's partition: the next sequence number is not a gap. */
    synchronized void resync() {
        counts.resync();
    }

    /** @param receivedMs wall time the dashboard read the record */
    synchronized void onGesture(GestureEvent g, long receivedMs) {
        switch (g.kind()) {
            case WINDOW -> {
                int k = g.scores() == null ? 0 : g.scores().length;
                classNames.learn(g.classIndex(), g.gesture(), k);
                if (lastWindow != null && lastWindow.stream() != g.stream()) {
                    current = null;
                }
                lastWindow = g;
                windowCount++;
                add(windows, g, WINDOWS);
                OptionalLong at = published.publishedAtMs(g.endUs() - 1);
                if (at.isPresent()) {
                    decisionLatency.add(g.emittedAtMs() - at.getAsLong());
                }
                visibleAfter.add(receivedMs - g.emittedAtMs());
                if (!Double.isNaN(g.inferenceMs())) {
                    inferenceUs.add(Math.round(g.inferenceMs() * 1000));
                }
            }
            case START -> {
                classNames.learn(g.classIndex(), g.gesture(), 0);
                current = g;
                starts++;
                add(timeline, g, TIMELINE);
            }
            case END -> {
                if (current != null && current.gesture().equals(g.gesture())) {
                    current = null;
                }
                add(timeline, g, TIMELINE);
            }
        }
        if (view == null && g.endUs() > lastCameraUs) {
            // No packets seen (the dashboard reads only the gestures): the records give the camera's time.
            lastCameraUs = g.endUs();
        }
    }

    synchronized void onLabel(Label label) {
        add(labels, label, LABELS);
    }

    private static <T> void add(Deque<T> deque, T item, int capacity) {
        if (deque.size() == capacity) {
            deque.removeFirst();
        }
        deque.addLast(item);
    }

    /** The live-view frame since the last call, or null when this camera has sent no events yet. */
    synchronized Frame drainFrame() {
        return view == null ? null : new Frame(view.width(), view.height(), view.scale(), view.drain());
    }

    /** One frame of the live view (see {@link EventAccumulator} for the bytes). */
    record Frame(int width, int height, int scale, byte[] pixels) {
    }

    synchronized int partition() {
        return partition;
    }

    /**
     * The camera as the page's state message shows it.
     *
     * @param jobLag the gesture job's lag on this camera's partition, in records, or null when unknown
     */
    synchronized ObjectNode snapshot(long nowNanos, Long jobLag) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode n = f.objectNode();
        n.put("camera", camera);
        if (view != null) {
            n.put("sensor", view.sensor().toString());
        }
        n.put("cameraUs", lastCameraUs == Long.MIN_VALUE ? 0 : lastCameraUs);
        ObjectNode h = n.putObject("health");
        h.put("eventsPerSecond", Math.round(eventRate.sample(nowNanos, counts.events())));
        h.put("packetsPerSecond", Math.round(packetRate.sample(nowNanos, counts.packets())));
        h.put("events", counts.events());
        h.put("packets", counts.packets());
        h.put("droppedEvents", counts.dropped());
        h.put("sequenceGaps", counts.gaps());
        h.put("missingPackets", counts.missingPackets());
        h.put("sequenceRestarts", counts.restarts());
        h.put("partition", partition);
        if (jobLag != null) {
            h.put("jobLagRecords", jobLag);
        }
        if (!decisionLatency.isEmpty()) {
            h.put("decisionLatencyMs", decisionLatency.last());
            h.put("decisionLatencyP50Ms", decisionLatency.percentile(50));
            h.put("decisionLatencyP95Ms", decisionLatency.percentile(95));
        }
        if (!visibleAfter.isEmpty()) {
            h.put("visibleAfterMs", visibleAfter.last());
        }
        if (!inferenceUs.isEmpty()) {
            h.put("inferenceMs", inferenceUs.last() / 1000.0);
            h.put("inferenceP50Ms", inferenceUs.percentile(50) / 1000.0);
            h.put("inferenceP95Ms", inferenceUs.percentile(95) / 1000.0);
        }
        h.put("windows", windowCount);
        h.put("gestureStarts", starts);
        if (lastWindow != null) {
            int k = lastWindow.scores() == null ? 0 : lastWindow.scores().length;
            List<String> names = classNames.names(k);
            ArrayNode classes = n.putArray("classes");
            names.forEach(classes::add);
            ObjectNode w = n.putObject("window");
            w.put("gesture", lastWindow.gesture());
            w.put("classIndex", lastWindow.classIndex());
            w.put("confidence", lastWindow.confidence());
            w.put("window", lastWindow.window());
            w.put("stream", lastWindow.stream());
            w.put("startUs", lastWindow.startUs());
            w.put("endUs", lastWindow.endUs());
            w.put("modelId", lastWindow.modelId());
            w.put("firingRate", lastWindow.firingRate());
            w.put("energyJoules", lastWindow.energyJoules());
            ArrayNode scores = w.putArray("scores");
            for (int i = 0; i < k; i++) {
                scores.add(lastWindow.scores()[i]);
            }
        }
        if (current != null) {
            ObjectNode c = n.putObject("current");
            c.put("gesture", current.gesture());
            c.put("classIndex", current.classIndex());
            c.put("confidence", current.confidence());
            c.put("startUs", current.startUs());
        }
        ArrayNode t = n.putArray("timeline");
        for (GestureEvent g : timeline) {
            t.addObject().put("kind", g.kind().key()).put("gesture", g.gesture()).put("classIndex", g.classIndex())
                    .put("confidence", g.confidence()).put("startUs", g.startUs()).put("endUs", g.endUs())
                    .put("emittedAtMs", g.emittedAtMs());
        }
        ArrayNode ws = n.putArray("windows");
        for (GestureEvent g : windows) {
            ws.addArray().add(g.startUs()).add(g.endUs()).add(g.classIndex()).add(Math.round(g.confidence() * 1000) / 1000.0);
        }
        ArrayNode ls = n.putArray("labels");
        for (Label l : labels) {
            ls.addObject().put("gesture", l.gesture()).put("startUs", l.startUs()).put("endUs", l.endUs());
        }
        return n;
    }
}
