package io.dvstream.cli.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvstream.model.StreamingConfig;
import org.junit.jupiter.api.Test;

class ClassNamesTest {

    @Test
    void shouldTakeTheDvsGestureListWhenEveryNameSeenMatchesIt() {
        ClassNames n = new ClassNames();
        n.learn(1, "right_hand_wave", 11);
        assertThat(n.names(11)).isEqualTo(StreamingConfig.DVS128_GESTURE_CLASSES);
    }

    @Test
    void shouldShowUnknownIndicesAsNumbersForAnyOtherModel() {
        ClassNames n = new ClassNames();
        n.learn(2, "wave", 3);
        assertThat(n.names(3)).containsExactly("class 0", "class 1", "wave");
        ClassNames other = new ClassNames();
        other.learn(0, "thumbs_up", 11);
        assertThat(other.names(11)).startsWith("thumbs_up", "class 1").hasSize(11);
    }
}
