package io.dvstream.ingest.service;

import io.dvstream.events.EventPacket;
import io.dvstream.events.sensor.SensorGeometry;
import io.dvstream.ingest.live.LiveSource;
import io.dvstream.ingest.sim.CameraLabel;
import io.dvstream.ingest.sim.LabelSink;
import io.dvstream.ingest.sim.SimulatedCamera;
import io.dvstream.ingest.sim.SimulatedCameraSpec;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulator's live camera ({@code sim:SPEC}, syntax in {@link SimulatedCameraSpec}) as an
 * ingest source. Its ground-truth labels go, in time order with its packets, to a {@link LabelSink}
 * (the ingest command's is {@link io.dvstream.ingest.kafka.LabelPublisher#simulatedCameraSink()},
 * so they reach {@code dvs.labels}); they are also logged and counted.
 */
final class SimulatedSource implements LiveSource {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedSource.class);

    private final SimulatedCamera camera;
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong labels = new AtomicLong();
    private final LabelSink labelSink;

    /**
     * @param cameraId the ingest service's {@code --camera}; it replaces the spec's own {@code id}
     * @param labelSink where the camera's labels go; a sink that throws stops the camera
     */
    SimulatedSource(SourceConfig.Sim sim, String cameraId, LabelSink labelSink) {
        this.labelSink = java.util.Objects.requireNonNull(labelSink, "labelSink");
        SimulatedCameraSpec s = SimulatedCameraSpec.parse(SimulatedCameraSpec.SCHEME + sim.spec());
        this.camera = new SimulatedCamera(new SimulatedCameraSpec(s.sensor(), s.script(), s.loop(), s.seed(), s.lighting(),
                s.user(), s.speed(), s.packetUs(), s.gestureS(), s.gapS(), s.pixels(), cameraId));
    }

    @Override
    public SensorGeometry sensor() {
        return camera.spec().sensor();
    }

    @Override
    public String description() {
        return "simulated camera " + SimulatedCameraSpec.SCHEME + "...";
    }

    @Override
    public void run(Consumer<EventPacket> sink) throws IOException {
        try {
            camera.run(packet -> {
                events.addAndGet(packet.size());
                sink.accept(packet);
            }, this::label);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("simulated camera failed: " + e.getMessage(), e);
        }
    }

    private void label(CameraLabel label) throws Exception {
        labels.incrementAndGet();
        LOG.info("simulated camera {}: {}", camera.spec().cameraId(), label);
        labelSink.accept(label);
    }

    @Override
    public Map<String, Long> counters() {
        return Map.of("source_events_total", events.get(), "source_labels_total", labels.get());
    }

    @Override
    public void close() {
        camera.close();
    }
}
