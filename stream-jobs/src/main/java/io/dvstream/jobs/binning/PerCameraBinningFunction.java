package io.dvstream.jobs.binning;

import io.dvstream.events.EventPacket;
import io.dvstream.events.binning.BinnerState;
import io.dvstream.events.binning.BinningConfig;
import io.dvstream.events.binning.Frame;
import io.dvstream.events.binning.FrameBinner;
import io.dvstream.events.binning.FrameListener;
import io.dvstream.events.sensor.SensorGeometry;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Fixed-rate causal binning of each camera's events into frames, on the camera's own clock.
 *
 * <ul>
 *   <li><b>Key:</b> camera id.</li>
 *   <li><b>Input:</b> decoded {@link EventPacket}s of the camera, in Kafka order.</li>
 *   <li><b>Output:</b> one {@link SparseFrame} per closed interval of {@code binWidthUs}, empty ones
 *       included, in order; after a restart (clock back, or silence beyond {@code maxGapUs}) the
 *       frame index starts again at 0 and {@link SparseFrame#stream} goes up by one.</li>
 * </ul>
 * The maths is the plain {@link FrameBinner} of {@code events}; this function only moves its state
 * in and out of Flink: for each packet it restores the camera's {@link BinnerState} into a binner
 * kept per sensor geometry (scratch, not state), bins, and stores the snapshot.
 *
 * <p><b>State</b> (both cleared together when the camera expires):
 * <ul>
 *   <li>{@value #BINNER_STATE}: the camera's {@link BinnerState} (open frame's sparse counts, origin,
 *       frame index, last event time, restarts), serialized by {@link BinnerStateSerializer};</li>
 *   <li>{@value #CAMERA_STATE}: {@link CameraStatus}: sensor, sequence tracking (gaps, resets),
 *       dropped events, the registered timer and whether the camera went idle (Flink POJO).</li>
 * </ul>
 *
 * <p><b>Timer</b>: one processing-time timer per camera. Each packet moves it to
 * {@code now + idleTimeoutMs}. When it fires, the camera has been silent that long: the open frame
 * is closed (its interval is over as far as anyone will know soon) and the timer is set
 * {@code expiryMs} later. If it fires again with no packet in between, the camera is gone and its
 * state is cleared. A packet after the idle close continues the stream (the frames between are
 * bridged with empty ones, or the stream restarts past {@code maxGapUs}). Only the idle close
 * depends on wall-clock time: a camera whose packets arrive more than {@code idleTimeoutMs} apart
 * (a replay slower than its clock, a stalled source) can see a frame closed early, and a later
 * event inside that interval then restarts the stream. Choose the timeout well above the packet
 * interval.
 *
 * <p><b>Metrics</b> (operator group): {@code framesOut}, {@code emptyFramesOut}, {@code streamRestarts},
 * {@code sequenceGaps}, {@code sequenceResets}, {@code droppedEvents}, {@code idleCloses},
 * {@code camerasExpired}; per camera (group {@code camera=<id>}) gauges {@code sequenceGaps} and
 * {@code droppedEvents} with the totals kept in state.
 */
public class PerCameraBinningFunction extends KeyedProcessFunction<String, EventPacket, SparseFrame> {

    private static final long serialVersionUID = 1L;

    /** Operator uid and name. */
    public static final String UID = "per-camera-binning";
    public static final String BINNER_STATE = "binner";
    public static final String CAMERA_STATE = "camera";

    private final BinningSettings settings;

    private transient ValueState<BinnerState> binnerState;
    private transient ValueState<CameraStatus> cameraState;
    private transient BinningConfig config;
    private transient Map<SensorGeometry, FrameBinner> binners;
    private transient Emitter emitter;
    private transient Counter framesOut;
    private transient Counter emptyFramesOut;
    private transient Counter streamRestarts;
    private transient Counter sequenceGaps;
    private transient Counter sequenceResets;
    private transient Counter droppedEvents;
    private transient Counter idleCloses;
    private transient Counter camerasExpired;
    private transient Map<String, CameraStatus> cameraGauges;
    private transient java.util.Set<String> camerasWithGauges;

    public PerCameraBinningFunction(BinningSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext openContext) {
        binnerState = getRuntimeContext().getState(new ValueStateDescriptor<>(BINNER_STATE, BinnerStateSerializer.INSTANCE));
        cameraState = getRuntimeContext().getState(new ValueStateDescriptor<>(CAMERA_STATE, CameraStatus.TYPE));
        config = settings.toBinningConfig();
        binners = new HashMap<>();
        emitter = new Emitter();
        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        framesOut = metrics.counter("framesOut");
        emptyFramesOut = metrics.counter("emptyFramesOut");
        streamRestarts = metrics.counter("streamRestarts");
        sequenceGaps = metrics.counter("sequenceGaps");
        sequenceResets = metrics.counter("sequenceResets");
        droppedEvents = metrics.counter("droppedEvents");
        idleCloses = metrics.counter("idleCloses");
        camerasExpired = metrics.counter("camerasExpired");
        cameraGauges = new HashMap<>();
        camerasWithGauges = new java.util.HashSet<>();
    }

    @Override
    public void processElement(EventPacket packet, Context ctx, Collector<SparseFrame> out) throws Exception {
        String camera = ctx.getCurrentKey();
        CameraStatus status = cameraState.value();
        if (status == null) {
            status = new CameraStatus();
        }
        long resetsBefore = status.sequenceResets;
        sequenceGaps.inc(status.track(packet.sequence(), packet.droppedEvents()));
        sequenceResets.inc(status.sequenceResets - resetsBefore);
        droppedEvents.inc(packet.droppedEvents());
        SensorGeometry sensor = packet.sensor();
        status.sensorName = sensor.name();
        status.sensorWidth = sensor.width();
        status.sensorHeight = sensor.height();
        status.idle = false;

        if (!packet.isEmpty()) {
            FrameBinner binner = restoredBinner(sensor);
            emitter.bind(camera, binner, out);
            binner.accept(packet, emitter);
            binnerState.update(binner.snapshot());
        }

        long now = ctx.timerService().currentProcessingTime();
        schedule(ctx, status, now + settings.idleTimeoutMs());
        cameraState.update(status);
        publishGauges(camera, status);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<SparseFrame> out) throws Exception {
        CameraStatus status = cameraState.value();
        if (status == null || status.timerAt != timestamp) {
            return; // a timer this camera no longer waits for
        }
        status.timerAt = CameraStatus.NO_TIMER;
        if (status.idle) {
            binnerState.clear();
            cameraState.clear();
            cameraGauges.remove(ctx.getCurrentKey());
            camerasExpired.inc();
            return;
        }
        BinnerState s = binnerState.value();
        if (s != null && s.started()) {
            FrameBinner binner = restoredBinner(new SensorGeometry(status.sensorName, status.sensorWidth, status.sensorHeight));
            emitter.bind(ctx.getCurrentKey(), binner, out);
            binner.closeUntil(binner.openFrameStartUs() + config.binWidthUs(), emitter);
            binnerState.update(binner.snapshot());
            idleCloses.inc();
        }
        status.idle = true;
        if (settings.expiryMs() > 0) {
            schedule(ctx, status, timestamp + settings.expiryMs());
        }
        cameraState.update(status);
    }

    private FrameBinner restoredBinner(SensorGeometry sensor) throws Exception {
        FrameBinner binner = binners.computeIfAbsent(sensor, s -> new FrameBinner(config, s));
        BinnerState s = binnerState.value();
        binner.restore(s == null ? BinnerState.INITIAL : s);
        return binner;
    }

    private static void schedule(Context ctx, CameraStatus status, long at) {
        if (status.timerAt == at) {
            return;
        }
        if (status.timerAt != CameraStatus.NO_TIMER) {
            ctx.timerService().deleteProcessingTimeTimer(status.timerAt);
        }
        ctx.timerService().registerProcessingTimeTimer(at);
        status.timerAt = at;
    }

    private void publishGauges(String camera, CameraStatus status) {
        cameraGauges.put(camera, status);
        if (camerasWithGauges.add(camera)) {
            MetricGroup group = getRuntimeContext().getMetricGroup().addGroup("camera", camera);
            group.gauge("sequenceGaps", () -> gaugeValue(camera, true));
            group.gauge("droppedEvents", () -> gaugeValue(camera, false));
        }
    }

    private long gaugeValue(String camera, boolean gaps) {
        CameraStatus s = cameraGauges.get(camera);
        return s == null ? 0 : gaps ? s.sequenceGaps : s.droppedEvents;
    }

    /** Turns the binner's frames into {@link SparseFrame}s on the collector of the current call. */
    private final class Emitter implements FrameListener {
        private String camera;
        private FrameBinner binner;
        private Collector<SparseFrame> out;

        void bind(String camera, FrameBinner binner, Collector<SparseFrame> out) {
            this.camera = camera;
            this.binner = binner;
            this.out = out;
        }

        @Override
        public void onFrame(Frame frame) {
            framesOut.inc();
            if (frame.isEmpty()) {
                emptyFramesOut.inc();
            }
            out.collect(SparseFrame.of(camera, binner.restarts(), frame));
        }

        @Override
        public void onRestart(long lastUs, long nextUs) {
            streamRestarts.inc();
        }
    }
}
