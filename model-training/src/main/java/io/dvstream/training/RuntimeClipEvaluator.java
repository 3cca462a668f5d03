package io.dvstream.training;

import io.dvstream.model.Ds2ta;
import io.dvstream.model.Ds2taState;
import io.dvstream.model.StepResult;
import java.util.ArrayList;
import java.util.List;

/**
 * Clip accuracy of a weight file as the runtime computes it ({@link Ds2ta#step}, float32): per clip
 * a fresh state (reset mode), the T frames of the window centred in the label (frame period from
 * the file's {@code dt_us}), and the window logits = mean of the per-step logits (spec 4.4).
 */
public final class RuntimeClipEvaluator {

    private RuntimeClipEvaluator() {
    }

    public static ConfusionMatrix evaluate(Ds2ta model, List<GestureClip> clips, int batch) {
        var c = model.config();
        long dt = model.streaming().dtUs();
        int k = c.numClasses();
        var cm = new ConfusionMatrix(model.streaming().classes());
        for (int from = 0; from < clips.size(); from += batch) {
            int b = Math.min(batch, clips.size() - from);
            var states = new ArrayList<Ds2taState>();
            var frames = new double[b][][];
            for (int i = 0; i < b; i++) {
                GestureClip clip = clips.get(from + i);
                states.add(model.newState());
                frames[i] = ClipFrames.frames(clip, ClipEvaluator.centredStart(clip, dt, c.T()), dt, c.T(),
                        c.inputHeight(), c.inputWidth(), Augmentation.Draw.IDENTITY);
            }
            double[] z = new double[b * k];
            for (int t = 0; t < c.T(); t++) {
                var step = new ArrayList<float[]>(b);
                for (int i = 0; i < b; i++) {
                    float[] f = new float[frames[i][t].length];
                    for (int j = 0; j < f.length; j++) {
                        f[j] = (float) frames[i][t][j];
                    }
                    step.add(f);
                }
                List<StepResult> r = model.step(step, states);
                for (int i = 0; i < b; i++) {
                    for (int j = 0; j < k; j++) {
                        z[i * k + j] += r.get(i).logits()[j] / c.T();
                    }
                }
            }
            for (int i = 0; i < b; i++) {
                cm.add(clips.get(from + i).label(), ClipEvaluator.argmax(z, i * k, k));
            }
        }
        return cm;
    }
}
