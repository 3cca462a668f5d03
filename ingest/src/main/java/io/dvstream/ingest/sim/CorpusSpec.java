package io.dvstream.ingest.sim;

import io.dvstream.events.sensor.SensorGeometry;
import io.dvstream.ingest.gesture.GestureClass;
import io.dvstream.ingest.gesture.GestureDataset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A synthetic corpus in the DVS128 Gesture layout: users {@code 1..users}, each under every
 * lighting, performing the classes in order.
 *
 * @param users number of users, 1..99
 * @param firstTestUser users from this number on go to {@code trials_to_test.txt} (the dataset: 24)
 * @param lightings lighting conditions, one trial each per user
 * @param classes gestures of every trial, in order
 * @param gestureS nominal seconds per gesture
 * @param gapS nominal idle seconds between gestures
 * @param pixels sensor parameters
 * @param sensor sensor size
 * @param seed corpus seed: the same spec writes the same bytes
 */
public record CorpusSpec(int users, int firstTestUser, List<Lighting> lightings, List<GestureClass> classes, double gestureS,
        double gapS, PixelParameters pixels, SensorGeometry sensor, long seed) {

    /** The dataset's split: users 1-23 train, 24-29 test. */
    public static final int DATASET_FIRST_TEST_USER = 24;

    public CorpusSpec {
        lightings = List.copyOf(lightings);
        classes = List.copyOf(classes);
        Objects.requireNonNull(pixels, "pixels");
        Objects.requireNonNull(sensor, "sensor");
        if (users < 1 || users > 99) {
            throw new IllegalArgumentException("users must be 1..99, was " + users);
        }
        if (firstTestUser < 1) {
            throw new IllegalArgumentException("firstTestUser must be >= 1, was " + firstTestUser);
        }
        if (lightings.isEmpty() || classes.isEmpty()) {
            throw new IllegalArgumentException("a corpus needs at least one lighting and one class");
        }
    }

    /** 29 users, all five lightings, all 11 classes of about 6 s, DVS128. */
    public static CorpusSpec dvs128(long seed) {
        return new CorpusSpec(29, DATASET_FIRST_TEST_USER, List.of(Lighting.values()), List.of(GestureClass.values()), 6.0,
                1.5, PixelParameters.DVS128, SensorGeometry.DVS128, seed);
    }

    public GestureDataset.Split split(int user) {
        return user >= firstTestUser ? GestureDataset.Split.TEST : GestureDataset.Split.TRAIN;
    }

    /** Every trial, users in order, lightings in the given order within a user. */
    public List<TrialSpec> trials() {
        List<TrialSpec> out = new ArrayList<>();
        for (int user = 1; user <= users; user++) {
            for (Lighting lighting : lightings) {
                out.add(new TrialSpec(sensor, user, lighting, classes, gestureS, gapS, pixels,
                        GestureSimulator.DEFAULT_STEP_US, seed));
            }
        }
        return out;
    }
}
