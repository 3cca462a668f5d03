package io.dvstream.jobs.decisions;

import io.dvstream.jobs.CameraStateTtl;
import io.dvstream.jobs.inference.WindowScores;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by camera: runs {@link GestureDecider} on each window, with the decider's state in keyed
 * state {@value #STATE} ({@link DecisionStateSerializer}).
 *
 * <p><b>Metrics</b> (operator group): counters {@code windowsIn}, {@code idleWindows},
 * {@code windowRecordsOut}, {@code gestureStarts}, {@code gestureEnds}; histogram
 * {@code decisionLatencyMs}: wall time from the frame that closed a window reaching the inference
 * operator to the window's decision (the latency beyond window close that the job adds).
 */
public class DecisionFunction extends KeyedProcessFunction<String, WindowScores, GestureEvent> {

    private static final long serialVersionUID = 1L;

    public static final String UID = "gesture-decisions";
    public static final String STATE = "decision";

    private final GestureDecider decider;
    private final long stateTtlMs;

    private transient ValueState<DecisionState> state;
    private transient Counter windowsIn;
    private transient Counter idleWindows;
    private transient Counter windowRecordsOut;
    private transient Counter gestureStarts;
    private transient Counter gestureEnds;
    private transient Histogram decisionLatencyMs;

    /** State kept until the job's state is reset. */
    public DecisionFunction(GestureDecider decider) {
        this(decider, 0);
    }

    /**
     * @param stateTtlMs processing time without a window after which a camera's state expires
     *     ({@link CameraStateTtl}); 0 keeps it
     */
    public DecisionFunction(GestureDecider decider, long stateTtlMs) {
        this.decider = decider;
        this.stateTtlMs = stateTtlMs;
    }

    @Override
    public void open(OpenContext openContext) {
        state = getRuntimeContext().getState(
                CameraStateTtl.expireAfter(new ValueStateDescriptor<>(STATE, DecisionStateSerializer.INSTANCE), stateTtlMs));
        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        windowsIn = metrics.counter("windowsIn");
        idleWindows = metrics.counter("idleWindows");
        windowRecordsOut = metrics.counter("windowRecordsOut");
        gestureStarts = metrics.counter("gestureStarts");
        gestureEnds = metrics.counter("gestureEnds");
        decisionLatencyMs = metrics.histogram("decisionLatencyMs", new DescriptiveStatisticsHistogram(10_000));
    }

    @Override
    public void processElement(WindowScores w, Context ctx, Collector<GestureEvent> out) throws Exception {
        windowsIn.inc();
        long now = System.currentTimeMillis();
        GestureDecider.Outcome outcome = decider.decide(state.value(), w, now);
        state.update(outcome.state());
        boolean window = false;
        for (GestureEvent e : outcome.events()) {
            switch (e.kind()) {
                case WINDOW -> {
                    window = true;
                    windowRecordsOut.inc();
                }
                case START -> gestureStarts.inc();
                case END -> gestureEnds.inc();
                default -> throw new IllegalStateException("unknown kind " + e.kind());
            }
            out.collect(e);
        }
        if (!window) {
            idleWindows.inc();
        }
        decisionLatencyMs.update(Math.max(0, now - w.closedAtMs));
    }
}
