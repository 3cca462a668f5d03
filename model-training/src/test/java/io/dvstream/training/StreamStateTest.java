package io.dvstream.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvstream.model.Ds2ta;
import io.dvstream.model.Ds2taState;
import io.dvstream.model.ModelConfig;
import io.dvstream.model.StepResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state stream-mode training carries across window borders: it is the state of one
 * uninterrupted pass over the concatenated windows (the runtime stepping every frame in carry
 * mode), and it is a constant for the gradient (truncated BPTT: the gradient of a window's loss
 * stops at the window's first step).
 */
class StreamStateTest {

    @TempDir
    Path dir;

    @Test
    void carriedStateGivesTheLogitsOfOneUninterruptedPass() throws Exception {
        ModelConfig c = TinyConfigs.small();                        // 2 blocks, T = 4, W = 3: TASA history spans a border
        var model = new TrainableDs2ta(c, 3);
        var rnd = new SplittableRandom(9);
        perturb(model, c, rnd, 0.1);
        for (Map.Entry<String, Node> e : model.parameters().entrySet()) {
            if (e.getKey().contains(".attn.") && e.getKey().endsWith(".bn.bias")) {
                for (int i = 0; i < e.getValue().size(); i++) {
                    e.getValue().value()[i] += 1.0;       // q, k, v and proj fire, so TASA's carried inputs matter
                }
            }
        }
        for (int i = 0; i < 20; i++) {                                // move the running statistics
            model.forward(frames(c, 2, rnd), TrainableDs2ta.Mode.train());
        }
        int windows = 3;
        List<double[][][]> w = new ArrayList<>();
        for (int i = 0; i < windows; i++) {
            w.add(frames(c, 2, rnd));
        }
        double[][] carried = new double[windows][];
        double[][] reset = new double[windows][];
        StreamState state = null;
        for (int i = 0; i < windows; i++) {
            var fwd = model.forward(w.get(i), TrainableDs2ta.Mode.eval(), state);
            carried[i] = fwd.logits().value();
            state = fwd.state();
            reset[i] = model.forward(w.get(i), TrainableDs2ta.Mode.eval()).logits().value();
        }

        Path file = dir.resolve("m.safetensors");
        model.toWeights(TinyConfigs.meta(c)).write(file);
        Ds2ta runtime = Ds2ta.load(file);
        int k = c.numClasses();
        double maxDiff = 0;
        double carryEffect = 0;
        List<String> layers = runtime.stateLayout().lifLayerNames();
        long[] spikes = new long[layers.size()];
        for (int s = 0; s < 2; s++) {
            Ds2taState rs = runtime.newState();                      // one state through all windows of stream s
            for (int i = 0; i < windows; i++) {
                double[] mean = new double[k];
                for (int t = 0; t < c.T(); t++) {
                    double[] f = w.get(i)[s][t];
                    float[] ff = new float[f.length];
                    for (int j = 0; j < f.length; j++) {
                        ff[j] = (float) f[j];
                    }
                    StepResult r = runtime.step(ff, rs);
                    for (int l = 0; l < spikes.length; l++) {
                        spikes[l] += r.spikeCounts()[l];
                    }
                    for (int j = 0; j < k; j++) {
                        mean[j] += r.logits()[j] / c.T();
                    }
                }
                for (int j = 0; j < k; j++) {
                    maxDiff = Math.max(maxDiff, Math.abs(mean[j] - carried[i][s * k + j]));
                    if (i > 0) {
                        carryEffect = Math.max(carryEffect, Math.abs(mean[j] - reset[i][s * k + j]));
                    }
                }
            }
        }
        for (int l = 0; l < spikes.length; l++) {
            if (layers.get(l).matches("blocks\\.\\d\\.attn\\.[qkv]")) {
                assertThat(spikes[l]).as("%s fires (else TASA's carried inputs could not matter)", layers.get(l))
                        .isPositive();
            }
        }
        assertThat(carryEffect).as("carried state changes the later windows (the test is not vacuous)")
                .isGreaterThan(1e-3);
        assertThat(maxDiff).as("training graph with carried state vs the runtime's uninterrupted pass").isLessThan(1e-4);
        assertThat(state.membranes()).hasSize(3 + 1 + 2 * 7);       // stem 3 + rpe + per block q k v attn proj fc1 fc2
        assertThat(state.histories()).hasSize(2 * 4);               // per block q k v a
        assertThat(state.histories().get(0)).hasNumberOfRows(c.taw() - 1);
    }

    @Test
    void theGradientStopsAtTheWindowBorder() {
        ModelConfig c = TinyConfigs.gradientCheck(true, ModelConfig.Decay.EXP);
        var model = new TrainableDs2ta(c, 11);
        var rnd = new SplittableRandom(5);
        perturb(model, c, rnd, 0.3);
        double[][][] first = counts(c, 2, rnd);
        double[][][] second = counts(c, 2, rnd);
        int[] labels = {0, 2};
        // smooth spikes, reset not detached, running statistics left alone: a function finite differences see whole
        var mode = new TrainableDs2ta.Mode(true, false, SpikeFunction.smooth(SpikeFunction.ALPHA), false);
        var loss = new SmoothedCrossEntropy(0.1);

        StreamState border = model.forward(first, mode).state();
        var fwd = model.forward(second, mode, border);
        loss.loss(fwd.logits(), labels);
        fwd.tape().backward();

        double h = 1e-6;
        int checked = 0;
        int crossing = 0;
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, Node> e : model.parameters().entrySet()) {
            String name = e.getKey();
            if (!(name.startsWith("stem.0.conv") || name.contains("rho_q") || name.contains("fc1.weight")
                    || name.equals("head.weight"))) {
                continue;
            }
            double[] v = e.getValue().value();
            double[] g = e.getValue().hasGrad() ? e.getValue().grad().clone() : new double[v.length];
            for (int i = 0; i < Math.min(3, v.length); i++) {
                double old = v[i];
                v[i] = old + h;
                double upHeld = loss.loss(model.forward(second, mode, border).logits(), labels);
                double upFull = loss.loss(model.forward(second, mode, model.forward(first, mode).state()).logits(), labels);
                v[i] = old - h;
                double downHeld = loss.loss(model.forward(second, mode, border).logits(), labels);
                double downFull = loss.loss(model.forward(second, mode, model.forward(first, mode).state()).logits(), labels);
                v[i] = old;
                double held = (upHeld - downHeld) / (2 * h);          // the border state held constant
                double full = (upFull - downFull) / (2 * h);          // the border state moving with the parameter
                double tol = 1e-7 + 1e-4 * Math.abs(held);
                if (Math.abs(g[i] - held) > tol) {
                    failures.add(String.format("%s[%d]: analytic %.9g, held-border difference %.9g", name, i, g[i], held));
                }
                if (Math.abs(full - held) > 10 * tol) {
                    crossing++;
                }
                checked++;
            }
        }
        assertThat(failures).as("the gradient is that of the window with its starting state held constant").isEmpty();
        assertThat(crossing).as("parameters whose effect through the carried state the gradient leaves out "
                + "(shows the border cuts a real dependency; %d checked)", checked).isPositive();
    }

    @Test
    void stateOfAnotherBatchSizeIsRejected() {
        ModelConfig c = TinyConfigs.gradientCheck(true, ModelConfig.Decay.EXP);
        var model = new TrainableDs2ta(c, 1);
        var rnd = new SplittableRandom(1);
        StreamState s = model.forward(counts(c, 2, rnd), TrainableDs2ta.Mode.eval()).state();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> model.forward(counts(c, 3, rnd), TrainableDs2ta.Mode.eval(), s))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("carried state is for 2 streams");
    }

    private static void perturb(TrainableDs2ta model, ModelConfig c, SplittableRandom rnd, double scale) {
        for (Map.Entry<String, Node> e : model.parameters().entrySet()) {
            double[] v = e.getValue().value();
            boolean lut = e.getKey().endsWith(".nsad.lut");
            for (int i = 0; i < v.length; i++) {
                if (lut && i % (c.headDim() + 1) == 0) {
                    continue;
                }
                v[i] += scale * (rnd.nextDouble() - 0.5) * 2 + (e.getKey().endsWith(".bn.bias") ? 0.5 : 0);
            }
        }
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

    private static double[][][] counts(ModelConfig c, int b, SplittableRandom rnd) {
        double[][][] x = new double[b][c.T()][2 * c.inputHeight() * c.inputWidth()];
        for (double[][] s : x) {
            for (double[] f : s) {
                for (int i = 0; i < f.length; i++) {
                    f[i] = rnd.nextInt(4);
                }
            }
        }
        return x;
    }
}
