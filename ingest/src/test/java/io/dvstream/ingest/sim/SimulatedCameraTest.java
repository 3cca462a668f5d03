package io.dvstream.ingest.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvstream.events.EventPacket;
import io.dvstream.events.sensor.SensorGeometry;
import io.dvstream.ingest.gesture.GestureClass;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SimulatedCameraTest {

    @Test
    void shouldParseASourceStringWithDefaults() {
        SimulatedCameraSpec s = SimulatedCameraSpec.parse("sim:dvs128?gestures=random&seed=7&lighting=lab");
        assertThat(s.sensor()).isEqualTo(SensorGeometry.DVS128);
        assertThat(s.random()).isTrue();
        assertThat(s.seed()).isEqualTo(7);
        assertThat(s.lighting()).isEqualTo(Lighting.LAB);
        assertThat(s.speed()).isEqualTo(1.0);
        assertThat(s.packetUs()).isEqualTo(10_000);
        assertThat(s.cameraId()).isEqualTo("sim-7");

        SimulatedCameraSpec t = SimulatedCameraSpec.parse("sim:?gestures=1,11&speed=max&packet_ms=20&id=cam3&lighting=natural");
        assertThat(t.script()).containsExactly(GestureClass.HAND_CLAP, GestureClass.OTHER_GESTURES);
        assertThat(t.speed()).isZero();
        assertThat(t.packetUs()).isEqualTo(20_000);
        assertThat(t.cameraId()).isEqualTo("cam3");
        assertThat(SimulatedCameraSpec.parse("sim:320x240").sensor()).isEqualTo(SensorGeometry.DVXPLORER_LITE);
    }

    @Test
    void shouldRejectBadSourceStringsByKey() {
        assertThatThrownBy(() -> SimulatedCameraSpec.parse("sim:dvs128?colour=red"))
                .hasMessageContaining("unknown key 'colour', expected one of [gestures, loop, seed");
        assertThatThrownBy(() -> SimulatedCameraSpec.parse("sim:dvs128?gestures=1,12"))
                .hasMessageContaining("gesture class must be 1..11, was 12");
        assertThatThrownBy(() -> SimulatedCameraSpec.parse("sim:dvs128?speed=fast"))
                .hasMessageContaining("speed 'fast' is not a number");
        assertThatThrownBy(() -> SimulatedCameraSpec.parse("sim:dvs128?lighting=moon"))
                .hasMessageContaining("unknown lighting 'moon'");
        assertThatThrownBy(() -> SimulatedCameraSpec.parse("file:x.aedat")).hasMessageContaining("starts with 'sim:'");
    }

    @Test
    void shouldPaceAScriptedSequenceAndSendItsLabelsAlongside() throws Exception {
        SimulatedCamera camera = SimulatedCamera.open("sim:dvs128?gestures=2,6&gesture_s=1&gap_s=0.3&speed=10&seed=4");
        List<Object> seen = new ArrayList<>();
        AtomicLong lastT = new AtomicLong(-1);
        long started = System.nanoTime();
        camera.run(p -> {
            if (!p.isEmpty()) {
                assertThat(p.firstTUs()).isGreaterThanOrEqualTo(lastT.get());
                lastT.set(p.lastTUs());
            }
            seen.add(p.sequence());
        }, seen::add);
        double wallS = (System.nanoTime() - started) / 1e9;
        List<CameraLabel> labels = seen.stream().filter(CameraLabel.class::isInstance).map(CameraLabel.class::cast).toList();
        assertThat(labels).extracting(CameraLabel::phase, CameraLabel::gesture).containsExactly(
                org.assertj.core.groups.Tuple.tuple(CameraLabel.Phase.START, GestureClass.RIGHT_HAND_WAVE),
                org.assertj.core.groups.Tuple.tuple(CameraLabel.Phase.END, GestureClass.RIGHT_HAND_WAVE),
                org.assertj.core.groups.Tuple.tuple(CameraLabel.Phase.START, GestureClass.LEFT_ARM_CLOCKWISE),
                org.assertj.core.groups.Tuple.tuple(CameraLabel.Phase.END, GestureClass.LEFT_ARM_CLOCKWISE));
        // a label goes out with the packet whose span holds its instant: after the packets before it
        long packetsBeforeFirstStart = seen.indexOf(labels.get(0));
        assertThat(packetsBeforeFirstStart * 10_000L).isBetween(labels.get(0).startUs() - 10_000, labels.get(0).startUs());
        double cameraS = lastT.get() / 1e6;
        assertThat(cameraS).isGreaterThan(2.0);
        // paced at 10x: never ahead of camera time / 10
        assertThat(wallS).isGreaterThanOrEqualTo(cameraS / 10 - 0.02);
        assertThat(camera.packetsSent()).isEqualTo(seen.size() - 4);
        assertThat(seen.get(1)).isEqualTo(1L);
    }

    @Test
    void shouldRunRandomGesturesUntilClosedAndRepeatThemForTheSameSeed() throws Exception {
        EventPacket first = run("sim:dvs128?gestures=random&seed=9&speed=max&gesture_s=1&gap_s=0.3", 400);
        EventPacket second = run("sim:dvs128?gestures=random&seed=9&speed=max&gesture_s=1&gap_s=0.3", 400);
        EventPacket other = run("sim:dvs128?gestures=random&seed=10&speed=max&gesture_s=1&gap_s=0.3", 400);
        // 400 packets of 10 ms: 4 s of camera time, inside the first batch of random gestures
        assertThat(first.size()).isGreaterThan(10_000);
        assertThat(second).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void shouldContinueTheClockAcrossRandomBatches() throws Exception {
        List<CameraLabel> labels = new ArrayList<>();
        AtomicLong lastT = new AtomicLong(-1);
        try (SimulatedCamera camera = SimulatedCamera.open("sim:dvs128?seed=3&speed=max&gesture_s=1&gap_s=0.2&packet_ms=50")) {
            CompletableFuture<Void> running = CompletableFuture.runAsync(() -> {
                try {
                    camera.run(p -> {
                        if (!p.isEmpty()) {
                            assertThat(p.firstTUs()).isGreaterThanOrEqualTo(lastT.get());
                            lastT.set(p.lastTUs());
                        }
                        synchronized (labels) {
                            if (labels.size() >= 2 * SimulatedCamera.RANDOM_BATCH + 4) {
                                camera.close();
                            }
                        }
                    }, l -> {
                        synchronized (labels) {
                            labels.add(l);
                        }
                    });
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            running.get(60, TimeUnit.SECONDS);
        }
        // the 9th gesture comes from the second batch and starts after the 8th ended
        List<CameraLabel> starts = labels.stream().filter(l -> l.phase() == CameraLabel.Phase.START).toList();
        assertThat(starts.size()).isGreaterThan(SimulatedCamera.RANDOM_BATCH);
        for (int i = 1; i < starts.size(); i++) {
            assertThat(starts.get(i).startUs()).isGreaterThan(starts.get(i - 1).endUs());
        }
        assertThat(lastT.get()).isGreaterThan(starts.get(SimulatedCamera.RANDOM_BATCH).startUs());
    }

    /** The first {@code packets} packets of a camera, concatenated. */
    private static EventPacket run(String source, int packets) throws Exception {
        SimulatedCamera camera = SimulatedCamera.open(source);
        EventPacket all = new EventPacket("all", SensorGeometry.DVS128);
        camera.run(p -> {
            all.appendAll(p.tUsArray(), p.xArray(), p.yArray(), p.polarityArray(), 0, p.size());
            if (camera.packetsSent() + 1 >= packets) {
                camera.close();
            }
        }, LabelSink.NONE);
        return all;
    }
}
