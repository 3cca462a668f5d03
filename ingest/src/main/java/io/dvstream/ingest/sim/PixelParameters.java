package io.dvstream.ingest.sim;

/**
 * What the simulated DVS pixels do, independent of the scene. Defaults follow published DVS128
 * figures (Lichtsteiner et al. 2008; the v2e simulator's "clean" to "noisy" presets): a contrast
 * threshold of about 0.2 in log intensity with a few percent mismatch between pixels, refractory
 * periods of hundreds of microseconds, background activity below a few Hz per pixel.
 *
 * @param thresholdMean mean ON and OFF contrast threshold, in natural-log intensity units
 * @param thresholdSigma standard deviation of the per-pixel threshold (mismatch); each pixel draws
 *     its ON and OFF thresholds once, from the seed
 * @param refractoryUs after an event the pixel is held in reset this long: it cannot fire, and its
 *     reference level becomes the log intensity at the end of the reset
 * @param backgroundRateHz background activity (shot noise) per pixel, events/s, Poisson in time
 * @param backgroundOnFraction share of background events that are ON
 * @param hotPixels number of pixels (seeded positions) that fire far more often than the rest
 * @param hotPixelRateHz their event rate, events/s each
 * @param jitterUs standard deviation of the Gaussian timestamp jitter (arbiter and readout)
 * @param maxCutoffHz photoreceptor bandwidth (first-order low-pass) in bright light
 * @param fullBandwidthIntensity linear intensity (scene units) at and above which the pixel has its
 *     full bandwidth; below it the cutoff falls in proportion, so dim scenes blur fast motion as
 *     real DVS pixels do
 */
public record PixelParameters(double thresholdMean, double thresholdSigma, long refractoryUs, double backgroundRateHz,
        double backgroundOnFraction, int hotPixels, double hotPixelRateHz, double jitterUs, double maxCutoffHz,
        double fullBandwidthIntensity) {

    /** C = 0.2 +- 0.03, 500 us refractory, 0.1 Hz/pixel noise, 3 hot pixels at 30 Hz, 30 us jitter, 300 Hz bandwidth. */
    public static final PixelParameters DVS128 = new PixelParameters(0.2, 0.03, 500, 0.1, 0.5, 3, 30.0, 30.0, 300.0, 0.25);

    /** An ideal pixel: exact threshold 0.2, no refractory, noise, jitter or bandwidth limit (for tests and references). */
    public static final PixelParameters IDEAL = new PixelParameters(0.2, 0.0, 0, 0.0, 0.5, 0, 0.0, 0.0, 0.0, 0.0);

    public PixelParameters {
        check(thresholdMean > 0.01 && thresholdMean < 5, "thresholdMean must be in (0.01, 5), was " + thresholdMean);
        check(thresholdSigma >= 0 && thresholdSigma < thresholdMean / 2,
                "thresholdSigma must be in [0, thresholdMean/2), was " + thresholdSigma);
        check(refractoryUs >= 0 && refractoryUs <= 1_000_000, "refractoryUs must be in [0, 1e6], was " + refractoryUs);
        check(backgroundRateHz >= 0 && backgroundRateHz <= 1_000, "backgroundRateHz must be in [0, 1000], was " + backgroundRateHz);
        check(backgroundOnFraction >= 0 && backgroundOnFraction <= 1,
                "backgroundOnFraction must be in [0, 1], was " + backgroundOnFraction);
        check(hotPixels >= 0, "hotPixels must be >= 0, was " + hotPixels);
        check(hotPixelRateHz >= 0 && hotPixelRateHz <= 10_000, "hotPixelRateHz must be in [0, 10000], was " + hotPixelRateHz);
        check(jitterUs >= 0 && jitterUs <= 10_000, "jitterUs must be in [0, 10000], was " + jitterUs);
        check(maxCutoffHz >= 0, "maxCutoffHz must be >= 0 (0: no bandwidth limit), was " + maxCutoffHz);
        check(fullBandwidthIntensity >= 0, "fullBandwidthIntensity must be >= 0, was " + fullBandwidthIntensity);
    }

    public PixelParameters withBackgroundRateHz(double hz) {
        return new PixelParameters(thresholdMean, thresholdSigma, refractoryUs, hz, backgroundOnFraction, hotPixels,
                hotPixelRateHz, jitterUs, maxCutoffHz, fullBandwidthIntensity);
    }

    public PixelParameters withRefractoryUs(long us) {
        return new PixelParameters(thresholdMean, thresholdSigma, us, backgroundRateHz, backgroundOnFraction, hotPixels,
                hotPixelRateHz, jitterUs, maxCutoffHz, fullBandwidthIntensity);
    }

    public PixelParameters withHotPixels(int count, double rateHz) {
        return new PixelParameters(thresholdMean, thresholdSigma, refractoryUs, backgroundRateHz, backgroundOnFraction, count,
                rateHz, jitterUs, maxCutoffHz, fullBandwidthIntensity);
    }

    public PixelParameters withJitterUs(double us) {
        return new PixelParameters(thresholdMean, thresholdSigma, refractoryUs, backgroundRateHz, backgroundOnFraction, hotPixels,
                hotPixelRateHz, us, maxCutoffHz, fullBandwidthIntensity);
    }

    public PixelParameters withThreshold(double mean, double sigma) {
        return new PixelParameters(mean, sigma, refractoryUs, backgroundRateHz, backgroundOnFraction, hotPixels,
                hotPixelRateHz, jitterUs, maxCutoffHz, fullBandwidthIntensity);
    }

    public PixelParameters withBandwidth(double maxCutoffHz, double fullBandwidthIntensity) {
        return new PixelParameters(thresholdMean, thresholdSigma, refractoryUs, backgroundRateHz, backgroundOnFraction, hotPixels,
                hotPixelRateHz, jitterUs, maxCutoffHz, fullBandwidthIntensity);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
