package io.dvstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvstream.model.weights.Ds2taWeights;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Known answers for the NSAD lookup of spec 4.3. */
class NsadTest {

    /** tiny's weights with block 0's tables replaced by {@code lut} ([2 heads][5 entries]). */
    private static Ds2taWeights withLut(ModelConfig c, float[] lut) {
        var cfg = new io.dvstream.model.weights.WeightFileConfig(c, Configs.tinyFile().streaming());
        Ds2taWeights r = Ds2taWeights.random(cfg, 1);
        var tensors = new HashMap<String, float[]>();
        r.names().forEach(n -> tensors.put(n, r.get(n)));
        tensors.put("blocks.0.attn.nsad.lut", lut);
        return new Ds2taWeights(cfg, tensors);
    }

    @Test
    void shouldLookUpEachHeadsTableByTheIntegerScore() {
        float[] lut = {0f, 0.3f, 0.1f, 0.9f, -0.2f, 0f, 1f, 2f, 3f, 4f};
        var nsad = new Nsad(withLut(Configs.tiny(), lut), 0);
        float[] scores = {0, 1, 2, 3, 4, 0, 4};
        nsad.applyInPlace(0, scores);
        assertThat(scores).containsExactly(0f, 0.3f, 0.1f, 0.9f, -0.2f, 0f, -0.2f);
        float[] s1 = {0, 1, 4};
        nsad.applyInPlace(1, s1);
        assertThat(s1).containsExactly(0f, 1f, 4f);
        assertThat(nsad.lookup(1, 3)).isEqualTo(3f);
    }

    @Test
    void shouldMapNoCoincidenceToZeroAttention() {
        float[] lut = {0f, 0.3f, 0.1f, 0.9f, -0.2f, 0f, 1f, 2f, 3f, 4f};
        var nsad = new Nsad(withLut(Configs.tiny(), lut), 0);
        assertThat(nsad.lookup(0, 0)).isZero();
        assertThat(nsad.lookup(1, 0)).isZero();
    }

    @Test
    void shouldBeThePlainScaleWhenNsadIsOff() {
        ModelConfig t = Configs.tiny();
        ModelConfig off = new ModelConfig(t.inputHeight(), t.inputWidth(), t.stemChannels(), t.stemPool(), t.blocks(),
                t.heads(), t.mlpRatio(), t.numClasses(), t.T(), t.taw(), t.tauInit(), t.decay(), false, t.lifTau(),
                t.vth(), t.vthAttn(), t.bnEps());
        var nsad = new Nsad(withLut(off, new float[] {0f, 9f, 9f, 9f, 9f, 0f, 9f, 9f, 9f, 9f}), 0);
        float[] s = {0, 1, 2, 3, 4};
        nsad.applyInPlace(1, s);
        assertThat(s).containsExactly(0f, 0.125f, 0.25f, 0.375f, 0.5f);
    }

    @Test
    void shouldRejectScoresThatAreNotCoincidenceCounts() {
        var nsad = new Nsad(withLut(Configs.tiny(), new float[10]), 0);
        assertThatThrownBy(() -> nsad.applyInPlace(0, new float[] {0.5f})).hasMessageContaining("not an integer in 0..4");
        assertThatThrownBy(() -> nsad.applyInPlace(0, new float[] {5f})).hasMessageContaining("not an integer in 0..4");
        assertThat(List.of(nsad)).isNotEmpty();
    }
}
