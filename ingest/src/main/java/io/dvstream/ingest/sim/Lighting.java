package io.dvstream.ingest.sim;

import java.util.Arrays;
import java.util.Locale;

/**
 * The lighting conditions of DVS128 Gesture, by the names its files use. Each sets how much light
 * reaches the sensor (which limits the pixels' bandwidth and raises timestamp jitter), how much
 * contrast the scene has, and how much background activity the sensor shows. {@code natural}
 * (daylight through a window) also drifts slowly, as clouds pass. The figures are plausible
 * settings, not measurements of the dataset's rooms.
 *
 */
public enum Lighting {
    FLUORESCENT(0.9, 0.9, 1.2, 1.0, 0.0),
    FLUORESCENT_LED(0.8, 0.85, 1.5, 1.2, 0.0),
    LAB(1.0, 1.0, 1.0, 1.0, 0.0),
    LED(0.6, 0.8, 1.3, 1.5, 0.0),
    NATURAL(0.5, 0.8, 1.5, 2.5, 0.2);

    private final double illumination;
    private final double contrast;
    private final double noiseFactor;
    private final double jitterFactor;
    private final double drift;

    Lighting(double illumination, double contrast, double noiseFactor, double jitterFactor, double drift) {
        this.illumination = illumination;
        this.contrast = contrast;
        this.noiseFactor = noiseFactor;
        this.jitterFactor = jitterFactor;
        this.drift = drift;
    }

    /** Light on a white surface, in the sensor's linear units (1 = bright lab light). */
    public double illumination() {
        return illumination;
    }

    /** Scene reflectances are pulled towards their mean by this factor (1 = unchanged). */
    public double contrast() {
        return contrast;
    }

    /** Multiplies the sensor's background activity rate. */
    public double noiseFactor() {
        return noiseFactor;
    }

    /** Multiplies the sensor's timestamp jitter. */
    public double jitterFactor() {
        return jitterFactor;
    }

    /** Relative amplitude of the slow illumination drift (0 = steady). */
    public double drift() {
        return drift;
    }

    /** The name in file names: {@code fluorescent_led}. */
    public String fileName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The pixel parameters of a sensor under this light. */
    public PixelParameters adapt(PixelParameters sensor) {
        return sensor.withBackgroundRateHz(Math.min(1_000, sensor.backgroundRateHz() * noiseFactor))
                .withJitterUs(Math.min(10_000, sensor.jitterUs() * jitterFactor));
    }

    /**
     * Parses a file-name form ({@code fluorescent_led}), case-insensitive.
     *
     * @throws IllegalArgumentException listing the names
     */
    public static Lighting parse(String text) {
        for (Lighting l : values()) {
            if (l.fileName().equalsIgnoreCase(text.strip())) {
                return l;
            }
        }
        throw new IllegalArgumentException("unknown lighting '" + text + "': expected one of "
                + Arrays.stream(values()).map(Lighting::fileName).toList());
    }
}
