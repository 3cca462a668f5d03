package io.dvstream.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dvstream.ingest.gesture.GestureClass;
import io.dvstream.ingest.gesture.GestureLabel;
import io.dvstream.jobs.decisions.DecisionConfig;
import io.dvstream.jobs.inference.WindowScores;
import io.dvstream.model.StreamingConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The streaming metrics on hand-made windows whose decisions can be worked out on paper: 500 ms
 * windows every 250 ms over 10 s; gesture A (right hand wave, index 1) from 2 s to 5 s, gesture B
 * (right arm counter-clockwise, index 4) from 6 s to 8 s; the job's default decider (start at 0.6 for 2
 * windows, 100 events minimum).
 */
class StreamingMetricsTest {

    private static final long MS = 1000;

    @Test
    void figuresMatchTheHandComputation() {
        var a = new GestureLabel(GestureClass.RIGHT_HAND_WAVE, 2000 * MS, 5000 * MS);
        var b = new GestureLabel(GestureClass.RIGHT_ARM_COUNTER_CLOCKWISE, 6000 * MS, 8000 * MS);
        var windows = new ArrayList<WindowScores>();
        for (long s = 0; s + 500 <= 10_000; s += 250) {
            long e = s + 500;
            int top;
            long events = 1000;
            if (s >= 2000 && e <= 5000) {
                top = 1;                                    // inside A: right all along
            } else if (s >= 6000 && e <= 8000) {
                top = s == 6000 ? 7 : 4;                    // inside B: first window wrong, then right
            } else if (s == 9000 || s == 9250) {
                top = 5;                                    // idle but busy and confident: one false start
            } else if (s < 8000 && e > 2000 && !(e <= 6000 && s >= 5000)) {
                top = -1;                                   // straddling a label edge: undecided
            } else {
                top = -1;
                events = 50;                                // idle: below the 100-event rule
            }
            windows.add(window(windows.size(), s * MS, e * MS, events, top));
        }
        var trial = new StreamReplay.Trial("t", List.of(b, a), 0, 10_000 * MS, windows);
        StreamingMetrics m = StreamingMetrics.measure(List.of(trial), DecisionConfig.defaults(),
                StreamingConfig.DVS128_GESTURE_CLASSES);

        assertThat(m.windows().total()).isEqualTo(11 + 7);
        assertThat(m.windows().correct()).isEqualTo(11 + 6);
        assertThat(m.gestures()).isEqualTo(2);
        // A starts on the window ending at 2.75 s (second confident window), B on the one ending at 7.0 s
        assertThat(m.latenciesMs()).containsExactly(750.0, 1000.0);
        assertThat(m.latencyMedianMs()).isEqualTo(750.0);
        assertThat(m.latencyP90Ms()).isEqualTo(1000.0);
        assertThat(m.falseStarts()).isEqualTo(1);
        assertThat(m.wrongStarts()).isZero();
        assertThat(m.idleMinutes()).isCloseTo(5.0 / 60, within(1e-12));
        assertThat(m.falseStartsPerIdleMinute()).isCloseTo(12.0, within(1e-9));
        int at500 = 4;
        int at1000 = 9;
        assertThat(m.observationMs()[at500]).isEqualTo(500);
        assertThat(m.observationMs()[at1000]).isEqualTo(1000);
        // 500 ms in: A's first window is right but not yet decided; B's first window is wrong
        assertThat(m.decidedAccuracy()[at500]).isEqualTo(0.0);
        assertThat(m.windowAccuracy()[at500]).isEqualTo(0.5);
        assertThat(m.decidedAccuracy()[at1000]).isEqualTo(1.0);
        assertThat(m.windowAccuracy()[at1000]).isEqualTo(1.0);
        // B lasts exactly 2 s, so both gestures count at 2000 ms
        assertThat(m.gesturesAt()[m.gesturesAt().length - 1]).isEqualTo(2);
        assertThat(m.toText()).contains("17/18").contains("latency median 750 ms, p90 1000 ms");
    }

    @Test
    void aStricterDeciderStartsLaterOrNever() {
        var a = new GestureLabel(GestureClass.HAND_CLAP, 1000 * MS, 3000 * MS);
        var windows = new ArrayList<WindowScores>();
        for (long s = 0; s + 500 <= 4000; s += 250) {
            boolean inside = s >= 1000 && s + 500 <= 3000;
            windows.add(window(windows.size(), s * MS, (s + 500) * MS, inside ? 1000 : 0, inside ? 0 : -1));
        }
        var trial = new StreamReplay.Trial("t", List.of(a), 0, 4000 * MS, windows);
        var classes = StreamingConfig.DVS128_GESTURE_CLASSES;
        StreamingMetrics one = StreamingMetrics.measure(List.of(trial), DecisionConfig.defaults().withWindows(1, 2), classes);
        StreamingMetrics three = StreamingMetrics.measure(List.of(trial), DecisionConfig.defaults().withWindows(3, 2), classes);
        StreamingMetrics never = StreamingMetrics.measure(List.of(trial), DecisionConfig.defaults().withThresholds(1.0, 0.4),
                classes);
        assertThat(one.latenciesMs()).containsExactly(500.0);
        assertThat(three.latenciesMs()).containsExactly(1000.0);
        assertThat(never.detected()).isZero();
        assertThat(never.latencyMedianMs()).isNaN();
    }

    /** A window whose softmax puts about 0.9 on {@code top}, or a uniform one when top is -1. */
    private static WindowScores window(long index, long startUs, long endUs, long events, int top) {
        var w = new WindowScores();
        w.cameraId = "t";
        w.window = index;
        w.startUs = startUs;
        w.endUs = endUs;
        w.events = events;
        w.logits = new float[11];
        if (top >= 0) {
            w.logits[top] = 5f;                             // e^5 / (e^5 + 10) = 0.937
        }
        return w;
    }
}
