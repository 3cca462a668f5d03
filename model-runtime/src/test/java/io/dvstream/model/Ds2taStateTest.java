package io.dvstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Serialisation, restore and continuation of the per-stream state (spec 5). */
class Ds2taStateTest {

    private static Ds2ta model;

    @BeforeAll
    static void load() {
        Nd4jFixture.start();
        model = new Ds2ta(Ds2taReferenceTest.weights(Configs.tiny(), 11));
    }

    private static List<float[]> frames(int n, long seed) {
        var rnd = new SplittableRandom(seed);
        var out = new ArrayList<float[]>();
        for (int i = 0; i < n; i++) {
            out.add(Ds2taReferenceTest.frame(Configs.tiny(), rnd));
        }
        return out;
    }

    @Test
    void shouldContinueIdenticallyFromARestoredState() {
        List<float[]> f = frames(8, 1);
        Ds2taState a = model.newState();
        for (int t = 0; t < 4; t++) {
            model.step(f.get(t), a);
        }
        byte[] bytes = a.toBytes();
        assertThat(bytes).hasSize(a.sizeBytes());
        Ds2taState b = Ds2taState.fromBytes(model.config(), bytes);
        assertThat(b.steps()).isEqualTo(4);
        assertThat(b.toBytes()).isEqualTo(bytes);
        for (int t = 4; t < 8; t++) {
            StepResult ra = model.step(f.get(t), a);
            StepResult rb = model.step(f.get(t), b);
            assertThat(rb.logits()).containsExactly(ra.logits());
            assertThat(rb.spikeCounts()).containsExactly(ra.spikeCounts());
        }
        assertThat(b.toBytes()).isEqualTo(a.toBytes());
    }

    @Test
    void shouldCopyIndependentlyAndResetToTheResting() {
        List<float[]> f = frames(4, 2);
        Ds2taState a = model.newState();
        model.step(f.get(0), a);
        Ds2taState copy = a.copy();
        model.step(f.get(1), a);
        assertThat(copy.steps()).isEqualTo(1);
        assertThat(copy.toBytes()).isNotEqualTo(a.toBytes());
        a.reset();
        assertThat(a.toBytes()).isEqualTo(model.newState().toBytes());
        StepResult fromReset = model.step(f.get(2), a);
        StepResult fromNew = model.step(f.get(2), model.newState());
        assertThat(fromReset.logits()).containsExactly(fromNew.logits());
    }

    @Test
    void shouldStepABatchLikeSeparateStreams() {
        List<float[]> f = frames(6, 3);
        List<Ds2taState> batch = List.of(model.newState(), model.newState(), model.newState());
        List<Ds2taState> single = List.of(model.newState(), model.newState(), model.newState());
        for (int t = 0; t < 2; t++) {
            List<StepResult> rb = model.step(List.of(f.get(3 * t), f.get(3 * t + 1), f.get(3 * t + 2)), batch);
            for (int i = 0; i < 3; i++) {
                StepResult rs = model.step(f.get(3 * t + i), single.get(i));
                assertThat(rb.get(i).spikeCounts()).containsExactly(rs.spikeCounts());
                for (int k = 0; k < rs.logits().length; k++) {
                    assertThat(rb.get(i).logits()[k]).isCloseTo(rs.logits()[k], org.assertj.core.data.Offset.offset(1e-5f));
                }
            }
        }
    }

    @Test
    void shouldRejectBadBytesNamingWhatIsWrong() {
        Ds2taState s = model.newState();
        model.step(frames(1, 4).get(0), s);
        byte[] good = s.toBytes();
        assertThatThrownBy(() -> Ds2taState.fromBytes(model.config(), new byte[3]))
                .hasMessageContaining("3 bytes").hasMessageContaining("too short");
        byte[] magic = good.clone();
        magic[0] = 'X';
        assertThatThrownBy(() -> Ds2taState.fromBytes(model.config(), magic)).hasMessageContaining("bad magic")
                .hasMessageContaining("offset 0");
        byte[] version = good.clone();
        version[4] = 9;
        assertThatThrownBy(() -> Ds2taState.fromBytes(model.config(), version))
                .hasMessageContaining("unsupported version 9 at offset 4");
        byte[] corrupt = good.clone();
        corrupt[100] ^= 0x10;
        assertThatThrownBy(() -> Ds2taState.fromBytes(model.config(), corrupt)).hasMessageContaining("CRC32 mismatch");
        byte[] truncated = java.util.Arrays.copyOf(good, good.length - 8);
        assertThatThrownBy(() -> Ds2taState.fromBytes(model.config(), truncated))
                .hasMessageContaining("wrong model or truncated");
        ModelConfig other = new ModelConfig(12, 10, List.of(4, 8), List.of(true, false), 1, 2, 2, 3, 4, 2, 4.0,
                ModelConfig.Decay.EXP, true, 2.0, 1.0, 0.5, 1e-5);
        assertThatThrownBy(() -> Ds2taState.fromBytes(other, good)).hasMessageContaining("slot count");
    }

    @Test
    void shouldReportASizeThatFollowsTheLayout() {
        StateLayout layout = model.stateLayout();
        // tiny: stem 4x12x10 + 8x6x5, rpe 8x30, block 6 x 8x30 + fc1 16x30, history 4 x 2 x 8x30
        long floats = 480 + 240 + 240 + 6 * 240 + 480 + 8 * 240;
        assertThat(layout.floats()).isEqualTo(floats);
        assertThat(model.newState().sizeBytes()).isEqualTo(24 + 4 * layout.slots().size() + 4 * floats + 4);
        assertThat(layout.lifLayerNames()).containsExactly("stem.0", "stem.1", "rpe", "blocks.0.attn.q",
                "blocks.0.attn.k", "blocks.0.attn.v", "blocks.0.attn.attn", "blocks.0.attn.proj", "blocks.0.mlp.fc1",
                "blocks.0.mlp.fc2");
    }
}
