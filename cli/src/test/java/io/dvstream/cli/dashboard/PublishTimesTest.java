package io.dvstream.cli.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class PublishTimesTest {

    @Test
    void shouldGiveThePublishTimeOfThePacketThatReachedACameraTime() {
        PublishTimes t = new PublishTimes();
        t.add(10_000, 1_000);
        t.add(20_000, 1_010);
        t.add(30_000, 1_025);

        assertThat(t.publishedAtMs(15_000)).hasValue(1_010);
        assertThat(t.publishedAtMs(20_000)).hasValue(1_010);
        assertThat(t.publishedAtMs(29_999)).hasValue(1_025);
        // Not reached yet, and before the oldest packet remembered: unknown, not guessed.
        assertThat(t.publishedAtMs(30_001)).isEqualTo(OptionalLong.empty());
        assertThat(t.publishedAtMs(5_000)).isEqualTo(OptionalLong.empty());
    }

    @Test
    void shouldForgetEverythingWhenTheCameraClockGoesBack() {
        PublishTimes t = new PublishTimes();
        t.add(10_000, 1_000);
        t.add(20_000, 1_010);
        t.add(5_000, 2_000);
        t.add(8_000, 2_010);
        assertThat(t.publishedAtMs(7_000)).hasValue(2_010);
        assertThat(t.publishedAtMs(15_000)).isEmpty();
    }

    @Test
    void shouldKeepTheLatestPacketsWhenFull() {
        PublishTimes t = new PublishTimes();
        for (int i = 0; i < PublishTimes.CAPACITY + 10; i++) {
            t.add(i * 100L, i);
        }
        assertThat(t.publishedAtMs(50L)).isEmpty();
        long last = PublishTimes.CAPACITY + 9;
        assertThat(t.publishedAtMs(last * 100 - 50)).hasValue(last);
    }
}
