package io.dvstream.jobs.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class StandInClassifierTest {

    private static final List<String> CLASSES = List.of("a", "b", "c");

    private static float[] frameWithEventsAt(int c, int y, int x, float count) {
        float[] f = new float[2 * 32 * 32];
        f[c * 32 * 32 + y * 32 + x] = count;
        return f;
    }

    @Test
    void shouldBeDeterministicForASeedAndDifferAcrossSeeds() {
        float[] frame = frameWithEventsAt(1, 3, 30, 4);
        StandInClassifier a = StandInClassifier.of(7, CLASSES);
        float[] stateOne = a.newState();
        float[] stateTwo = a.newState();
        StepClassifier.Step one = a.step(frame, stateOne);
        StepClassifier.Step two = StandInClassifier.of(7, CLASSES).step(frame, stateTwo);
        StepClassifier.Step other = StandInClassifier.of(8, CLASSES).step(frame, a.newState());
        assertThat(two.logits()).containsExactly(one.logits());
        assertThat(stateTwo).containsExactly(stateOne).isNotEqualTo(a.newState());
        assertThat(other.logits()).isNotEqualTo(one.logits());
    }

    @Test
    void shouldCarryLeakyStateFromStepToStep() {
        StandInClassifier m = StandInClassifier.of(1, CLASSES);
        float[] empty = new float[2 * 32 * 32];
        StepClassifier.Step fromRest = m.step(empty, m.newState());
        float[] state = m.newState();
        StepClassifier.Step excited = m.step(frameWithEventsAt(0, 0, 0, 8), state);
        StepClassifier.Step after = m.step(empty, state);
        StepClassifier.Step later = m.step(empty, state);
        // With no input the logits decay from the excited values back towards the rest values.
        for (int k = 0; k < CLASSES.size(); k++) {
            double d1 = Math.abs(after.logits()[k] - fromRest.logits()[k]);
            double d0 = Math.abs(excited.logits()[k] - fromRest.logits()[k]);
            double d2 = Math.abs(later.logits()[k] - fromRest.logits()[k]);
            assertThat(d1).isCloseTo(0.8 * d0, org.assertj.core.data.Offset.offset(1e-5));
            assertThat(d2).isCloseTo(0.64 * d0, org.assertj.core.data.Offset.offset(1e-5));
        }
        assertThat(excited.firingRate()).isEqualTo(1.0 / (2 * 32 * 32));
        assertThat(fromRest.firingRate()).isZero();
        assertThat(excited.energyJoules()).isGreaterThan(fromRest.energyJoules());
    }

    @Test
    void shouldTellWherePolarityAndPositionMatter() {
        StandInClassifier m = StandInClassifier.of(3, CLASSES);
        float[] on = m.step(frameWithEventsAt(1, 5, 5, 10), m.newState()).logits();
        float[] off = m.step(frameWithEventsAt(0, 5, 5, 10), m.newState()).logits();
        float[] elsewhere = m.step(frameWithEventsAt(1, 28, 28, 10), m.newState()).logits();
        assertThat(on).isNotEqualTo(off).isNotEqualTo(elsewhere);
    }

    @Test
    void shouldRejectInputOfTheWrongSizeAndForeignState() {
        StandInClassifier m = StandInClassifier.of(3, CLASSES);
        assertThatThrownBy(() -> m.step(new float[10], m.newState()))
                .hasMessage("stand-in expects 2x32x32 = 2048 floats, got 10");
        assertThatThrownBy(() -> m.step(new float[2048], new float[3]))
                .hasMessage("stand-in state must be 32 floats, got 3");
        assertThatThrownBy(() -> new StandInClassifier(30, 32, 4, 0.5f, 1, CLASSES))
                .hasMessage("stand-in grid 4 must divide the input 30x32");
        assertThat(m.modelId()).isEqualTo("stand-in:spatial-leaky:32x32:grid=4:leak=0.8:seed=3");
    }
}
