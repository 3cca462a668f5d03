package io.dvstream.training;

import io.dvstream.events.EventPacket;
import io.dvstream.ingest.aedat.RecordingReader;
import io.dvstream.ingest.gesture.GestureLabel;
import io.dvstream.ingest.gesture.GestureTrial;
import io.dvstream.model.Ds2ta;
import io.dvstream.model.Ds2taState;
import io.dvstream.model.StepResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-window accuracy on whole recordings, stepped frame by frame through the runtime as a stream
 * (spec section 5): causal fixed-dt frames from the recording's first event (origin rounded down
 * to a multiple of dt), one step per frame, a classification every {@code stride} steps from the
 * mean logits of the last T steps. In {@code carry} mode the state is never reset (the streaming
 * default); in {@code reset} mode it is zeroed at the start of every window (non-overlapping windows
 * when stride = T). Only windows lying entirely inside a labelled gesture are scored; idle gaps are
 * not scored (the model has no "no gesture" class yet).
 */
public final class StreamingWindowEvaluator {

    private StreamingWindowEvaluator() {
    }

    public static ConfusionMatrix evaluate(Ds2ta model, List<GestureTrial> trials, boolean carry) throws IOException {
        var c = model.config();
        long dt = model.streaming().dtUs();
        int t = c.T();
        int stride = model.streaming().stride();
        int k = c.numClasses();
        int h = c.inputHeight();
        int w = c.inputWidth();
        var cm = new ConfusionMatrix(model.streaming().classes());
        for (GestureTrial trial : trials) {
            List<GestureLabel> labels = trial.labels();
            Ds2taState state = model.newState();
            var recent = new ArrayList<float[]>();                   // logits of the last T steps
            long origin = Long.MIN_VALUE;
            long frame = 0;
            float[] counts = new float[2 * h * w];
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
                            origin = Math.floorDiv(te, dt) * dt;
                        }
                        while (te >= origin + (frame + 1) * dt) {    // close every frame that ended before this event
                            step(model, counts, state, recent, t, stride, frame, origin, dt, labels, cm, k, carry);
                            java.util.Arrays.fill(counts, 0f);
                            frame++;
                        }
                        int ox = (int) ((long) p.x(e) * w / sw);
                        int oy = (int) ((long) p.y(e) * h / sh);
                        counts[(p.isOn(e) ? 1 : 0) * h * w + oy * w + ox] += 1;
                    }
                }
            }
        }
        return cm;
    }

    private static void step(Ds2ta model, float[] counts, Ds2taState state, List<float[]> recent, int t, int stride,
                             long frame, long origin, long dt, List<GestureLabel> labels, ConfusionMatrix cm, int k,
                             boolean carry) {
        if (!carry && frame % stride == 0) {
            state.reset();
        }
        StepResult r = model.step(counts.clone(), state);
        recent.add(r.logits());
        if (recent.size() > t) {
            recent.remove(0);
        }
        if ((frame + 1) % stride != 0 || recent.size() < t) {
            return;
        }
        long end = origin + (frame + 1) * dt;
        long start = end - t * dt;
        for (GestureLabel l : labels) {
            if (l.startUs() <= start && end <= l.endUs()) {
                double[] z = new double[k];
                for (float[] s : recent) {
                    for (int j = 0; j < k; j++) {
                        z[j] += s[j];
                    }
                }
                cm.add(l.gesture().index(), ClipEvaluator.argmax(z, 0, k));
                return;
            }
        }
    }
}
