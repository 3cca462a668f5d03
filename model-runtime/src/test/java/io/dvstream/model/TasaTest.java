package io.dvstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Known answers for the attenuated window sum of spec 4.2. */
class TasaTest {

    @BeforeAll
    static void startNd4j() {
        Nd4jFixture.start();
    }

    private static INDArray scalar(float v) {
        return Nd4j.createFromArray(new float[] {v});
    }

    /** Feeds Y(0..) = values and returns Gamma[Y](t) for each t. */
    private static float[] run(Tasa tasa, float... values) {
        List<INDArray> hist = new java.util.ArrayList<>();
        for (int k = 1; k < tasa.window(); k++) {
            hist.add(scalar(0));
        }
        float[] out = new float[values.length];
        for (int t = 0; t < values.length; t++) {
            INDArray y = scalar(values[t]);
            out[t] = tasa.apply(y, hist).getFloat(0);
            hist = tasa.advance(y, hist);
        }
        return out;
    }

    @Test
    void shouldSumTheWindowWithPowersOfAIncludingTheFirstWMinusOneSteps() {
        // linear decay with tau = 2: a = 0.5, exact in binary, so the answers are exact.
        var tasa = new Tasa(2.0, ModelConfig.Decay.LINEAR, 3);
        float[] g = run(tasa, 1, 2, 4, 8, 0);
        // t=0: 1; t=1: 2 + 0.5; t=2: 4 + 1 + 0.25; t=3: 8 + 2 + 0.5 (Y(0) left the window); t=4: 0 + 4 + 1
        assertThat(g).containsExactly(1f, 2.5f, 5.25f, 10.5f, 5f);
    }

    @Test
    void shouldUseExpDecayFromTheEffectiveTau() {
        var tasa = new Tasa(4.0, ModelConfig.Decay.EXP, 2);
        float a = (float) Math.exp(-0.25);
        assertThat(tasa.powers()).containsExactly(1f, a);
        float[] g = run(tasa, 1, 1, 1);
        assertThat(g[0]).isEqualTo(1f);
        assertThat(g[1]).isEqualTo(1f + a);
        assertThat(g[2]).isEqualTo(1f + a);   // window 2: only Y(t) and Y(t-1)
    }

    @Test
    void shouldBeTheIdentityWithWindowOne() {
        var tasa = new Tasa(4.0, ModelConfig.Decay.EXP, 1);
        assertThat(run(tasa, 3, 5, 7)).containsExactly(3f, 5f, 7f);
        assertThat(tasa.advance(scalar(1), List.of())).isEmpty();
    }

    @Test
    void shouldRejectWrongHistoryLengthAndTauWithoutAttenuation() {
        var tasa = new Tasa(4.0, ModelConfig.Decay.EXP, 3);
        assertThatThrownBy(() -> tasa.apply(scalar(1), List.of(scalar(0))))
                .hasMessageContaining("needs 2 past values, got 1");
        assertThatThrownBy(() -> new Tasa(0.5, ModelConfig.Decay.LINEAR, 3))
                .hasMessageContaining("outside [0, 1)");
    }
}
