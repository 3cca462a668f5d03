package io.dvstream.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvstream.model.Ds2ta;
import io.dvstream.model.Ds2taState;
import io.dvstream.model.ModelConfig;
import io.dvstream.model.StepResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the trainer saves is what the runtime runs: a trained-looking model (running statistics moved
 * by training-mode passes, BN, tau and NSAD tables off their initial values) is written as a weight
 * file, loaded with {@link Ds2ta#load}, stepped frame by frame in reset mode, and its window logits
 * (mean of the per-step logits) equal the training graph's in eval mode up to float32 rounding.
 */
class RuntimeEquivalenceTest {

    @TempDir
    Path dir;

    @Test
    void savedWeightsGiveTheTrainingGraphsEvalLogitsInTheRuntime() throws Exception {
        ModelConfig c = TinyConfigs.small();
        var model = new TrainableDs2ta(c, 3);
        var rnd = new SplittableRandom(9);
        for (Map.Entry<String, Node> e : model.parameters().entrySet()) {
            double[] v = e.getValue().value();
            boolean lut = e.getKey().endsWith(".nsad.lut");
            for (int i = 0; i < v.length; i++) {
                if (lut && i % (c.headDim() + 1) == 0) {
                    continue;
                }
                v[i] += (e.getKey().contains(".bn.") ? 0.4 : 0.1) * (rnd.nextDouble() - 0.5) * (lut ? 1 : 2)
                        + (e.getKey().endsWith(".bn.bias") ? 0.5 : 0);
            }
        }
        double[][][] frames = frames(c, 4, rnd);
        for (int i = 0; i < 20; i++) {                                    // move the running statistics
            model.forward(frames(c, 4, rnd), TrainableDs2ta.Mode.train());
        }
        double[] expected = model.forward(frames, TrainableDs2ta.Mode.eval()).logits().value();

        Path file = dir.resolve("m.safetensors");
        model.toWeights(TinyConfigs.meta(c)).write(file);
        Ds2ta runtime = Ds2ta.load(file);
        int k = c.numClasses();
        double maxDiff = 0;
        double spread = 0;
        for (int i = 0; i < frames.length; i++) {
            Ds2taState state = runtime.newState();
            double[] mean = new double[k];
            for (int t = 0; t < c.T(); t++) {
                float[] f = new float[frames[i][t].length];
                for (int j = 0; j < f.length; j++) {
                    f[j] = (float) frames[i][t][j];
                }
                StepResult r = runtime.step(f, state);
                for (int j = 0; j < k; j++) {
                    mean[j] += r.logits()[j] / c.T();
                }
            }
            for (int j = 0; j < k; j++) {
                maxDiff = Math.max(maxDiff, Math.abs(mean[j] - expected[i * k + j]));
                spread = Math.max(spread, Math.abs(expected[i * k + j] - expected[j]));
            }
        }
        assertThat(spread).as("samples give different logits (the test is not vacuous); max diff %s", maxDiff).isGreaterThan(1e-3);
        assertThat(maxDiff).as("runtime vs training graph in eval mode").isLessThan(1e-4);
    }

    private static double[][][] frames(ModelConfig c, int b, SplittableRandom rnd) {
        double[][][] x = new double[b][c.T()][2 * c.inputHeight() * c.inputWidth()];
        for (double[][] s : x) {
            for (double[] f : s) {
                for (int i = 0; i < f.length; i++) {
                    f[i] = rnd.nextDouble() < 0.3 ? 1 + rnd.nextInt(3) : 0;
                }
            }
        }
        return x;
    }
}
