package io.dvstream.ingest.jaer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvstream.ingest.jaer.DatagramSequence.Verdict;
import org.junit.jupiter.api.Test;

class DatagramSequenceTest {

    @Test
    void shouldCountGapsAsLostUntilTheMissingOnesArriveLate() {
        DatagramSequence s = new DatagramSequence();
        assertThat(s.accept(1)).isEqualTo(Verdict.IN_ORDER);
        assertThat(s.accept(2)).isEqualTo(Verdict.IN_ORDER);
        assertThat(s.accept(5)).isEqualTo(Verdict.IN_ORDER);
        assertThat(s.lost()).isEqualTo(2);
        assertThat(s.accept(4)).isEqualTo(Verdict.LATE);
        assertThat(s.accept(4)).isEqualTo(Verdict.DUPLICATE);
        assertThat(s.accept(2)).isEqualTo(Verdict.DUPLICATE);
        assertThat(s.lost()).isEqualTo(1);
        assertThat(s.late()).isEqualTo(1);
        assertThat(s.duplicates()).isEqualTo(2);
    }

    @Test
    void shouldTakeTheFirstNumberSeenAsTheStartAndFollowTheWrapToZero() {
        DatagramSequence s = new DatagramSequence();
        assertThat(s.accept(Integer.MAX_VALUE - 1)).isEqualTo(Verdict.IN_ORDER);
        assertThat(s.accept(Integer.MAX_VALUE)).isEqualTo(Verdict.IN_ORDER);
        assertThat(s.accept(0)).isEqualTo(Verdict.IN_ORDER);
        assertThat(s.accept(2)).isEqualTo(Verdict.IN_ORDER);
        assertThat(s.lost()).isEqualTo(1);
        assertThat(s.accept(1)).isEqualTo(Verdict.LATE);
        assertThat(s.lost()).isZero();
    }

    @Test
    void shouldRejectNegativeNumbers() {
        assertThatThrownBy(() -> new DatagramSequence().accept(-3)).hasMessageContaining("-3");
    }
}
