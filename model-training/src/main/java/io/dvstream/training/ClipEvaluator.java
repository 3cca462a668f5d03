package io.dvstream.training;

import java.util.List;

/**
 * Clip accuracy in clip mode (state reset per sample): each clip is classified from one window of
 * T frames centred in its label (the window's logits, spec section 4.4), with the model in eval
 * mode (BatchNorm running statistics, Heaviside spikes), i.e. the function the runtime computes.
 */
public final class ClipEvaluator {

    private ClipEvaluator() {
    }

    /** Start of the evaluation window of {@code clip}: centred, or 0 when the clip is shorter than the window. */
    public static long centredStart(GestureClip clip, long dtUs, int t) {
        return Math.max(0, (clip.durationUs() - dtUs * t) / 2);
    }

    public static ConfusionMatrix evaluate(TrainableDs2ta model, List<GestureClip> clips, long dtUs, int batch,
                                           List<String> classes) {
        var cm = new ConfusionMatrix(classes);
        var c = model.config();
        for (int from = 0; from < clips.size(); from += batch) {
            int b = Math.min(batch, clips.size() - from);
            double[][][] x = new double[b][][];
            for (int i = 0; i < b; i++) {
                GestureClip clip = clips.get(from + i);
                x[i] = ClipFrames.frames(clip, centredStart(clip, dtUs, c.T()), dtUs, c.T(), c.inputHeight(),
                        c.inputWidth(), Augmentation.Draw.IDENTITY);
            }
            double[] z = model.forward(x, TrainableDs2ta.Mode.eval()).logits().value();
            int k = c.numClasses();
            for (int i = 0; i < b; i++) {
                cm.add(clips.get(from + i).label(), argmax(z, i * k, k));
            }
        }
        return cm;
    }

    static int argmax(double[] z, int from, int k) {
        int best = 0;
        for (int j = 1; j < k; j++) {
            if (z[from + j] > z[from + best]) {
                best = j;
            }
        }
        return best;
    }
}
