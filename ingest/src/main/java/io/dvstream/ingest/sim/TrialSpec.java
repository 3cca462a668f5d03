package io.dvstream.ingest.sim;

import io.dvstream.events.sensor.SensorGeometry;
import io.dvstream.ingest.gesture.GestureClass;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Everything that determines one simulated trial ({@code userNN_<lighting>}): the same spec gives
 * the same events, byte for byte. The performer depends only on seed and user, so a user looks the
 * same under every lighting, as in the dataset; clothes shade, script, wall and noise depend on the
 * lighting too.
 *
 * @param sensor sensor size (DVS128 for the dataset layout)
 * @param user user number, 1-based
 * @param lighting lighting condition
 * @param classes gestures performed, in order
 * @param gestureS nominal seconds per gesture (the dataset: about 6)
 * @param gapS nominal idle seconds between gestures
 * @param pixels sensor parameters before the lighting adapts them
 * @param stepUs render step, us
 * @param seed corpus seed
 */
public record TrialSpec(SensorGeometry sensor, int user, Lighting lighting, List<GestureClass> classes, double gestureS,
        double gapS, PixelParameters pixels, long stepUs, long seed) {

    public TrialSpec {
        Objects.requireNonNull(sensor, "sensor");
        Objects.requireNonNull(lighting, "lighting");
        Objects.requireNonNull(pixels, "pixels");
        classes = List.copyOf(classes);
        if (user < 1 || user > 99) {
            throw new IllegalArgumentException("user must be 1..99 (userNN), was " + user);
        }
        if (classes.isEmpty()) {
            throw new IllegalArgumentException("a trial needs at least one gesture class");
        }
    }

    /** The dataset's defaults: DVS128, all 11 classes in order, 6 s each, 1.5 s gaps. */
    public static TrialSpec dvs128(int user, Lighting lighting, long seed) {
        return new TrialSpec(SensorGeometry.DVS128, user, lighting, List.of(GestureClass.values()), 6.0, 1.5,
                PixelParameters.DVS128, GestureSimulator.DEFAULT_STEP_US, seed);
    }

    public TrialSpec withClasses(List<GestureClass> classes) {
        return new TrialSpec(sensor, user, lighting, classes, gestureS, gapS, pixels, stepUs, seed);
    }

    public TrialSpec withTiming(double gestureS, double gapS) {
        return new TrialSpec(sensor, user, lighting, classes, gestureS, gapS, pixels, stepUs, seed);
    }

    public TrialSpec withPixels(PixelParameters pixels) {
        return new TrialSpec(sensor, user, lighting, classes, gestureS, gapS, pixels, stepUs, seed);
    }

    /** {@code user07_fluorescent_led}. */
    public String name() {
        return String.format("user%02d_%s", user, lighting.fileName());
    }

    /** Builds the simulator (draws performer, scene and script from the seed). */
    public GestureSimulator simulator() {
        Performer performer = Performer.random(new SplittableRandom(mix(seed, user, -1)), sensor.width(), sensor.height());
        SplittableRandom trial = new SplittableRandom(mix(seed, user, lighting.ordinal()));
        Performer dressed = new Performer(performer.unit(), performer.centerX(), performer.shoulderY(), performer.tempo(),
                performer.amplitude(), trial.nextBoolean() ? performer.shirt() : 1 - performer.shirt(), performer.skin());
        double shake = 0.05 + 0.25 * trial.nextDouble();
        GestureScene scene = new GestureScene(sensor.width(), sensor.height(), lighting, dressed, shake, trial.split());
        GestureScript script = GestureScript.of(classes, dressed, gestureS, gapS, trial.split());
        return new GestureSimulator(sensor, scene, script, pixels, stepUs, trial.nextLong());
    }

    /** SplitMix64 finaliser over the three inputs: independent streams per (seed, user, lighting). */
    static long mix(long seed, long a, long b) {
        long z = seed + 0x9E3779B97F4A7C15L * (a * 1_000_003L + b + 7);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
