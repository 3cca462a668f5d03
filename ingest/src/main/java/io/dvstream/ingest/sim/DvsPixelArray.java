package io.dvstream.ingest.sim;

import io.dvstream.events.EventPacket;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The pixels of a simulated DVS: each one tracks the log intensity it sees and fires an ON (OFF)
 * event whenever that has risen (fallen) by its contrast threshold since the level it memorised at
 * its last event, as in the DVS pixel of Lichtsteiner, Posch and Delbruck (2008).
 *
 * <p>The scene is sampled at render steps ({@link #step}); between two steps the (low-passed) log
 * intensity of a pixel is taken to move linearly, and every threshold crossing is placed
 * analytically at the microsecond where the line crosses it, so events do not snap to the render
 * rate. On top of that ideal pixel:
 * <ul>
 *   <li>threshold mismatch: each pixel draws its own ON and OFF threshold once;</li>
 *   <li>bandwidth: the photoreceptor is a first-order low-pass whose cutoff falls with intensity,
 *       so dim pixels respond late and smear fast edges;</li>
 *   <li>refractory period: after an event the pixel is held in reset; its new reference is the log
 *       intensity when the reset ends;</li>
 *   <li>background activity (shot noise) and a few hot pixels: Poisson events that also reset the
 *       pixel;</li>
 *   <li>timestamp jitter: Gaussian, kept inside the render step so the output stays ordered.</li>
 * </ul>
 * Events of a step are sorted by time before they are appended, so the output is a valid,
 * time-ordered event stream. Deterministic for a seed. Not thread-safe.
 */
public final class DvsPixelArray {

    /** Log of intensity plus this floor: the photodiode's dark current, so black is not -infinity. */
    static final float DARK_FLOOR = 0.005f;
    private static final int MANTISSA_BITS = 12;
    private static final float LN2 = (float) Math.log(2);
    private static final float[] LOG_MANTISSA = logTable();
    /** Timestamp jitter is drawn from this many precomputed standard normal values. */
    private static final int GAUSSIAN_TABLE = 1 << 14;
    private static final int INDEX_BITS = 22;

    private final int width;
    private final int height;
    private final int pixels;
    private final PixelParameters params;
    private final SplittableRandom random;

    private final float[] thresholdOn;
    private final float[] thresholdOff;
    private final float[] reference;
    private final float[] level;
    private final float[] nextLevel;
    private final long[] resetUntil;
    private final boolean[] pendingReset;
    private final float[] gaussian;
    private final int[] hotPixels;
    private final double[] hotNextUs;
    private double noiseNextUs;

    private long timeUs;
    private boolean started;

    private long[] keys = new long[4096];
    private long[] eventTimes = new long[4096];
    private int[] eventAddresses = new int[4096];
    private int pending;

    private long eventsTotal;
    private long noiseEventsTotal;

    public DvsPixelArray(int width, int height, PixelParameters params, long seed) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("sensor size must be positive, was " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        this.pixels = width * height;
        this.params = params;
        this.random = new SplittableRandom(seed);
        thresholdOn = new float[pixels];
        thresholdOff = new float[pixels];
        // Mismatch is drawn first and from its own stream, so the same seed gives the same sensor
        // whatever the scene.
        SplittableRandom mismatch = random.split();
        double floor = params.thresholdMean() * 0.25;
        for (int i = 0; i < pixels; i++) {
            thresholdOn[i] = (float) Math.max(floor, params.thresholdMean() + params.thresholdSigma() * mismatch.nextGaussian());
            thresholdOff[i] = (float) Math.max(floor, params.thresholdMean() + params.thresholdSigma() * mismatch.nextGaussian());
        }
        // drawing a Gaussian per event cost more than the rest of the event path together
        gaussian = new float[GAUSSIAN_TABLE];
        for (int i = 0; i < GAUSSIAN_TABLE; i++) {
            gaussian[i] = (float) mismatch.nextGaussian();
        }
        reference = new float[pixels];
        level = new float[pixels];
        nextLevel = new float[pixels];
        resetUntil = new long[pixels];
        pendingReset = new boolean[pixels];
        int hot = Math.min(params.hotPixels(), pixels);
        hotPixels = new int[hot];
        hotNextUs = new double[hot];
        for (int i = 0; i < hot; i++) {
            hotPixels[i] = mismatch.nextInt(pixels);
        }
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public PixelParameters parameters() {
        return params;
    }

    /** Positions (index y * width + x) of the hot pixels. */
    public int[] hotPixelIndices() {
        return hotPixels.clone();
    }

    /** Time of the last step, us. */
    public long timeUs() {
        return timeUs;
    }

    public long eventsTotal() {
        return eventsTotal;
    }

    /** Background and hot-pixel events among {@link #eventsTotal()}. */
    public long noiseEventsTotal() {
        return noiseEventsTotal;
    }

    /**
     * Sets every pixel to the scene at {@code tUs} without firing: the memorised levels are the
     * current ones, as right after the sensor is switched on and settled.
     *
     * @param intensity linear intensity per pixel (row-major, {@code y * width + x}), 0 is black,
     *     about 1 is a white surface in bright light
     */
    public void start(float[] intensity, long tUs) {
        checkSize(intensity);
        for (int i = 0; i < pixels; i++) {
            float l = log(intensity[i]);
            level[i] = l;
            reference[i] = l;
        }
        begin(tUs);
    }

    /** {@link #start} with log intensities (natural log) instead of linear ones. */
    public void startLog(float[] logIntensity, long tUs) {
        checkSize(logIntensity);
        System.arraycopy(logIntensity, 0, level, 0, pixels);
        System.arraycopy(logIntensity, 0, reference, 0, pixels);
        begin(tUs);
    }

    private void begin(long tUs) {
        if (tUs < 0) {
            throw new IllegalArgumentException("start time must be >= 0 us, was " + tUs);
        }
        Arrays.fill(resetUntil, 0);
        Arrays.fill(pendingReset, false);
        timeUs = tUs;
        double rate = params.backgroundRateHz() * pixels;
        noiseNextUs = rate > 0 ? tUs + exponential(1e6 / rate) : Double.POSITIVE_INFINITY;
        for (int i = 0; i < hotPixels.length; i++) {
            hotNextUs[i] = params.hotPixelRateHz() > 0 ? tUs + exponential(1e6 / params.hotPixelRateHz())
                    : Double.POSITIVE_INFINITY;
        }
        started = true;
    }

    /**
     * Advances to {@code tUs}, where the scene has {@code intensity}, and appends the events of
     * {@code (timeUs(), tUs]} to {@code out} in time order.
     *
     * @return the number of events appended
     */
    public int step(float[] intensity, long tUs, EventPacket out) {
        checkSize(intensity);
        checkStep(tUs);
        float dtSeconds = (tUs - timeUs) * 1e-6f;
        boolean limited = params.maxCutoffHz() > 0;
        float cutoffScale = limited ? (float) (2 * Math.PI * params.maxCutoffHz() * dtSeconds) : 0f;
        float fullBandwidth = (float) params.fullBandwidthIntensity();
        if (limited) {
            float fullAlpha = cutoffScale / (1f + cutoffScale);
            for (int i = 0; i < pixels; i++) {
                float in = intensity[i];
                float target = log(in);
                float current = level[i];
                nextLevel[i] = in >= fullBandwidth ? current + (target - current) * fullAlpha
                        : lowPass(current, target, in, cutoffScale, fullBandwidth);
            }
        } else {
            for (int i = 0; i < pixels; i++) {
                nextLevel[i] = log(intensity[i]);
            }
        }
        return advance(tUs, out);
    }

    /** {@link #step} with log intensities (natural log) instead of linear ones. */
    public int stepLog(float[] logIntensity, long tUs, EventPacket out) {
        checkSize(logIntensity);
        checkStep(tUs);
        float dtSeconds = (tUs - timeUs) * 1e-6f;
        boolean limited = params.maxCutoffHz() > 0;
        float cutoffScale = limited ? (float) (2 * Math.PI * params.maxCutoffHz() * dtSeconds) : 0f;
        float fullBandwidth = (float) params.fullBandwidthIntensity();
        for (int i = 0; i < pixels; i++) {
            float target = logIntensity[i];
            nextLevel[i] = limited ? lowPass(level[i], target, (float) Math.exp(target), cutoffScale, fullBandwidth)
                    : target;
        }
        return advance(tUs, out);
    }

    /**
     * One backward-Euler step of the photoreceptor low-pass (stable for any step): the cutoff is
     * the full bandwidth at or above {@code fullBandwidth}, proportionally less below.
     */
    private static float lowPass(float current, float target, float intensity, float cutoffScale, float fullBandwidth) {
        float fraction = fullBandwidth <= 0 || intensity >= fullBandwidth ? 1f : Math.max(intensity, DARK_FLOOR) / fullBandwidth;
        float x = cutoffScale * fraction;
        return current + (target - current) * (x / (1f + x));
    }

    private int advance(long t1, EventPacket out) {
        long t0 = timeUs;
        pending = 0;
        injectNoise(t0, t1);
        double span = t1 - t0;
        long refractory = params.refractoryUs();
        for (int i = 0; i < pixels; i++) {
            float a = level[i];
            float b = nextLevel[i];
            level[i] = b;
            long from = t0;
            float ref = reference[i];
            if (pendingReset[i]) {
                long until = resetUntil[i];
                if (until >= t1) {
                    continue;
                }
                from = Math.max(until, t0);
                ref = (float) (a + (b - a) * ((from - t0) / span));
                pendingReset[i] = false;
            }
            float on = thresholdOn[i];
            float off = thresholdOff[i];
            // Most pixels see no crossing in a step: one compare each way decides it.
            if (b - ref < on && ref - b < off) {
                reference[i] = ref;
                continue;
            }
            double slope = (b - a) / span;
            while (true) {
                double crossing;
                boolean polarityOn;
                if (b - ref >= on && slope > 0) {
                    crossing = ref + on;
                    polarityOn = true;
                } else if (ref - b >= off && slope < 0) {
                    crossing = ref - off;
                    polarityOn = false;
                } else {
                    break;
                }
                long te = t0 + (long) Math.ceil((crossing - a) / slope);
                te = Math.min(Math.max(te, from), t1);
                emit(te, i, polarityOn, t0, t1);
                long end = te + refractory;
                if (refractory == 0) {
                    ref = (float) crossing;
                    from = te;
                } else if (end < t1) {
                    ref = (float) (a + slope * (end - t0));
                    from = end;
                } else {
                    resetUntil[i] = end;
                    pendingReset[i] = true;
                    break;
                }
            }
            reference[i] = ref;
        }
        timeUs = t1;
        return flush(out);
    }

    /** Background activity and hot pixels: Poisson events that reset the pixel like a real one. */
    private void injectNoise(long t0, long t1) {
        double rate = params.backgroundRateHz() * pixels;
        while (noiseNextUs < t1) {
            long t = Math.max(t0 + 1, (long) Math.ceil(noiseNextUs));
            int pixel = random.nextInt(pixels);
            fireNoise(pixel, t, random.nextDouble() < params.backgroundOnFraction(), t0, t1);
            noiseNextUs += exponential(1e6 / rate);
        }
        for (int h = 0; h < hotPixels.length; h++) {
            while (hotNextUs[h] < t1) {
                long t = Math.max(t0 + 1, (long) Math.ceil(hotNextUs[h]));
                fireNoise(hotPixels[h], Math.min(t, t1), random.nextBoolean(), t0, t1);
                hotNextUs[h] += exponential(1e6 / params.hotPixelRateHz());
            }
        }
    }

    private void fireNoise(int pixel, long t, boolean on, long t0, long t1) {
        if (pendingReset[pixel] && t < resetUntil[pixel]) {
            return;
        }
        emit(t, pixel, on, t0, t1);
        noiseEventsTotal++;
        // Signal crossings of this pixel earlier in the same step are not searched for (the scan
        // starts at the end of this reset): at well under 1 Hz per pixel that loses almost nothing.
        resetUntil[pixel] = t + params.refractoryUs();
        pendingReset[pixel] = true;
    }

    private void emit(long t, int pixel, boolean on, long t0, long t1) {
        if (params.jitterUs() > 0) {
            t += Math.round(gaussian[random.nextInt(GAUSSIAN_TABLE)] * params.jitterUs());
            t = Math.min(Math.max(t, t0 + 1), t1);
        }
        if (pending == keys.length) {
            int capacity = pending * 2;
            if (capacity > (1 << INDEX_BITS)) {
                throw new IllegalStateException("more than " + (1 << INDEX_BITS) + " events in one render step of "
                        + (t1 - t0) + " us: use a shorter step");
            }
            keys = Arrays.copyOf(keys, capacity);
            eventTimes = Arrays.copyOf(eventTimes, capacity);
            eventAddresses = Arrays.copyOf(eventAddresses, capacity);
        }
        eventTimes[pending] = t;
        eventAddresses[pending] = (pixel << 1) | (on ? 1 : 0);
        keys[pending] = ((t - t0) << INDEX_BITS) | pending;
        pending++;
    }

    private short[] xs = new short[0];
    private short[] ys = new short[0];
    private byte[] ps = new byte[0];
    private long[] ts = new long[0];

    private int flush(EventPacket out) {
        int n = pending;
        if (n == 0) {
            return 0;
        }
        Arrays.sort(keys, 0, n);
        if (ts.length < n) {
            ts = new long[keys.length];
            xs = new short[keys.length];
            ys = new short[keys.length];
            ps = new byte[keys.length];
        }
        int mask = (1 << INDEX_BITS) - 1;
        for (int k = 0; k < n; k++) {
            int e = (int) (keys[k] & mask);
            int address = eventAddresses[e];
            int pixel = address >>> 1;
            ts[k] = eventTimes[e];
            xs[k] = (short) (pixel % width);
            ys[k] = (short) (pixel / width);
            ps[k] = (byte) (address & 1);
        }
        out.appendAll(ts, xs, ys, ps, 0, n);
        eventsTotal += n;
        pending = 0;
        return n;
    }

    private double exponential(double meanUs) {
        return -Math.log(1.0 - random.nextDouble()) * meanUs;
    }

    private void checkSize(float[] values) {
        if (values.length != pixels) {
            throw new IllegalArgumentException("expected " + pixels + " pixel values (" + width + "x" + height + "), got "
                    + values.length);
        }
    }

    private void checkStep(long tUs) {
        if (!started) {
            throw new IllegalStateException("call start() with the first image before step()");
        }
        if (tUs <= timeUs) {
            throw new IllegalArgumentException("step time " + tUs + " us must be after the previous " + timeUs + " us");
        }
    }

    /**
     * Natural log of a linear intensity plus the dark floor: the exponent from the float's bits and
     * the log of the mantissa's top 12 bits from a 16 KiB table (error below 2.5e-4, a thousandth
     * of a threshold); the hot loop cannot afford Math.log.
     */
    static float log(float intensity) {
        float x = Math.max(intensity, 0f) + DARK_FLOOR;
        int bits = Float.floatToRawIntBits(x);
        int exponent = (bits >>> 23) - 127;
        return exponent * LN2 + LOG_MANTISSA[(bits >>> (23 - MANTISSA_BITS)) & ((1 << MANTISSA_BITS) - 1)];
    }

    private static float[] logTable() {
        int n = 1 << MANTISSA_BITS;
        float[] table = new float[n];
        for (int i = 0; i < n; i++) {
            table[i] = (float) Math.log(1 + (i + 0.5) / n);
        }
        return table;
    }
}
