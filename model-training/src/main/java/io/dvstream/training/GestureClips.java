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
 * Loads the labelled gestures of a DVS128 Gesture layout folder (real or simulated) into memory as
 * {@link GestureClip}s, one per label line, in trial-list order. Only events inside a label are
 * kept (clip mode needs nothing else), as compact arrays: about 9 bytes per event.
 */
public final class GestureClips {

    private GestureClips() {
    }

    /** The clips of one split of the dataset at {@code dataset}. */
    public static List<GestureClip> load(GestureDataset dataset, GestureDataset.Split split) throws IOException {
        var out = new ArrayList<GestureClip>();
        for (GestureTrial trial : dataset.trials(split)) {
            out.addAll(load(trial));
        }
        return out;
    }

    /** The clips of one trial, in label order. */
    public static List<GestureClip> load(GestureTrial trial) throws IOException {
        List<GestureLabel> labels = new ArrayList<>(trial.labels());
        labels.sort((a, b) -> Long.compare(a.startUs(), b.startUs()));
        int nl = labels.size();
        var bufs = new Buf[nl];
        for (int i = 0; i < nl; i++) {
            bufs[i] = new Buf();
        }
        int sw;
        int sh;
        try (RecordingReader r = trial.openRecording()) {
            sw = r.sensor().width();
            sh = r.sensor().height();
            int first = 0;
            while (r.hasNext()) {
                EventPacket p = r.next();
                for (int e = 0; e < p.size(); e++) {
                    long t = p.tUs(e);
                    while (first < nl && labels.get(first).endUs() <= t) {
                        first++;                                   // labels are sorted and time never decreases
                    }
                    for (int l = first; l < nl && labels.get(l).startUs() <= t; l++) {
                        GestureLabel lab = labels.get(l);
                        if (t < lab.endUs()) {
                            bufs[l].add((int) (t - lab.startUs()), p.x(e), p.y(e), p.isOn(e));
                        }
                    }
                }
            }
        }
        var out = new ArrayList<GestureClip>(nl);
        for (int i = 0; i < nl; i++) {
            GestureLabel lab = labels.get(i);
            Buf b = bufs[i];
            out.add(new GestureClip(trial.name(), lab.gesture().index(), lab.durationUs(), Arrays.copyOf(b.t, b.n),
                    Arrays.copyOf(b.x, b.n), Arrays.copyOf(b.y, b.n), Arrays.copyOf(b.p, b.n), sw, sh));
        }
        return out;
    }

    private static final class Buf {
        int n;
        int[] t = new int[1024];
        short[] x = new short[1024];
        short[] y = new short[1024];
        byte[] p = new byte[1024];

        void add(int tt, int xx, int yy, boolean on) {
            if (n == t.length) {
                int cap = n * 2;
                t = Arrays.copyOf(t, cap);
                x = Arrays.copyOf(x, cap);
                y = Arrays.copyOf(y, cap);
                p = Arrays.copyOf(p, cap);
            }
            t[n] = tt;
            x[n] = (short) xx;
            y[n] = (short) yy;
            p[n] = (byte) (on ? 1 : 0);
            n++;
        }
    }
}
