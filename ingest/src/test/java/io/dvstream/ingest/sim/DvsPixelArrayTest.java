package io.dvstream.ingest.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dvstream.events.EventPacket;
import io.dvstream.events.sensor.SensorGeometry;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DvsPixelArrayTest {

    private static EventPacket packet(int w, int h) {
        return new EventPacket("sim", SensorGeometry.of(w, h));
    }

    /** Log intensity rising linearly from 0 at {@code slopePerS}: one step every {@code stepUs}. */
    private static EventPacket ramp(DvsPixelArray array, double slopePerS, long durationUs, long stepUs) {
        int n = array.width() * array.height();
        float[] log = new float[n];
        array.startLog(log, 0);
        EventPacket out = packet(array.width(), array.height());
        for (long t = stepUs; t <= durationUs; t += stepUs) {
            Arrays.fill(log, (float) (slopePerS * t * 1e-6));
            array.stepLog(log, t, out);
        }
        return out;
    }

    @Test
    void shouldFireOneOnEventPerThresholdAtTheAnalyticCrossingTimes() {
        DvsPixelArray array = new DvsPixelArray(2, 2, PixelParameters.IDEAL, 1);
        // log I = 1.1 t: crossings of 0.2, 0.4 .. 1.0 at t = 0.2k / 1.1 s, between 10 ms render steps
        EventPacket out = ramp(array, 1.1, 1_000_000, 10_000);
        assertThat(out.size()).isEqualTo(4 * 5);
        for (int i = 0; i < out.size(); i++) {
            int k = i / 4 + 1;
            assertThat(out.isOn(i)).isTrue();
            assertThat((double) out.tUs(i)).isCloseTo(0.2 * k / 1.1 * 1e6, within(3.0));
        }
    }

    @Test
    void shouldFireOffEventsOnAFallingRamp() {
        DvsPixelArray array = new DvsPixelArray(1, 1, PixelParameters.IDEAL, 1);
        EventPacket out = ramp(array, -2.1, 1_000_000, 7_000);
        assertThat(out.size()).isEqualTo(10);
        assertThat(IntStream.range(0, out.size()).noneMatch(out::isOn)).isTrue();
    }

    @Test
    void shouldHoldThePixelInResetForTheRefractoryPeriod() {
        // slope 10/s with C = 0.2: 20 ms between crossings, but a 50 ms reset after each event, and the
        // reference is re-memorised at the end of the reset: one event every 50 + 20 ms.
        PixelParameters p = PixelParameters.IDEAL.withRefractoryUs(50_000);
        DvsPixelArray array = new DvsPixelArray(1, 1, p, 1);
        EventPacket out = ramp(array, 10, 1_000_000, 2_000);
        assertThat(out.size()).isEqualTo(14); // 20, 90, ..., 930 ms
        assertThat((double) out.tUs(0)).isCloseTo(20_000, within(3.0));
        for (int i = 1; i < out.size(); i++) {
            assertThat((double) (out.tUs(i) - out.tUs(i - 1))).isCloseTo(70_000, within(5.0));
        }
    }

    @Test
    void shouldDrawThresholdMismatchPerPixel() {
        PixelParameters p = PixelParameters.IDEAL.withThreshold(0.2, 0.03);
        DvsPixelArray array = new DvsPixelArray(32, 32, p, 5);
        EventPacket out = ramp(array, 20, 1_000_000, 5_000);
        int[] counts = new int[32 * 32];
        for (int i = 0; i < out.size(); i++) {
            counts[out.y(i) * 32 + out.x(i)]++;
        }
        // each pixel fires floor(20 / C) times, so 20 / count estimates its threshold
        double[] c = Arrays.stream(counts).mapToDouble(n -> 20.0 / n).toArray();
        double mean = Arrays.stream(c).average().orElseThrow();
        double sd = Math.sqrt(Arrays.stream(c).map(v -> (v - mean) * (v - mean)).average().orElseThrow());
        assertThat(mean).isCloseTo(0.2, within(0.005));
        assertThat(sd).isCloseTo(0.03, within(0.006));
    }

    @Test
    void shouldProduceBackgroundActivityAtTheConfiguredRate() {
        PixelParameters p = PixelParameters.IDEAL.withBackgroundRateHz(0.5);
        DvsPixelArray array = new DvsPixelArray(64, 64, p, 11);
        float[] still = new float[64 * 64];
        Arrays.fill(still, 0.4f);
        array.start(still, 0);
        EventPacket out = packet(64, 64);
        for (long t = 1_000; t <= 10_000_000; t += 1_000) {
            array.step(still, t, out);
        }
        double expected = 0.5 * 64 * 64 * 10; // 20,480; Poisson sd 143
        assertThat((double) out.size()).isCloseTo(expected, within(expected * 0.03));
        long on = IntStream.range(0, out.size()).filter(out::isOn).count();
        assertThat((double) on / out.size()).isCloseTo(0.5, within(0.02));
        assertThat(array.noiseEventsTotal()).isEqualTo(out.size());
    }

    @Test
    void shouldMakeHotPixelsFireFarMoreThanTheRest() {
        PixelParameters p = PixelParameters.IDEAL.withBackgroundRateHz(0.2).withHotPixels(2, 40);
        DvsPixelArray array = new DvsPixelArray(32, 32, p, 3);
        float[] still = new float[32 * 32];
        Arrays.fill(still, 0.4f);
        array.start(still, 0);
        EventPacket out = packet(32, 32);
        for (long t = 1_000; t <= 5_000_000; t += 1_000) {
            array.step(still, t, out);
        }
        int[] counts = new int[32 * 32];
        for (int i = 0; i < out.size(); i++) {
            counts[out.y(i) * 32 + out.x(i)]++;
        }
        for (int hot : array.hotPixelIndices()) {
            assertThat(counts[hot]).isBetween(150, 250); // 40 Hz x 5 s
        }
        int hottestOther = IntStream.range(0, counts.length)
                .filter(i -> Arrays.stream(array.hotPixelIndices()).noneMatch(h -> h == i))
                .map(i -> counts[i]).max().orElseThrow();
        assertThat(hottestOther).isLessThan(10);
    }

    @Test
    void shouldDelayTheResponseOfDimPixels() {
        // a step of +1 in log intensity: bright pixels fire at once, dim ones (bandwidth falls with
        // intensity) later and spread out
        PixelParameters p = PixelParameters.IDEAL.withBandwidth(300, 0.5);
        double bright = meanLatencyUs(p, 0.8f);
        double dim = meanLatencyUs(p, 0.02f);
        assertThat(bright).isLessThan(3_000);
        assertThat(dim).isGreaterThan(3 * bright);
    }

    private static double meanLatencyUs(PixelParameters p, float intensity) {
        DvsPixelArray array = new DvsPixelArray(1, 1, p, 1);
        array.start(new float[] {intensity}, 0);
        EventPacket out = packet(1, 1);
        float[] brighter = {(float) (intensity * Math.E)};
        for (long t = 1_000; t <= 500_000; t += 1_000) {
            array.step(brighter, t, out);
        }
        assertThat(out.size()).isBetween(4, 5);
        return IntStream.range(0, out.size()).mapToLong(out::tUs).average().orElseThrow();
    }

    @Test
    void shouldKeepEventsOrderedWithJitterAndBeDeterministicPerSeed() {
        PixelParameters p = PixelParameters.DVS128.withJitterUs(200);
        EventPacket a = ramp(new DvsPixelArray(16, 16, p, 42), 3, 500_000, 2_000);
        EventPacket b = ramp(new DvsPixelArray(16, 16, p, 42), 3, 500_000, 2_000);
        EventPacket c = ramp(new DvsPixelArray(16, 16, p, 43), 3, 500_000, 2_000);
        assertThat(a.size()).isGreaterThan(1_000);
        assertThat(a).isEqualTo(b);
        assertThat(c).isNotEqualTo(a);
        for (int i = 1; i < a.size(); i++) {
            assertThat(a.tUs(i)).isGreaterThanOrEqualTo(a.tUs(i - 1));
        }
    }
}
