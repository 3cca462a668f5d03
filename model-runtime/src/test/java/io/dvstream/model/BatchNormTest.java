package io.dvstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dvstream.model.weights.Ds2taWeights;
import io.dvstream.model.weights.WeightFileConfig;
import java.util.HashMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/** Known answers for inference BatchNorm (spec 2) and its folded form. */
class BatchNormTest {

    @BeforeAll
    static void startNd4j() {
        Nd4jFixture.start();
    }

    /** tiny's weights with stem.0.bn (4 channels) replaced by hand-picked values. */
    private static Ds2taWeights weights() {
        WeightFileConfig cfg = Configs.tinyFile();
        Ds2taWeights r = Ds2taWeights.random(cfg, 1);
        var t = new HashMap<String, float[]>();
        r.names().forEach(n -> t.put(n, r.get(n)));
        t.put("stem.0.bn.weight", new float[] {2f, 1f, 0.5f, 3f});
        t.put("stem.0.bn.bias", new float[] {1f, 0f, -1f, 0.25f});
        t.put("stem.0.bn.running_mean", new float[] {0f, 1f, 2f, -1f});
        t.put("stem.0.bn.running_var", new float[] {4f - 1e-5f, 1f - 1e-5f, 0.25f - 1e-5f, 9f - 1e-5f});
        return new Ds2taWeights(cfg, t);
    }

    @Test
    void shouldNormaliseScaleAndShiftPerChannel() {
        var bn = new BatchNorm(weights(), "stem.0.bn", 1e-5f);
        // x = 3 in every channel: (3-0)/2*2+1 = 4; (3-1)/1*1+0 = 2; (3-2)/0.5*0.5-1 = 0; (3+1)/3*3+0.25 = 4.25
        float[] y = bn.apply(Nd4j.valueArrayOf(new long[] {1, 4, 1}, 3f)).data().asFloat();
        assertThat(y[0]).isCloseTo(4f, within(1e-5f));
        assertThat(y[1]).isCloseTo(2f, within(1e-5f));
        assertThat(y[2]).isCloseTo(0f, within(1e-5f));
        assertThat(y[3]).isCloseTo(4.25f, within(1e-5f));
    }

    @Test
    void shouldFoldIntoOneScaleAndShiftThatAgreesWithTheLiteralForm() {
        var bn = new BatchNorm(weights(), "stem.0.bn", 1e-5f);
        BatchNorm.Folded f = bn.folded();
        assertThat(f.scale()).containsExactly(new float[] {1f, 1f, 1f, 1f}, within(1e-6f));
        assertThat(f.shift()).containsExactly(new float[] {1f, -1f, -3f, 1.25f}, within(1e-6f));
        var rnd = new java.util.SplittableRandom(3);
        float[] x = new float[4 * 7];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (rnd.nextDouble() * 10 - 5);
        }
        float[] literal = bn.apply(Nd4j.create(x, new long[] {1, 4, 7}, 'c')).data().asFloat();
        for (int c = 0; c < 4; c++) {
            for (int i = 0; i < 7; i++) {
                assertThat(x[c * 7 + i] * f.scale()[c] + f.shift()[c]).isCloseTo(literal[c * 7 + i], within(1e-5f));
            }
        }
    }
}
