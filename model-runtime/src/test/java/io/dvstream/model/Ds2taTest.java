package io.dvstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The public model API: random weights, save/load, energy accounting and window modes. */
class Ds2taTest {

    @BeforeAll
    static void startNd4j() {
        Nd4jFixture.start();
    }

    private static List<float[]> frames(ModelConfig c, int n, long seed) {
        var rnd = new SplittableRandom(seed);
        var out = new ArrayList<float[]>();
        for (int i = 0; i < n; i++) {
            out.add(Ds2taReferenceTest.frame(c, rnd));
        }
        return out;
    }

    @Test
    void shouldSpikeNonTriviallyWithRandomWeightsOnTheSmallPreset() {
        Ds2ta m = Ds2ta.random(ModelConfig.small1x64(), 42);
        Ds2taState s = m.newState();
        // Synthetic sparse frames: ~5 % of pixels hold 1..3 events.
        var rnd = new SplittableRandom(7);
        int[] total = new int[m.stateLayout().lifLayers()];
        StepResult r = null;
        for (int t = 0; t < 5; t++) {
            float[] f = new float[2 * 64 * 64];
            for (int i = 0; i < f.length; i++) {
                f[i] = rnd.nextDouble() < 0.95 ? 0 : 1 + rnd.nextInt(3);
            }
            r = m.step(f, s);
            for (int j = 0; j < total.length; j++) {
                total[j] += r.spikeCounts()[j];
            }
        }
        assertThat(r.firingRate()).isBetween(0.01, 0.6);
        assertThat(java.util.Arrays.stream(total).boxed().toList()).allMatch(v -> v > 0);
        assertThat(r.energy().sops()).isPositive();
        assertThat(r.energy().macs()).isEqualTo(m.costModel().stemConv(0) + m.costModel().attentionProduct()
                + m.costModel().head());
        assertThat(r.energy().joules()).isEqualTo(4.6e-12 * r.energy().macs() + 0.9e-12 * r.energy().sops());
    }

    @Test
    void shouldCountThePaperScaleDenseOpsOfSpecSection7() {
        CostModel c = new CostModel(ModelConfig.gesture2x256());
        long stem = c.rpeConv();
        for (int i = 0; i < 4; i++) {
            stem += c.stemConv(i);
        }
        assertThat(stem).isBetween(270_000_000L, 275_000_000L);                    // "about 272 M"
        assertThat(4 * c.linearDD() + 2 * c.mlpLinear()).isEqualTo(50_331_648L);   // "about 50 M"
        assertThat(2 * c.attentionProduct()).isEqualTo(2L * 8 * 64 * 64 * 32);
    }

    @Test
    void shouldSaveAndLoadToTheSameModel(@TempDir Path dir) throws Exception {
        Ds2ta m = Ds2ta.random(Configs.tiny(), 9);
        Path file = dir.resolve("tiny.safetensors");
        m.save(file);
        Ds2ta loaded = Ds2ta.load(file);
        assertThat(loaded.config()).isEqualTo(m.config());
        float[] f = frames(m.config(), 1, 1).get(0);
        assertThat(loaded.step(f, loaded.newState()).logits()).containsExactly(m.step(f, m.newState()).logits());
    }

    @Test
    void shouldRejectFramesOfTheWrongSize() {
        Ds2ta m = Ds2ta.random(Configs.tiny(), 9);
        assertThatThrownBy(() -> m.step(new float[10], m.newState())).hasMessageContaining("frame 0 has 10 values")
                .hasMessageContaining("[2, 12, 10]");
        float[] negative = new float[2 * 12 * 10];
        negative[120 + 10 + 3] = -1f;
        assertThatThrownBy(() -> m.step(negative, m.newState()))
                .hasMessageContaining("frame 0 holds -1.0 at [c=1, y=1, x=3]");
        float[] nan = new float[2 * 12 * 10];
        nan[0] = Float.NaN;
        assertThatThrownBy(() -> m.step(nan, m.newState())).hasMessageContaining("finite and >= 0");
    }

    @Test
    void shouldAverageTheLastTStepsInCarryMode() {
        Ds2ta m = Ds2ta.random(Configs.tiny(), 9);
        List<float[]> f = frames(m.config(), 9, 5);
        var wc = new WindowClassifier(m, StreamingConfig.WindowMode.CARRY, 2);
        Ds2taState s = m.newState();
        var logits = new ArrayList<float[]>();
        var emitted = new ArrayList<WindowClassifier.Classification>();
        for (float[] frame : f) {
            logits.add(m.step(frame, s).logits());
            wc.accept(frame).ifPresent(emitted::add);
        }
        int t = m.config().T();   // 4
        assertThat(emitted).extracting(WindowClassifier.Classification::step).containsExactly(4L, 6L, 8L);
        for (WindowClassifier.Classification c : emitted) {
            for (int k = 0; k < 3; k++) {
                double sum = 0;
                for (long i = c.step() - t; i < c.step(); i++) {
                    sum += logits.get((int) i)[k];
                }
                assertThat(c.meanLogits()[k]).isEqualTo((float) (sum / t));
            }
        }
    }

    @Test
    void shouldStartEveryResetWindowFromAZeroState() {
        Ds2ta m = Ds2ta.random(Configs.tiny(), 9);
        List<float[]> f = frames(m.config(), 7, 6);
        var wc = new WindowClassifier(m, StreamingConfig.WindowMode.RESET, 3);
        var emitted = new ArrayList<WindowClassifier.Classification>();
        for (float[] frame : f) {
            Optional<WindowClassifier.Classification> c = wc.accept(frame);
            c.ifPresent(emitted::add);
        }
        assertThat(emitted).extracting(WindowClassifier.Classification::step).containsExactly(4L, 7L);
        // the second window covers frames 3..6 from a fresh state
        Ds2taState s = m.newState();
        double[] sum = new double[3];
        for (int i = 3; i < 7; i++) {
            float[] z = m.step(f.get(i), s).logits();
            for (int k = 0; k < 3; k++) {
                sum[k] += z[k];
            }
        }
        for (int k = 0; k < 3; k++) {
            assertThat(emitted.get(1).meanLogits()[k]).isCloseTo((float) (sum[k] / 4),
                    org.assertj.core.data.Offset.offset(1e-5f));
        }
    }
}
