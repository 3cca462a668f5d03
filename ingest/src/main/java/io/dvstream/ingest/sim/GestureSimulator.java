package io.dvstream.ingest.sim;

import io.dvstream.events.EventPacket;
import io.dvstream.events.sensor.SensorGeometry;
import java.util.Objects;

/**
 * One simulated trial, generated on demand: the performer moves as the script says, the scene is
 * rendered every {@code stepUs}, and the {@link DvsPixelArray} turns the images into events.
 * {@link #advanceTo} produces the events of the camera's time up to a point, so callers can write
 * a file in chunks or pace a live camera. Deterministic for its inputs. Not thread-safe.
 */
public final class GestureSimulator {

    /** 2 ms: hands move under a pixel per step (fast ones ~0.5), and crossings are placed between steps anyway. */
    public static final long DEFAULT_STEP_US = 2_000;

    private final SensorGeometry sensor;
    private final GestureScene scene;
    private final GestureScript script;
    private final DvsPixelArray pixels;
    private final long stepUs;
    private final BodyPose pose = new BodyPose();
    private final float[] image;
    private long timeUs;

    public GestureSimulator(SensorGeometry sensor, GestureScene scene, GestureScript script, PixelParameters pixelParameters,
            long stepUs, long seed) {
        this.sensor = Objects.requireNonNull(sensor, "sensor");
        this.scene = Objects.requireNonNull(scene, "scene");
        this.script = Objects.requireNonNull(script, "script");
        if (scene.width() != sensor.width() || scene.height() != sensor.height()) {
            throw new IllegalArgumentException("scene " + scene.width() + "x" + scene.height() + " does not match " + sensor);
        }
        if (stepUs < 10 || stepUs > 20_000) {
            throw new IllegalArgumentException("render step must be 10..20000 us, was " + stepUs);
        }
        this.stepUs = stepUs;
        this.pixels = new DvsPixelArray(sensor.width(), sensor.height(), scene.lighting().adapt(pixelParameters), seed);
        this.image = new float[sensor.pixels()];
        render(0);
        pixels.start(image, 0);
    }

    public SensorGeometry sensor() {
        return sensor;
    }

    public GestureScript script() {
        return script;
    }

    public DvsPixelArray pixels() {
        return pixels;
    }

    /** Camera time simulated so far, us. */
    public long timeUs() {
        return timeUs;
    }

    public boolean finished() {
        return timeUs >= script.endUs();
    }

    /**
     * Simulates up to {@code tUs} (or the end of the script, whichever is first; rounded up to a
     * render step) and appends the events to {@code out}.
     *
     * @return the events appended
     */
    public int advanceTo(long tUs, EventPacket out) {
        long until = Math.min(tUs, script.endUs());
        int n = 0;
        while (timeUs < until) {
            long next = Math.min(timeUs + stepUs, script.endUs());
            render(next);
            n += pixels.step(image, next, out);
            timeUs = next;
        }
        return n;
    }

    /** The image the sensor sees at {@code tUs} (linear intensities, row-major); for frames and tests. */
    public float[] render(long tUs) {
        double tS = tUs * 1e-6;
        ScriptedGesture g = script.at(tUs);
        if (g == null) {
            GestureMotion.rest(scene.performer(), tS, pose);
        } else {
            GestureMotion.pose(g.gesture(), g.variation(), scene.performer(), tS, (tUs - g.startUs()) * 1e-6,
                    (g.endUs() - g.startUs()) * 1e-6, pose);
        }
        scene.render(pose, tS, image);
        return image;
    }

    /** A new packet for this sensor. */
    public EventPacket newPacket(String cameraId) {
        return new EventPacket(cameraId, sensor, 1 << 14);
    }
}
