package io.dvstream.cli;

import io.dvstream.ingest.gesture.GestureLabel;
import io.dvstream.ingest.replay.LoopingReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * Releases a recording's gesture labels in step with its replay: every pass of a
 * {@link LoopingReader} queues the labels shifted by the pass's offset, and
 * {@link #releaseBefore} hands out those whose start the replay's camera clock has reached.
 *
 * <p>A label that starts before the pass's first event is released with the first packet; one that
 * starts after the pass's last event is never released (the replay never reaches it) and is
 * counted in {@link #notReached()}.
 */
final class LabelFeed implements LoopingReader.PassListener {

    /**
     * A label as the replay sends it: times on the replayed (shifted) camera clock.
     *
     * @param sendAtUs when the label is due: its start, or the pass's first event if that is later
     */
    record Due(GestureLabel label, long pass, long startUs, long endUs, long sendAtUs) {
    }

    private final List<GestureLabel> labels;
    private final ArrayDeque<Due> pending = new ArrayDeque<>();
    private long released;
    private long notReached;

    LabelFeed(List<GestureLabel> labels) {
        List<GestureLabel> sorted = new ArrayList<>(labels);
        sorted.sort(Comparator.comparingLong(GestureLabel::startUs));
        this.labels = List.copyOf(sorted);
    }

    @Override
    public void onPass(long pass, long offsetUs, long firstUs, long previousLastUs) {
        dropAfter(previousLastUs);
        for (GestureLabel label : labels) {
            long startUs = label.startUs() + offsetUs;
            pending.add(new Due(label, pass, startUs, label.endUs() + offsetUs, Math.max(startUs, firstUs)));
        }
    }

    /** Hands out, in start order, every queued label that starts before {@code cameraUs}. */
    void releaseBefore(long cameraUs, Consumer<Due> out) {
        while (!pending.isEmpty() && pending.peek().sendAtUs() < cameraUs) {
            released++;
            out.accept(pending.poll());
        }
    }

    /** The replay ended: what is still queued starts after the last event and is never sent. */
    void finish() {
        notReached += pending.size();
        pending.clear();
    }

    private void dropAfter(long lastUs) {
        // Labels of a finished pass that start after its last event: the clock moved on to the next pass.
        while (!pending.isEmpty() && pending.peekLast().sendAtUs() > lastUs) {
            pending.pollLast();
            notReached++;
        }
    }

    int labelsPerPass() {
        return labels.size();
    }

    long released() {
        return released;
    }

    long notReached() {
        return notReached;
    }
}
