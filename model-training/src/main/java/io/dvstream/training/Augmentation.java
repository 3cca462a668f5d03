package io.dvstream.training;

import java.util.SplittableRandom;

/**
 * Per-sample geometric augmentation (spec section 8), applied identically to every frame of a sample
 * by transforming event coordinates before binning: a small affine map about the sensor centre
 * (translation, rotation, shear) and one cutout square. <b>No horizontal flip</b>: DVS128 Gesture has
 * left/right classes and a flip would corrupt labels.
 *
 * @param maxShift translation, fraction of the sensor side (each axis, uniform +-)
 * @param maxRotationDeg rotation, degrees (uniform +-)
 * @param maxShear shear factor (uniform +-)
 * @param cutout side of the cutout square as a fraction of the model input side (0 = none)
 */
public record Augmentation(double maxShift, double maxRotationDeg, double maxShear, double cutout) {

    /** The defaults of the training command: +-10 % shift, +-10 degrees, +-0.1 shear, a quarter-side cutout. */
    public static Augmentation standard() {
        return new Augmentation(0.1, 10, 0.1, 0.25);
    }

    public static Augmentation none() {
        return new Augmentation(0, 0, 0, 0);
    }

    /** One draw: the map applied to one sample. */
    public Draw draw(SplittableRandom rnd) {
        double tx = maxShift * (2 * rnd.nextDouble() - 1);
        double ty = maxShift * (2 * rnd.nextDouble() - 1);
        double rot = Math.toRadians(maxRotationDeg * (2 * rnd.nextDouble() - 1));
        double sh = maxShear * (2 * rnd.nextDouble() - 1);
        double cx = rnd.nextDouble();
        double cy = rnd.nextDouble();
        double cos = Math.cos(rot);
        double sin = Math.sin(rot);
        // [a b; c d] = rotation * shear-x
        return new Draw(cos, cos * sh - sin, sin, sin * sh + cos, tx, ty, cutout, cx, cy);
    }

    /** A drawn affine map in normalised coordinates (centre 0, side 1) plus the cutout's centre. */
    public record Draw(double a, double b, double c, double d, double tx, double ty, double cutout, double cx, double cy) {

        public static final Draw IDENTITY = new Draw(1, 0, 0, 1, 0, 0, 0, 0, 0);
    }
}
