package io.dvstream.jobs.decisions;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvstream.jobs.OperatorMetrics;
import io.dvstream.jobs.decisions.GestureEvent.Kind;
import io.dvstream.jobs.inference.WindowScores;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class DecisionFunctionTest {

    private static final List<String> CLASSES = List.of("clap", "wave");
    private static final GestureDecider DECIDER = new GestureDecider(new DecisionConfig(0.6, 0.4, 2, 1, 10, null), CLASSES, "m");

    private static KeyedOneInputStreamOperatorTestHarness<String, WindowScores, GestureEvent> harness(OperatorMetrics metrics)
            throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new DecisionFunction(DECIDER)),
                (WindowScores w) -> w.cameraId, Types.STRING, metrics.environment());
        h.setup(GestureEvent.TYPE.createSerializer(h.getExecutionConfig().getSerializerConfig()));
        return h;
    }

    /** A window of {@code camera} where clap has logit {@code clap} and wave 0. */
    private static WindowScores window(String camera, long index, float clap, long events) {
        WindowScores w = new WindowScores();
        w.cameraId = camera;
        w.window = index;
        w.startUs = index * 50_000;
        w.endUs = w.startUs + 100_000;
        w.events = events;
        w.logits = new float[] {clap, 0};
        w.closedAtMs = System.currentTimeMillis();
        return w;
    }

    @Test
    void shouldKeepEachCamerasHysteresisAcrossASnapshotAndCountWhatItEmits() throws Exception {
        OperatorMetrics metrics = new OperatorMetrics();
        OperatorSubtaskState snapshot;
        List<GestureEvent> out = new ArrayList<>();
        try (var h = harness(metrics)) {
            h.open();
            h.processElement(window("a", 0, 2f, 100), 0);   // clap 0.88: run 1 of 2
            h.processElement(window("b", 0, -2f, 100), 0);  // wave 0.88: run 1 of 2
            h.processElement(window("b", 1, 0f, 5), 0);     // idle: nothing, b's run is broken
            snapshot = h.snapshot(1, 1);
            out.addAll(h.extractOutputValues());
        }
        assertThat(metrics.counter("windowsIn")).isEqualTo(3);
        assertThat(metrics.counter("idleWindows")).isEqualTo(1);
        assertThat(metrics.counter("windowRecordsOut")).isEqualTo(2);
        OperatorMetrics after = new OperatorMetrics();
        try (var h = harness(after)) {
            h.initializeState(snapshot);
            h.open();
            h.processElement(window("a", 1, 2f, 100), 0);   // run 2 of 2: start
            h.processElement(window("b", 2, -2f, 100), 0);  // run 1 again: no start
            h.processElement(window("a", 2, -2f, 100), 0);  // clap 0.12 < 0.4: end
            out.addAll(h.extractOutputValues());
        }
        assertThat(out).extracting(e -> e.camera() + " " + e.kind() + " " + e.gesture())
                .containsExactly("a WINDOW clap", "b WINDOW wave", "a WINDOW clap", "a START clap", "b WINDOW wave",
                        "a WINDOW wave", "a END clap");
        assertThat(out.stream().filter(e -> e.kind() == Kind.START).findFirst().orElseThrow().startUs()).isZero();
        assertThat(after.counter("gestureStarts")).isOne();
        assertThat(after.counter("gestureEnds")).isOne();
    }
}
