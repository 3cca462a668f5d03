package io.dvstream.training;

import io.dvstream.events.EventPacket;
import io.dvstream.ingest.aedat.RecordingReader;
import io.dvstream.ingest.gesture.GestureDataset;
import io.dvstream.ingest.gesture.GestureLabel;
import io.dvstream.ingest.gesture.GestureTrial;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A whole recording with its labels, the unit of stream-mode training: every event (idle gaps
 * included, since the carried state must run through them as it does in deployment), times relative
 * to the frame origin, which is the first event's time rounded down to a multiple of dt as in
 * {@link StreamReplay} and the streaming job. About 9 bytes per event.
 *
 * @param trial the trial's name
 * @param originUs absolute time of the first frame's start
 * @param frames whole frames from the origin to the last event
 * @param tUs event times relative to the origin, non-decreasing
 * @param x sensor columns
 * @param y sensor rows
 * @param on polarity (1 = ON)
 * @param sensorWidth sensor width
 * @param sensorHeight sensor height
 * @param labels the labelled gestures relative to the origin, by start time
 */
public record GestureRecording(String trial, long originUs, long frames, int[] tUs, short[] x, short[] y, byte[] on,
                               int sensorWidth, int sensorHeight, List<Span> labels) {

    /**
     * A labelled gesture relative to the origin.
     *
     * @param label class index 0..10
     * @param startUs first microsecond inside
     * @param endUs first microsecond after
     */
    public record Span(int label, long startUs, long endUs) {
    }

    public GestureRecording {
        labels = List.copyOf(labels);
    }

    /**
     * The training target of the window {@code [startUs, startUs + lengthUs)}: the class of the label
     * that covers at least half of it, else {@link SmoothedCrossEntropy#MASKED} (an idle gap, or a
     * window that is mostly gap around a gesture's edge; see docs/training.md for why gaps are masked
     * and not a class of their own).
     */
    public int windowLabel(long startUs, long lengthUs) {
        long end = startUs + lengthUs;
        long best = 0;
        int label = SmoothedCrossEntropy.MASKED;
        for (Span s : labels) {
            long overlap = Math.min(end, s.endUs()) - Math.max(startUs, s.startUs());
            if (overlap > best) {
                best = overlap;
                label = s.label();
            }
        }
        return 2 * best >= lengthUs ? label : SmoothedCrossEntropy.MASKED;
    }

    /** The recordings of one split, in trial-list order. */
    public static List<GestureRecording> load(GestureDataset dataset, GestureDataset.Split split, long dtUs)
            throws IOException {
        var out = new ArrayList<GestureRecording>();
        for (GestureTrial trial : dataset.trials(split)) {
            out.add(load(trial, dtUs));
        }
        return out;
    }

    /** One trial's recording and labels on the frame grid of period {@code dtUs}. */
    public static GestureRecording load(GestureTrial trial, long dtUs) throws IOException {
        if (dtUs < 1) {
            throw new IllegalArgumentException("dt must be >= 1 us, got " + dtUs);
        }
        int n = 0;
        int[] t = new int[1 << 16];
        short[] xs = new short[t.length];
        short[] ys = new short[t.length];
        byte[] ps = new byte[t.length];
        long origin = Long.MIN_VALUE;
        long last = Long.MIN_VALUE;
        int sw;
        int sh;
        try (RecordingReader r = trial.openRecording()) {
            sw = r.sensor().width();
            sh = r.sensor().height();
            while (r.hasNext()) {
                EventPacket p = r.next();
                for (int e = 0; e < p.size(); e++) {
                    long te = p.tUs(e);
                    if (origin == Long.MIN_VALUE) {
                        origin = Math.floorDiv(te, dtUs) * dtUs;
                    }
                    long rel = te - origin;
                    if (rel > Integer.MAX_VALUE) {
                        throw new IOException(trial.recording() + ": event " + n + " at " + te + " us lies more than "
                                + Integer.MAX_VALUE + " us after the first frame; stream-mode training holds times as "
                                + "int microseconds");
                    }
                    if (n == t.length) {
                        int cap = n * 2;
                        t = Arrays.copyOf(t, cap);
                        xs = Arrays.copyOf(xs, cap);
                        ys = Arrays.copyOf(ys, cap);
                        ps = Arrays.copyOf(ps, cap);
                    }
                    t[n] = (int) rel;
                    xs[n] = (short) p.x(e);
                    ys[n] = (short) p.y(e);
                    ps[n] = (byte) (p.isOn(e) ? 1 : 0);
                    n++;
                    last = te;
                }
            }
        }
        if (n == 0) {
            throw new IOException(trial.recording() + ": no events");
        }
        long frames = (last - origin) / dtUs;                    // frames closed before the last event, as the replay steps
        var spans = new ArrayList<Span>();
        for (GestureLabel l : trial.labels()) {
            spans.add(new Span(l.gesture().index(), l.startUs() - origin, l.endUs() - origin));
        }
        spans.sort((a, b) -> Long.compare(a.startUs(), b.startUs()));
        return new GestureRecording(trial.name(), origin, frames, Arrays.copyOf(t, n), Arrays.copyOf(xs, n),
                Arrays.copyOf(ys, n), Arrays.copyOf(ps, n), sw, sh, spans);
    }
}
