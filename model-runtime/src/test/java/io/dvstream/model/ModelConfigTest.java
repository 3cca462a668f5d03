package io.dvstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModelConfigTest {

    private static ModelConfig withChannels(List<Integer> channels, List<Boolean> pools, int heads) {
        ModelConfig s = ModelConfig.small1x64();
        return new ModelConfig(s.inputHeight(), s.inputWidth(), channels, pools, s.blocks(), heads, s.mlpRatio(),
                s.numClasses(), s.T(), s.taw(), s.tauInit(), s.decay(), s.nsad(), s.lifTau(), s.vth(), s.vthAttn(),
                s.bnEps());
    }

    @Test
    void shouldDerivePaperScaleSizesFromTheSpecTable() {
        ModelConfig c = ModelConfig.preset("gesture-2-256");
        assertThat(c.D()).isEqualTo(256);
        assertThat(c.stemOutHeight()).isEqualTo(8);
        assertThat(c.stemOutWidth()).isEqualTo(8);
        assertThat(c.N()).isEqualTo(64);
        assertThat(c.headDim()).isEqualTo(32);
        assertThat(c.hiddenDim()).isEqualTo(1024);
        assertThat(c.stemStages()).isEqualTo(4);
        assertThat(List.of(c.stemHeight(0), c.stemHeight(1), c.stemHeight(2), c.stemHeight(3)))
                .containsExactly(128, 64, 32, 16);
        assertThat(List.of(c.stemInChannels(0), c.stemInChannels(1), c.stemInChannels(3))).containsExactly(2, 32, 128);
        assertThat(c).extracting(ModelConfig::blocks, ModelConfig::heads, ModelConfig::mlpRatio,
                ModelConfig::numClasses, ModelConfig::T, ModelConfig::taw).containsExactly(2, 8, 4, 11, 10, 3);
        assertThat(c).extracting(ModelConfig::tauInit, ModelConfig::decay, ModelConfig::nsad, ModelConfig::lifTau,
                ModelConfig::vth, ModelConfig::vthAttn, ModelConfig::bnEps)
                .containsExactly(4.0, ModelConfig.Decay.EXP, true, 2.0, 1.0, 0.5, 1e-5);
    }

    @Test
    void shouldDeriveSmallPresetSizes() {
        ModelConfig c = ModelConfig.preset("small-1-64");
        assertThat(c.D()).isEqualTo(64);
        assertThat(c.N()).isEqualTo(64);
        assertThat(c.headDim()).isEqualTo(16);
        assertThat(c.stemHeight(3)).isEqualTo(8);
    }

    @Test
    void shouldRoundPoolOutputUpForOddSizes() {
        // kernel 3, stride 2, padding 1: floor((n - 1) / 2) + 1 = ceil(n / 2)
        assertThat(ModelConfig.maxPoolOut(128)).isEqualTo(64);
        assertThat(ModelConfig.maxPoolOut(5)).isEqualTo(3);
        assertThat(ModelConfig.maxPoolOut(1)).isEqualTo(1);
        ModelConfig odd = new ModelConfig(45, 30, List.of(4, 8), List.of(true, true), 1, 2, 2, 3, 4, 2, 4.0,
                ModelConfig.Decay.LINEAR, false, 2.0, 1.0, 0.5, 1e-5);
        assertThat(odd.stemOutHeight()).isEqualTo(12); // 45 -> 23 -> 12
        assertThat(odd.stemOutWidth()).isEqualTo(8); // 30 -> 15 -> 8
        assertThat(odd.N()).isEqualTo(96);
    }

    @Test
    void shouldRejectEmbeddingNotDivisibleByHeads() {
        assertThatThrownBy(() -> withChannels(List.of(8, 16, 32, 250), List.of(true, true, true, false), 16))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("D 250 (the last stemChannels entry) must be divisible by heads 16");
    }

    @Test
    void shouldRejectPoolFlagsThatDoNotMatchStages() {
        assertThatThrownBy(() -> withChannels(List.of(8, 16, 64), List.of(true, true), 4))
                .hasMessage("stemPool has 2 entries but stemChannels has 3: give one pool flag per stem stage");
    }

    @Test
    void shouldRejectNonPositiveSizesNamingTheKey() {
        assertThatThrownBy(() -> withChannels(List.of(8, 0, 64), List.of(true, true, true), 4))
                .hasMessage("stemChannels[1] must be >= 1, got 0");
        assertThatThrownBy(() -> withChannels(List.of(), List.of(), 4))
                .hasMessage("stemChannels must name at least one stem stage");
        ModelConfig s = ModelConfig.small1x64();
        assertThatThrownBy(() -> new ModelConfig(0, 64, s.stemChannels(), s.stemPool(), 1, 4, 4, 11, 10, 3, 4.0,
                ModelConfig.Decay.EXP, true, 2.0, 1.0, 0.5, 1e-5)).hasMessage("inputHeight must be >= 1, got 0");
        assertThatThrownBy(() -> new ModelConfig(64, 64, s.stemChannels(), s.stemPool(), 1, 4, 4, 11, 10, 0, 4.0,
                ModelConfig.Decay.EXP, true, 2.0, 1.0, 0.5, 1e-5)).hasMessage("taw must be >= 1, got 0");
    }

    @Test
    void shouldRejectBadHyperParameters() {
        ModelConfig s = ModelConfig.small1x64();
        assertThatThrownBy(() -> new ModelConfig(64, 64, s.stemChannels(), s.stemPool(), 1, 4, 4, 11, 10, 3, 0.8,
                ModelConfig.Decay.LINEAR, true, 2.0, 1.0, 0.5, 1e-5))
                .hasMessage("tauInit 0.8 must be >= 1 with decay linear, else a = 1 - 1/tau is negative");
        assertThatThrownBy(() -> new ModelConfig(64, 64, s.stemChannels(), s.stemPool(), 1, 4, 4, 11, 10, 3, 4.0,
                ModelConfig.Decay.EXP, true, 0.5, 1.0, 0.5, 1e-5)).hasMessageStartingWith("lifTau must be >= 1");
        assertThatThrownBy(() -> new ModelConfig(64, 64, s.stemChannels(), s.stemPool(), 1, 4, 4, 11, 10, 3, 4.0,
                ModelConfig.Decay.EXP, true, 2.0, 1.0, Double.NaN, 1e-5))
                .hasMessage("vthAttn must be a finite number, got NaN");
        assertThatThrownBy(() -> new ModelConfig(64, 64, s.stemChannels(), s.stemPool(), 1, 4, 4, 11, 10, 3, 4.0,
                ModelConfig.Decay.EXP, true, 2.0, 1.0, 0.5, 0.0)).hasMessage("bnEps must be > 0, got 0.0");
    }

    @Test
    void shouldComputeAttenuationFactors() {
        assertThat(ModelConfig.Decay.EXP.factor(4.0)).isEqualTo(Math.exp(-0.25));
        assertThat(ModelConfig.Decay.LINEAR.factor(4.0)).isEqualTo(0.75);
        assertThat(ModelConfig.Decay.fromKey("linear")).isEqualTo(ModelConfig.Decay.LINEAR);
        assertThatThrownBy(() -> ModelConfig.Decay.fromKey("EXP"))
                .hasMessage("Invalid value EXP for configuration decay: must be exp or linear");
    }

    @Test
    void shouldRejectUnknownPreset() {
        assertThatThrownBy(() -> ModelConfig.preset("gesture-4-384"))
                .hasMessage("Unknown model preset gesture-4-384: known presets are gesture-2-256 and small-1-64");
    }

    @Test
    void shouldCopyListsDefensively() {
        var channels = new java.util.ArrayList<>(List.of(8, 16));
        ModelConfig c = withChannels(channels, List.of(true, false), 4);
        channels.set(1, 999);
        assertThat(c.D()).isEqualTo(16);
    }
}
