package io.dvstream.cli.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RateMeterTest {

    private static final long MS = 1_000_000L;

    @Test
    void shouldMeasureTheRateOverTheLastSecond() {
        RateMeter m = new RateMeter();
        assertThat(m.sample(0, 0)).isZero();
        assertThat(m.sample(250 * MS, 1_000)).isCloseTo(4_000, within(1e-6));
        m.sample(500 * MS, 2_000);
        m.sample(750 * MS, 3_000);
        m.sample(1_000 * MS, 4_000);
        // Now at 4,000/s for a second, then the counter stops: the rate falls to 0 a second later.
        assertThat(m.sample(1_250 * MS, 4_000)).isCloseTo(3_000, within(1e-6)); // from the sample 1 s back (250 ms)
        m.sample(1_500 * MS, 4_000);
        m.sample(1_750 * MS, 4_000);
        assertThat(m.sample(2_000 * MS, 4_000)).isZero();
    }
}
