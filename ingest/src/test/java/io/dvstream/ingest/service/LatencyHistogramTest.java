package io.dvstream.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    private static long ms(double ms) {
        return (long) (ms * TimeUnit.MILLISECONDS.toNanos(1));
    }

    @Test
    void shouldGiveTheUpperEdgeOfTheQuantilesBucket() {
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 0; i < 99; i++) {
            h.record(ms(2.05));
        }
        h.record(ms(250));

        assertThat(h.count()).isEqualTo(100);
        assertThat(h.quantileMs(0.5)).isEqualTo(2.1);
        assertThat(h.quantileMs(0.99)).isEqualTo(2.1);
        assertThat(h.quantileMs(1.0)).isEqualTo(250.1);
    }

    @Test
    void shouldForgetAWarmUpAfterAReset() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(ms(900));
        h.reset();

        assertThat(h.count()).isZero();
        assertThat(h.quantileMs(0.99)).isNaN();
        h.record(ms(3.0));
        assertThat(h.quantileMs(0.99)).isEqualTo(3.1);
    }
}
