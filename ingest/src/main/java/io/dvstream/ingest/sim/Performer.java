package io.dvstream.ingest.sim;

import java.util.SplittableRandom;

/**
 * One simulated subject: body size and where they stand in the frame, how fast and how wide they
 * move, and the shades of their clothes and skin. Sizes are in pixels of the sensor the scene is
 * rendered for.
 *
 * @param unit body scale: one body unit in pixels (about 1 for a DVS128 framing of the upper body)
 * @param centerX x of the middle of the shoulders, pixels
 * @param shoulderY y of the shoulders, pixels
 * @param tempo gesture speed factor (above 1: faster than average)
 * @param amplitude gesture size factor
 * @param shirt reflectance of the clothes, 0..1
 * @param skin reflectance of the skin, 0..1
 */
public record Performer(double unit, double centerX, double shoulderY, double tempo, double amplitude, double shirt,
        double skin) {

    public Performer {
        if (!(unit > 0) || !(tempo > 0) || !(amplitude > 0)) {
            throw new IllegalArgumentException("unit, tempo and amplitude must be positive, were " + unit + ", " + tempo
                    + ", " + amplitude);
        }
        if (shirt < 0 || shirt > 1 || skin < 0 || skin > 1) {
            throw new IllegalArgumentException("reflectances must be in [0, 1], were shirt " + shirt + " skin " + skin);
        }
    }

    /** A random subject for a {@code width x height} frame: size +-15 %, position +-8 % of the frame. */
    public static Performer random(SplittableRandom random, int width, int height) {
        double unit = height / 128.0 * (0.85 + 0.3 * random.nextDouble());
        double centerX = width * (0.5 + 0.08 * (2 * random.nextDouble() - 1));
        double shoulderY = height * (0.42 + 0.06 * (2 * random.nextDouble() - 1));
        double tempo = 0.8 + 0.4 * random.nextDouble();
        double amplitude = 0.85 + 0.3 * random.nextDouble();
        // clothes either clearly darker or clearly lighter than a mid-grey wall, as people dress
        double shirt = random.nextBoolean() ? 0.08 + 0.2 * random.nextDouble() : 0.7 + 0.25 * random.nextDouble();
        double skin = 0.45 + 0.3 * random.nextDouble();
        return new Performer(unit, centerX, shoulderY, tempo, amplitude, shirt, skin);
    }
}
