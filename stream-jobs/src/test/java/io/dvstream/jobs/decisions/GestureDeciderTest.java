package io.dvstream.jobs.decisions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.dvstream.jobs.decisions.GestureEvent.Kind;
import io.dvstream.jobs.inference.WindowScores;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GestureDeciderTest {

    private static final List<String> CLASSES = List.of("clap", "wave", "none");
    /** Start at 0.6 for 2 windows, end below 0.4 for 2 windows, idle under 50 events. */
    private static final DecisionConfig CONFIG = new DecisionConfig(0.6, 0.4, 2, 2, 50, null);
    private static final long WINDOW_US = 50_000;

    private final GestureDecider decider = new GestureDecider(CONFIG, CLASSES, "stand-in-test");
    private DecisionState state;
    private long nextWindow;

    /** Logits of 3 classes that give {@code cls} the softmax probability {@code p} (others equal). */
    private static float[] logits(int cls, double p) {
        float[] l = new float[CLASSES.size()];
        l[cls] = (float) Math.log(p * (CLASSES.size() - 1) / (1 - p));
        return l;
    }

    private static WindowScores window(long stream, long index, float[] logits, long events) {
        WindowScores w = new WindowScores();
        w.cameraId = "cam";
        w.stream = stream;
        w.window = index;
        w.startUs = index * WINDOW_US;
        w.endUs = w.startUs + 2 * WINDOW_US;
        w.events = events;
        w.logits = logits;
        w.firingRate = 0.1;
        w.energyJoules = 1e-6;
        w.closedAtMs = 0;
        return w;
    }

    private List<GestureEvent> feed(int cls, double p) {
        return feed(0, cls, p, 1_000);
    }

    private List<GestureEvent> feed(long stream, int cls, double p, long events) {
        GestureDecider.Outcome o = decider.decide(state, window(stream, nextWindow++, logits(cls, p), events), 42);
        state = o.state();
        return o.events();
    }

    private static List<Kind> kinds(List<GestureEvent> events) {
        return events.stream().map(GestureEvent::kind).toList();
    }

    @Test
    void shouldEmitNothingAtAllWhileTheSceneIsIdle() {
        List<GestureEvent> all = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            all.addAll(feed(0, 0, 0.95, 10)); // confident, but only 10 events per window
        }
        assertThat(all).isEmpty();
        assertThat(state.hasActive()).isFalse();
        assertThat(state.candidate()).isEqualTo(-1);
    }

    @Test
    void shouldStartAGestureOnlyAfterOnWindowsConsecutiveConfidentWindows() {
        assertThat(kinds(feed(0, 0.7))).containsExactly(Kind.WINDOW);
        List<GestureEvent> second = feed(0, 0.7);
        assertThat(kinds(second)).containsExactly(Kind.WINDOW, Kind.START);
        GestureEvent start = second.get(1);
        assertThat(start.gesture()).isEqualTo("clap");
        assertThat(start.classIndex()).isZero();
        assertThat(start.confidence()).isCloseTo(0.7, within(1e-6));
        assertThat(start.startUs()).isEqualTo(0); // the first window of the run
        assertThat(start.endUs()).isEqualTo(3 * WINDOW_US);
        assertThat(start.scores()).isNull();
        assertThat(start.modelId()).isEqualTo("stand-in-test");
        assertThat(start.emittedAtMs()).isEqualTo(42);
        // Held: no second start.
        assertThat(kinds(feed(0, 0.7))).containsExactly(Kind.WINDOW);
    }

    @Test
    void shouldRestartTheRunWhenTheTopClassChangesOrDropsBelowTheOnThreshold() {
        feed(0, 0.7);
        feed(1, 0.7);     // another class: its run starts at 1
        feed(1, 0.55);    // below on: the run is broken
        assertThat(kinds(feed(1, 0.7))).containsExactly(Kind.WINDOW);
        assertThat(kinds(feed(1, 0.7))).containsExactly(Kind.WINDOW, Kind.START);
    }

    @Test
    void shouldHoldBetweenTheThresholdsAndEndAfterOffWindowsBelowTheOffThreshold() {
        feed(0, 0.7);
        feed(0, 0.9);                      // start, peak 0.9
        assertThat(kinds(feed(0, 0.45))).containsExactly(Kind.WINDOW); // between off and on: held
        long lastHeldEnd = (nextWindow - 1) * WINDOW_US + 2 * WINDOW_US;
        assertThat(kinds(feed(1, 0.5))).containsExactly(Kind.WINDOW);  // clap 0.25 < off: 1 of 2
        assertThat(kinds(feed(0, 0.5))).containsExactly(Kind.WINDOW);  // back above off: streak reset
        lastHeldEnd = (nextWindow - 1) * WINDOW_US + 2 * WINDOW_US;
        assertThat(kinds(feed(1, 0.5))).containsExactly(Kind.WINDOW);
        List<GestureEvent> ended = feed(1, 0.5);
        assertThat(kinds(ended)).containsExactly(Kind.WINDOW, Kind.END);
        GestureEvent end = ended.get(1);
        assertThat(end.gesture()).isEqualTo("clap");
        assertThat(end.confidence()).isCloseTo(0.9, within(1e-6));
        assertThat(end.startUs()).isEqualTo(0);
        assertThat(end.endUs()).isEqualTo(lastHeldEnd);
        assertThat(state.hasActive()).isFalse();
    }

    @Test
    void shouldEndTheGestureAtOnceWhenTheSceneGoesIdleAndEmitNothingElse() {
        feed(0, 0.7);
        feed(0, 0.7);
        List<GestureEvent> idle = feed(0, 0, 0.7, 3);
        assertThat(kinds(idle)).containsExactly(Kind.END);
        assertThat(feed(0, 0, 0.7, 3)).isEmpty();
        // After idle the run starts again from scratch.
        assertThat(kinds(feed(0, 0.7))).containsExactly(Kind.WINDOW);
    }

    @Test
    void shouldTreatTheIdleClassOnTopAsIdle() {
        GestureDecider withIdle = new GestureDecider(CONFIG.withIdleClass("none"), CLASSES, "m");
        DecisionState s = null;
        for (int i = 0; i < 4; i++) {
            GestureDecider.Outcome o = withIdle.decide(s, window(0, i, logits(2, 0.9), 1_000), 0);
            assertThat(o.events()).isEmpty();
            s = o.state();
        }
        assertThat(s.hasActive()).isFalse();
    }

    @Test
    void shouldEndTheGestureOfTheOldStreamWhenTheCameraRestarts() {
        feed(0, 0.7);
        feed(0, 0.7);
        List<GestureEvent> restarted = feed(1, 0, 0.7, 1_000);
        assertThat(kinds(restarted)).containsExactly(Kind.END, Kind.WINDOW);
        assertThat(restarted.get(0).stream()).isZero();
        assertThat(restarted.get(1).stream()).isOne();
        // The new stream needs its own run of confident windows.
        assertThat(kinds(feed(1, 0, 0.7, 1_000))).containsExactly(Kind.WINDOW, Kind.START);
    }

    @Test
    void shouldLetAnotherConfidentGestureTakeOver() {
        GestureDecider lowOff = new GestureDecider(CONFIG.withThresholds(0.6, 0.1), CLASSES, "m");
        DecisionState s = null;
        List<GestureEvent> all = new ArrayList<>();
        float[][] run = {logits(0, 0.7), logits(0, 0.7), logits(1, 0.65), logits(1, 0.65)};
        for (int i = 0; i < run.length; i++) {
            // wave 0.65 leaves clap at 0.175, above the off threshold: clap holds until wave takes over
            GestureDecider.Outcome o = lowOff.decide(s, window(0, i, run[i], 1_000), 0);
            all.addAll(o.events());
            s = o.state();
        }
        assertThat(all).extracting(e -> e.kind() + " " + e.gesture())
                .containsExactly("WINDOW clap", "WINDOW clap", "START clap", "WINDOW wave", "WINDOW wave", "END clap",
                        "START wave");
        assertThat(s.active()).isOne();
    }

    @Test
    void shouldPutSoftmaxProbabilitiesAndLogitsInWindowRecords() {
        GestureEvent w = feed(1, 0.8).get(0);
        assertThat(w.kind()).isEqualTo(Kind.WINDOW);
        assertThat(w.gesture()).isEqualTo("wave");
        assertThat(w.scores()).hasSize(3);
        assertThat(w.scores()[1]).isCloseTo(0.8f, within(1e-6f));
        assertThat(w.scores()[0] + w.scores()[1] + w.scores()[2]).isCloseTo(1f, within(1e-6f));
        assertThat(w.logits()).containsExactly(logits(1, 0.8));
        assertThat(w.firingRate()).isEqualTo(0.1);
        assertThat(w.energyJoules()).isEqualTo(1e-6);
    }

    @Test
    void shouldKeepSoftmaxFiniteForLargeLogits() {
        assertThat(GestureDecider.softmax(new float[] {1000f, 999f, -1000f})).satisfies(p -> {
            assertThat(p[0]).isCloseTo(0.7311f, within(1e-4f));
            assertThat(p[2]).isZero();
        });
    }

    @Test
    void shouldRejectWindowsWithTheWrongNumberOfLogits() {
        assertThatThrownBy(() -> decider.decide(null, window(0, 7, new float[2], 1_000), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("window 7 of camera cam has 2 logits, the model stand-in-test has 3 classes");
    }

    @Test
    void shouldRejectAnIdleClassTheModelDoesNotHave() {
        assertThatThrownBy(() -> new GestureDecider(CONFIG.withIdleClass("nothing"), CLASSES, "m"))
                .hasMessage("Invalid value nothing for configuration decision.idle.class: the model m has no such class;"
                        + " its classes are [clap, wave, none]");
    }

    @Test
    void shouldValidateTheDecisionConfig() {
        assertThatThrownBy(() -> new DecisionConfig(0.5, 0.6, 2, 2, 0, null))
                .hasMessage("Invalid value 0.6 for configuration decision.off.threshold: must be in (0, decision.on.threshold = 0.5]");
        assertThatThrownBy(() -> new DecisionConfig(1.5, 0.6, 2, 2, 0, null))
                .hasMessage("Invalid value 1.5 for configuration decision.on.threshold: must be in (0, 1]");
        assertThatThrownBy(() -> new DecisionConfig(0.6, 0.4, 0, 2, 0, null))
                .hasMessage("Invalid value 0 for configuration decision.on.windows: must be >= 1");
        assertThatThrownBy(() -> new DecisionConfig(0.6, 0.4, 1, 0, 0, null))
                .hasMessage("Invalid value 0 for configuration decision.off.windows: must be >= 1");
        assertThatThrownBy(() -> new DecisionConfig(0.6, 0.4, 1, 1, -1, null))
                .hasMessage("Invalid value -1 for configuration decision.min.events: must be >= 0");
        assertThat(new DecisionConfig(0.6, 0.4, 1, 1, 0, " ").idleClass()).isNull();
    }
}
