package io.dvstream.ingest.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dvstream.events.EventPacket;
import io.dvstream.events.sensor.SensorGeometry;
import io.dvstream.ingest.gesture.GestureClass;
import io.dvstream.ingest.gesture.GestureLabel;
import java.util.List;
import org.junit.jupiter.api.Test;

class RealismStatisticsTest {

    private static final SensorGeometry SENSOR = SensorGeometry.custom(8, 8);

    @Test
    void shouldMeasureRatesIntervalsActivePixelsAndIsolatedEventsOfAKnownStream() {
        // pixel (1,1) fires ON every 1 ms for 100 ms; no other pixel fires, so every event is isolated
        EventPacket p = new EventPacket("t", SENSOR);
        for (int i = 0; i < 100; i++) {
            p.append(i * 1_000L, 1, 1, true);
        }
        RealismStatistics stats = new RealismStatistics(SENSOR, List.of(new GestureLabel(GestureClass.HAND_CLAP, 0, 50_000)));
        stats.accept(p);
        RealismStatistics.Summary s = stats.summary();

        assertThat(s.events()).isEqualTo(100);
        assertThat(s.spanUs()).isEqualTo(99_001);
        assertThat(s.onShare()).isEqualTo(1.0);
        assertThat(s.gestureRate()).isEqualTo(50 / 0.05);
        assertThat(s.idleRate()).isCloseTo(50 / 0.049001, within(1e-6));
        // ten 10 ms windows of 10 events each: 1,000 ev/s and 1 of 64 pixels active in every one
        assertThat(s.windowRates().count()).isEqualTo(10);
        assertThat(s.windowRates().percentile(0.1)).isEqualTo(1_000.0);
        assertThat(s.windowRates().percentile(0.9)).isEqualTo(1_000.0);
        assertThat(s.gestureWindowRates().count()).isEqualTo(5);
        assertThat(s.idleWindowRates().count()).isEqualTo(5);
        assertThat(s.activeFraction().mean()).isEqualTo(1 / 64.0);
        // 99 intervals of exactly 1 ms: every percentile is the 1 ms bin (20 bins per decade, +-6 %)
        assertThat(s.intervalP10Us()).isCloseTo(1_000, within(60.0));
        assertThat(s.intervalP90Us()).isCloseTo(1_000, within(60.0));
        assertThat(s.isolatedRateHz()).isCloseTo(100 / 0.099001 / 64, within(1e-9));
    }

    @Test
    void shouldCountAnEventWithARecentNeighbourAsSupportedAndLeaveEmptyWindowsInTheRates() {
        EventPacket p = new EventPacket("t", SENSOR);
        p.append(0, 3, 3, false);          // isolated
        p.append(5_000, 4, 4, false);      // neighbour (3,3) fired 5 ms ago: supported
        p.append(40_000, 6, 6, true);      // nothing within 10 ms: isolated; windows 1..3 were empty
        RealismStatistics stats = new RealismStatistics(SENSOR, List.of());
        stats.accept(p);
        RealismStatistics.Summary s = stats.summary();

        assertThat(s.isolatedRateHz()).isCloseTo(2 / 0.040001 / 64, within(1e-9));
        assertThat(s.onShare()).isCloseTo(1 / 3.0, within(1e-12));
        assertThat(s.windowRates().count()).isEqualTo(5);
        assertThat(s.windowRates().percentile(0.5)).isEqualTo(0.0);
        assertThat(s.gestureRate()).isNaN();
        assertThat(s.gestureWindowRates().count()).isZero();
        assertThat(s.intervalP50Us()).isNaN(); // no pixel fired twice
    }
}
