package io.dvstream.ingest.sim;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * How one performance of a gesture differs from the next: its period, size and start phase, and
 * for "other gestures" the random motion itself.
 *
 * @param periodS seconds per cycle of the gesture's main motion
 * @param amplitude size factor (1 = typical)
 * @param phase start phase, radians
 * @param free coefficients of the free motion of "other gestures": per wrist and axis, two
 *     sinusoids (frequency Hz, amplitude in body units, phase), 24 values
 */
public record GestureVariation(double periodS, double amplitude, double phase, double[] free) {

    private static final int FREE_COEFFICIENTS = 24;

    public GestureVariation {
        if (!(periodS > 0.05) || !(amplitude > 0)) {
            throw new IllegalArgumentException("periodS must be > 0.05 and amplitude > 0, were " + periodS + ", " + amplitude);
        }
        if (free.length != FREE_COEFFICIENTS) {
            throw new IllegalArgumentException("free must hold " + FREE_COEFFICIENTS + " coefficients, had " + free.length);
        }
        free = free.clone();
    }

    /** A performance by {@code performer}: its tempo and amplitude, +-20 % from one time to the next. */
    public static GestureVariation random(SplittableRandom random, Performer performer, double nominalPeriodS) {
        double period = nominalPeriodS / performer.tempo() * (0.8 + 0.4 * random.nextDouble());
        double amplitude = performer.amplitude() * (0.8 + 0.4 * random.nextDouble());
        double phase = 2 * Math.PI * random.nextDouble();
        double[] free = new double[FREE_COEFFICIENTS];
        for (int i = 0; i < FREE_COEFFICIENTS; i += 3) {
            free[i] = 0.3 + 1.2 * random.nextDouble();
            free[i + 1] = 4 + 12 * random.nextDouble();
            free[i + 2] = 2 * Math.PI * random.nextDouble();
        }
        return new GestureVariation(period, amplitude, phase, free);
    }

    @Override
    public double[] free() {
        return free.clone();
    }

    double freeAt(int i) {
        return free[i];
    }

    // A record compares arrays by identity; a variation is a value, so compare the coefficients.
    @Override
    public boolean equals(Object o) {
        return o instanceof GestureVariation v && periodS == v.periodS && amplitude == v.amplitude && phase == v.phase
                && Arrays.equals(free, v.free);
    }

    @Override
    public int hashCode() {
        return 31 * Objects.hash(periodS, amplitude, phase) + Arrays.hashCode(free);
    }

    @Override
    public String toString() {
        return "GestureVariation[periodS=" + periodS + ", amplitude=" + amplitude + ", phase=" + phase + "]";
    }
}
