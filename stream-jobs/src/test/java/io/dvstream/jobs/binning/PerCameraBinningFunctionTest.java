package io.dvstream.jobs.binning;

import static io.dvstream.jobs.CameraPackets.CAMERA_A;
import static io.dvstream.jobs.CameraPackets.CAMERA_B;
import static io.dvstream.jobs.CameraPackets.NOW;
import static io.dvstream.jobs.CameraPackets.T0;
import static io.dvstream.jobs.CameraPackets.packet;
import static io.dvstream.jobs.CameraPackets.withDropped;
import static org.assertj.core.api.Assertions.assertThat;

import io.dvstream.jobs.OperatorMetrics;

import io.dvstream.events.EventPacket;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PerCameraBinningFunctionTest {

    /** 1 ms frames of 128x128, gaps up to 5 ms bridged, idle after 200 ms, expiry 1 s after that. */
    private static final BinningSettings SETTINGS =
            new BinningSettings(1_000, 128, 128, 5_000, null, 200, 1_000);
    private static final int PLANE = 128 * 128;

    private KeyedOneInputStreamOperatorTestHarness<String, EventPacket, SparseFrame> harness;
    private OperatorMetrics metrics;

    @BeforeEach
    void open() throws Exception {
        metrics = new OperatorMetrics();
        harness = newHarness(metrics);
        harness.open();
        harness.setProcessingTime(NOW);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, EventPacket, SparseFrame> newHarness(OperatorMetrics metrics)
            throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new PerCameraBinningFunction(SETTINGS)),
                EventPacket::cameraId, Types.STRING, metrics.environment());
        h.setup(SparseFrame.TYPE.createSerializer(h.getExecutionConfig().getSerializerConfig()));
        return h;
    }

    private void send(EventPacket p) throws Exception {
        harness.processElement(p, 0);
    }

    private List<SparseFrame> output() {
        return harness.extractOutputValues();
    }

    @Test
    void shouldEmitTheClosedFrameWithExactCountsAndCells() throws Exception {
        send(packet(CAMERA_A, 0, T0 + 100, 3, 4, 1, T0 + 200, 3, 4, 1, T0 + 300, 5, 6, 0));
        assertThat(output()).isEmpty(); // frame [T0, T0+1ms) is still open

        send(packet(CAMERA_A, 1, T0 + 1_000, 7, 7, 1));

        SparseFrame expected = new SparseFrame();
        expected.cameraId = CAMERA_A;
        expected.stream = 0;
        expected.index = 0;
        expected.startUs = T0;
        expected.endUs = T0 + 1_000;
        expected.width = 128;
        expected.height = 128;
        expected.eventCount = 3;
        expected.onCount = 2;
        expected.offCount = 1;
        expected.cells = new int[] {6 * 128 + 5, PLANE + 4 * 128 + 3};
        expected.counts = new float[] {1f, 2f};
        assertThat(output()).containsExactly(expected);
    }

    @Test
    void shouldEmitEmptyFramesForIntervalsWithoutEvents() throws Exception {
        send(packet(CAMERA_A, 0, T0 + 10, 1, 1, 1));
        send(packet(CAMERA_A, 1, T0 + 3_500, 2, 2, 0));

        assertThat(output()).extracting(f -> f.index).containsExactly(0L, 1L, 2L);
        assertThat(output()).extracting(f -> f.startUs).containsExactly(T0, T0 + 1_000, T0 + 2_000);
        assertThat(output()).extracting(f -> f.eventCount).containsExactly(1, 0, 0);
        assertThat(output().get(1).cells).isEmpty();
        assertThat(metrics.counter("emptyFramesOut")).isEqualTo(2);
    }

    @Test
    void shouldKeepCamerasApart() throws Exception {
        send(packet(CAMERA_A, 0, T0 + 10, 1, 1, 1));
        send(packet(CAMERA_B, 0, 5_000_000 + 10, 1, 1, 0));
        send(packet(CAMERA_B, 1, 5_001_000, 1, 1, 0));
        send(packet(CAMERA_A, 1, T0 + 1_000, 1, 1, 1));

        assertThat(output()).extracting(f -> f.cameraId + "@" + f.startUs + ":" + f.onCount + "/" + f.offCount)
                .containsExactly(CAMERA_B + "@5000000:0/1", CAMERA_A + "@" + T0 + ":1/0");
    }

    @Test
    void shouldRestartTheStreamWhenTheCameraClockGoesBack() throws Exception {
        send(packet(CAMERA_A, 0, T0 + 10, 1, 1, 1, T0 + 1_100, 1, 1, 1));
        send(packet(CAMERA_A, 1, 2_000, 1, 1, 0)); // camera rebooted: clock back to 2 ms
        send(packet(CAMERA_A, 2, 3_000, 1, 1, 0));

        assertThat(output()).extracting(f -> f.stream + "#" + f.index + "@" + f.startUs + "=" + f.eventCount)
                .containsExactly("0#0@" + T0 + "=1", "0#1@" + (T0 + 1_000) + "=1", "1#0@2000=1");
        assertThat(metrics.counter("streamRestarts")).isEqualTo(1);
        assertThat(metrics.counter("framesOut")).isEqualTo(3);
    }

    @Test
    void shouldRestartTheStreamAfterASilenceBeyondTheGapLimit() throws Exception {
        send(packet(CAMERA_A, 0, T0 + 10, 1, 1, 1));
        send(packet(CAMERA_A, 1, T0 + 60_000, 1, 1, 1)); // 60 ms > maxGapUs 5 ms
        send(packet(CAMERA_A, 2, T0 + 61_000, 1, 1, 1));

        assertThat(output()).extracting(f -> f.stream + "#" + f.index + "@" + f.startUs)
                .containsExactly("0#0@" + T0, "1#0@" + (T0 + 60_000));
    }

    @Test
    void shouldCloseTheOpenFrameOfAnIdleCameraAfterTheTimeout() throws Exception {
        send(packet(CAMERA_A, 0, T0 + 10, 1, 1, 1, T0 + 20, 2, 2, 1));
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);

        harness.setProcessingTime(NOW + 199);
        assertThat(output()).isEmpty();
        harness.setProcessingTime(NOW + 200);

        assertThat(output()).extracting(f -> f.index + "@" + f.startUs + "=" + f.eventCount).containsExactly("0@" + T0 + "=2");
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(1); // now the expiry timer
    }

    @Test
    void shouldPushTheIdleTimeoutBackWithEveryPacket() throws Exception {
        send(packet(CAMERA_A, 0, T0 + 10, 1, 1, 1));
        harness.setProcessingTime(NOW + 150);
        send(packet(CAMERA_A, 1, T0 + 20, 1, 1, 1));
        harness.setProcessingTime(NOW + 300);

        assertThat(output()).isEmpty();
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);
        harness.setProcessingTime(NOW + 350);
        assertThat(output()).extracting(f -> f.eventCount).containsExactly(2);
    }

    @Test
    void shouldContinueTheStreamWhenAnIdleCameraComesBack() throws Exception {
        send(packet(CAMERA_A, 0, T0 + 10, 1, 1, 1));
        harness.setProcessingTime(NOW + 200); // idle close of frame 0
        send(packet(CAMERA_A, 1, T0 + 2_500, 1, 1, 0));
        send(packet(CAMERA_A, 2, T0 + 3_000, 1, 1, 0));

        assertThat(output()).extracting(f -> f.stream + "#" + f.index + "=" + f.eventCount)
                .containsExactly("0#0=1", "0#1=0", "0#2=1");
    }

    @Test
    void shouldClearStateAndTimersWhenAnIdleCameraExpires() throws Exception {
        send(packet(CAMERA_A, 0, T0 + 10, 1, 1, 1));
        send(packet(CAMERA_B, 0, T0 + 10, 1, 1, 1));
        assertThat(harness.numKeyedStateEntries()).isEqualTo(4); // binner + camera, per camera

        harness.setProcessingTime(NOW + 200);           // both idle: open frames closed
        assertThat(output()).hasSize(2);
        harness.setProcessingTime(NOW + 200 + 1_000);   // both expired

        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(output()).hasSize(2);
        assertThat(metrics.counter("idleCloses")).isEqualTo(2);
        assertThat(metrics.counter("camerasExpired")).isEqualTo(2);

        send(packet(CAMERA_A, 0, 10, 1, 1, 1)); // a new stream, not a restart of the old one
        assertThat(harness.numKeyedStateEntries()).isEqualTo(2);
        assertThat(metrics.counter("streamRestarts")).isZero();
    }

    @Test
    void shouldTrackSequenceGapsResetsAndDropsPerCamera() throws Exception {
        send(packet(CAMERA_A, 0, T0 + 10, 1, 1, 1));
        send(withDropped(packet(CAMERA_A, 4, T0 + 20, 1, 1, 1), 17)); // 1, 2, 3 lost
        send(packet(CAMERA_A, 5, T0 + 30, 1, 1, 1));
        send(packet(CAMERA_A, 0, T0 + 40, 1, 1, 1));                   // source restarted
        send(withDropped(packet(CAMERA_B, 9, T0 + 10, 1, 1, 1), 5));

        CameraStatus a = status(CAMERA_A);
        assertThat(a.sequenceGaps).isEqualTo(3);
        assertThat(a.sequenceResets).isEqualTo(1);
        assertThat(a.droppedEvents).isEqualTo(17);
        assertThat(a.packets).isEqualTo(4);
        assertThat(a.lastSequence).isZero();
        CameraStatus b = status(CAMERA_B);
        assertThat(b.sequenceGaps).isZero();
        assertThat(b.droppedEvents).isEqualTo(5);
        assertThat(metrics.counter("sequenceGaps")).isEqualTo(3);
        assertThat(metrics.counter("sequenceResets")).isEqualTo(1);
        assertThat(metrics.counter("droppedEvents")).isEqualTo(22);
    }

    @Test
    void shouldGiveTheSameFramesAfterASnapshotAndRestore() throws Exception {
        send(packet(CAMERA_A, 0, T0 + 10, 1, 1, 1, T0 + 1_200, 2, 2, 0, T0 + 1_300, 2, 2, 0));
        OperatorSubtaskState snapshot = harness.snapshot(1, NOW);
        List<SparseFrame> before = List.copyOf(output());
        harness.close();

        harness = newHarness(new OperatorMetrics());
        harness.initializeState(snapshot);
        harness.open();
        harness.setProcessingTime(NOW);
        send(packet(CAMERA_A, 1, T0 + 2_000, 3, 3, 1));

        assertThat(before).extracting(f -> f.index).containsExactly(0L);
        assertThat(output()).extracting(f -> f.index + "=" + f.eventCount + ":" + f.offCount).containsExactly("1=2:2");
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);
    }

    private CameraStatus status(String camera) throws Exception {
        @SuppressWarnings("unchecked")
        var op = (KeyedProcessOperator<String, EventPacket, SparseFrame>) harness.getOperator();
        op.setCurrentKey(camera);
        return op.getKeyedStateBackend().getPartitionedState(
                org.apache.flink.runtime.state.VoidNamespace.INSTANCE,
                org.apache.flink.runtime.state.VoidNamespaceSerializer.INSTANCE,
                new org.apache.flink.api.common.state.ValueStateDescriptor<>(PerCameraBinningFunction.CAMERA_STATE, CameraStatus.TYPE))
                .value();
    }
}
