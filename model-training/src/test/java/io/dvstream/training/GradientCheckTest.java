package io.dvstream.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvstream.model.ModelConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Finite-difference check of the whole backward pass (BPTT through LIF, TASA with learnable tau,
 * NSAD tables and the slope rule, BatchNorm in training mode, max-pool, convs, linears, head,
 * label-smoothed loss) on a tiny configuration. As the issue prescribes, the spike is the smooth
 * sigmoid for the check (forward and backward the same function) and the reset is not detached,
 * since a finite difference cannot see a detachment; every other op is exactly the training op.
 * Every parameter tensor is checked at up to 6 entries (all of them for scalars).
 */
class GradientCheckTest {

    private static final double H = 1e-6;

    @ParameterizedTest(name = "nsad={0} decay={1}")
    @CsvSource({"true,EXP", "false,LINEAR"})
    void analyticGradientsMatchCentralDifferences(boolean nsad, ModelConfig.Decay decay) {
        ModelConfig c = TinyConfigs.gradientCheck(nsad, decay);
        var model = new TrainableDs2ta(c, 11);
        var rnd = new SplittableRandom(5);
        // Move the parameters off their symmetric initial values so that no gradient is zero by symmetry.
        for (Map.Entry<String, Node> e : model.parameters().entrySet()) {
            double[] v = e.getValue().value();
            for (int i = 0; i < v.length; i++) {
                if (e.getKey().endsWith(".nsad.lut") && i % (c.headDim() + 1) == 0) {
                    continue;
                }
                v[i] += 0.3 * (rnd.nextDouble() - 0.5);
            }
        }
        double[][][] frames = new double[2][c.T()][2 * c.inputHeight() * c.inputWidth()];
        for (double[][] sample : frames) {
            for (double[] f : sample) {
                for (int i = 0; i < f.length; i++) {
                    f[i] = rnd.nextInt(4);
                }
            }
        }
        int[] labels = {0, 2};
        var mode = new TrainableDs2ta.Mode(true, false, SpikeFunction.smooth(SpikeFunction.ALPHA), false);
        var loss = new SmoothedCrossEntropy(0.1);

        var fwd = model.forward(frames, mode);
        loss.loss(fwd.logits(), labels);
        fwd.tape().backward();

        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<String, Node> e : model.parameters().entrySet()) {
            String name = e.getKey();
            Node p = e.getValue();
            double[] v = p.value();
            double[] g = p.hasGrad() ? p.grad().clone() : new double[v.length];
            boolean lut = name.endsWith(".nsad.lut");
            if (lut && !nsad) {
                assertThat(g).as(name + " is unused with nsad off").containsOnly(0.0);
                continue;
            }
            var pick = new SplittableRandom(name.hashCode());
            int tries = Math.min(6, v.length);
            for (int j = 0; j < tries; j++) {
                int i = v.length <= 6 ? j : pick.nextInt(v.length);
                if (lut && i % (c.headDim() + 1) == 0) {
                    assertThat(g[i]).as(name + "[" + i + "] (fixed at 0)").isZero();
                    continue;
                }
                double old = v[i];
                v[i] = old + H;
                double up = loss.loss(model.forward(frames, mode).logits(), labels);
                v[i] = old - H;
                double down = loss.loss(model.forward(frames, mode).logits(), labels);
                v[i] = old;
                double numeric = (up - down) / (2 * H);
                double err = Math.abs(numeric - g[i]);
                if (err > 1e-7 + 1e-4 * Math.max(Math.abs(numeric), Math.abs(g[i]))) {
                    failures.add(String.format("%s[%d]: analytic %.9g numeric %.9g", name, i, g[i], numeric));
                }
                checked++;
            }
        }
        assertThat(failures).as("gradient mismatches").isEmpty();
        assertThat(checked).isGreaterThan(60);
    }
}
