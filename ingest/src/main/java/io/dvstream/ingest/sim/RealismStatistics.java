package io.dvstream.ingest.sim;

import io.dvstream.events.EventPacket;
import io.dvstream.events.sensor.SensorGeometry;
import io.dvstream.ingest.gesture.GestureLabel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The event statistics that compare a simulated recording with a real one (docs/simulator.md,
 * "Evidence of realism"), gathered in one pass over time-ordered packets in constant memory (per
 * pixel arrays, one entry per 10 ms window, a fixed histogram):
 * <ul>
 *   <li>event rate overall, during labelled gestures and in the idle time between them;</li>
 *   <li>ON share;</li>
 *   <li>per {@value #WINDOW_US} us window: event rate and the fraction of the sensor's pixels with at
 *       least one event, as distributions, for all windows and for windows wholly inside a gesture
 *       or wholly idle;</li>
 *   <li>per-pixel inter-event intervals (time since the same pixel's previous event), as a
 *       histogram of {@value #BINS_PER_DECADE} logarithmic bins per decade from 1 us to 100 s;</li>
 *   <li>a noise estimate that needs no labels: the rate of <em>isolated</em> events, those none of
 *       whose 8 neighbours fired within the previous {@value #SUPPORT_US} us (the test of jAER's
 *       background activity filter), per pixel per second. Real isolated signal events count too,
 *       so it is an upper bound on shot noise plus hot pixels.</li>
 * </ul>
 * Labels are optional; without them the gesture and idle figures are {@code NaN}.
 */
public final class RealismStatistics {

    public static final long WINDOW_US = 10_000;
    public static final long SUPPORT_US = 10_000;
    static final int BINS_PER_DECADE = 20;
    private static final int DECADES = 8;

    private final int width;
    private final int height;
    private final List<GestureLabel> labels;
    private final long[] lastUs;
    private final int[] activeStamp;
    private final long[] intervalHistogram = new long[DECADES * BINS_PER_DECADE + 1];

    private long events;
    private long onEvents;
    private long isolatedEvents;
    private long gestureEvents;
    private long firstUs = Long.MIN_VALUE;
    private long lastEventUs;
    private int label; // first label that may still contain or follow the current event

    private long windowStartUs;
    private int windowIndex;
    private int windowEvents;
    private int windowActive;
    private final Distribution allRates = new Distribution();
    private final Distribution gestureRates = new Distribution();
    private final Distribution idleRates = new Distribution();
    private final Distribution allActive = new Distribution();
    private final Distribution gestureActive = new Distribution();
    private final Distribution idleActive = new Distribution();

    /** @param labels gesture labels on the recording's clock, or an empty list */
    public RealismStatistics(SensorGeometry sensor, List<GestureLabel> labels) {
        this.width = sensor.width();
        this.height = sensor.height();
        List<GestureLabel> sorted = new ArrayList<>(labels);
        sorted.sort(Comparator.comparingLong(GestureLabel::startUs));
        this.labels = List.copyOf(sorted);
        this.lastUs = new long[width * height];
        Arrays.fill(lastUs, Long.MIN_VALUE / 2);
        this.activeStamp = new int[width * height];
    }

    /** Adds the events of a packet; packets must come in time order. */
    public void accept(EventPacket packet) {
        long[] t = packet.tUsArray();
        short[] xs = packet.xArray();
        short[] ys = packet.yArray();
        byte[] p = packet.polarityArray();
        for (int i = 0; i < packet.size(); i++) {
            accept(t[i], xs[i], ys[i], p[i] == EventPacket.ON);
        }
    }

    private void accept(long tUs, int x, int y, boolean on) {
        if (firstUs == Long.MIN_VALUE) {
            firstUs = tUs;
            windowStartUs = tUs;
        }
        while (tUs >= windowStartUs + WINDOW_US) {
            closeWindow();
        }
        events++;
        if (on) {
            onEvents++;
        }
        lastEventUs = tUs;
        while (label < labels.size() && labels.get(label).endUs() <= tUs) {
            label++;
        }
        if (label < labels.size() && labels.get(label).startUs() <= tUs) {
            gestureEvents++;
        }
        int cell = y * width + x;
        if (!supported(tUs, x, y)) {
            isolatedEvents++;
        }
        long dt = tUs - lastUs[cell];
        if (dt < Long.MAX_VALUE / 4) {
            intervalHistogram[intervalBin(dt)]++;
        }
        lastUs[cell] = tUs;
        windowEvents++;
        if (activeStamp[cell] != windowIndex + 1) {
            activeStamp[cell] = windowIndex + 1;
            windowActive++;
        }
    }

    /** Whether one of the 8 neighbours fired within {@link #SUPPORT_US} before {@code tUs}. */
    private boolean supported(long tUs, int x, int y) {
        long since = tUs - SUPPORT_US;
        for (int ny = Math.max(0, y - 1); ny <= Math.min(height - 1, y + 1); ny++) {
            for (int nx = Math.max(0, x - 1); nx <= Math.min(width - 1, x + 1); nx++) {
                if ((nx != x || ny != y) && lastUs[ny * width + nx] >= since) {
                    return true;
                }
            }
        }
        return false;
    }

    static int intervalBin(long dtUs) {
        if (dtUs < 1) {
            return 0;
        }
        int bin = (int) Math.floor(Math.log10(dtUs) * BINS_PER_DECADE);
        return Math.min(bin, DECADES * BINS_PER_DECADE);
    }

    private void closeWindow() {
        double rate = windowEvents * 1e6 / WINDOW_US;
        double active = windowActive / (double) (width * height);
        allRates.add(rate);
        allActive.add(active);
        long endUs = windowStartUs + WINDOW_US;
        if (!labels.isEmpty()) {
            long covered = gestureOverlap(windowStartUs, endUs);
            if (covered == WINDOW_US) {
                gestureRates.add(rate);
                gestureActive.add(active);
            } else if (covered == 0) {
                idleRates.add(rate);
                idleActive.add(active);
            }
        }
        windowStartUs = endUs;
        windowIndex++;
        windowEvents = 0;
        windowActive = 0;
    }

    private long gestureOverlap(long fromUs, long toUs) {
        long covered = 0;
        for (GestureLabel l : labels) {
            covered += Math.max(0, Math.min(toUs, l.endUs()) - Math.max(fromUs, l.startUs()));
        }
        return covered;
    }

    /** The figures; closes the last, partly filled window (so call it once, after the last packet). */
    public Summary summary() {
        if (events > 0 && windowEvents > 0) {
            closeWindow();
        }
        long spanUs = events == 0 ? 0 : lastEventUs - firstUs + 1;
        long gestureUs = labels.isEmpty() ? 0 : gestureOverlap(firstUs, firstUs + spanUs);
        long idleUs = spanUs - gestureUs;
        double nan = Double.NaN;
        return new Summary(events, spanUs, events / seconds(spanUs), onEvents / (double) events,
                labels.isEmpty() ? nan : gestureEvents / seconds(gestureUs),
                labels.isEmpty() ? nan : (events - gestureEvents) / seconds(idleUs),
                allRates.freeze(), gestureRates.freeze(), idleRates.freeze(),
                allActive.freeze(), gestureActive.freeze(), idleActive.freeze(),
                intervalPercentile(0.10), intervalPercentile(0.50), intervalPercentile(0.90),
                isolatedEvents / seconds(spanUs) / (width * height));
    }

    private static double seconds(long us) {
        return us / 1e6;
    }

    /** The geometric centre of the histogram bin holding quantile {@code q}, in microseconds. */
    private double intervalPercentile(double q) {
        long total = Arrays.stream(intervalHistogram).sum();
        if (total == 0) {
            return Double.NaN;
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int bin = 0; bin < intervalHistogram.length; bin++) {
            seen += intervalHistogram[bin];
            if (seen >= Math.max(1, rank)) {
                return Math.pow(10, (bin + 0.5) / BINS_PER_DECADE);
            }
        }
        return Double.NaN;
    }

    /**
     * The figures of one recording. Rates are events per second; fractions are 0..1; intervals are
     * microseconds, each the geometric centre of its histogram bin (+-6 %).
     *
     * @param spanUs first to last event
     * @param gestureRate inside the labelled gestures ({@code NaN} without labels); {@code idleRate} outside them
     * @param windowRates events/s of every 10 ms window of the span; {@code gestureWindowRates} of the
     *     windows wholly inside a gesture, {@code idleWindowRates} of those wholly outside every gesture
     * @param activeFraction fraction of the sensor's pixels with an event, per 10 ms window (same three groups)
     * @param isolatedRateHz isolated events per pixel per second (the noise estimate)
     */
    public record Summary(long events, long spanUs, double meanRate, double onShare, double gestureRate, double idleRate,
            Distribution.Frozen windowRates, Distribution.Frozen gestureWindowRates, Distribution.Frozen idleWindowRates,
            Distribution.Frozen activeFraction, Distribution.Frozen gestureActiveFraction,
            Distribution.Frozen idleActiveFraction, double intervalP10Us, double intervalP50Us, double intervalP90Us,
            double isolatedRateHz) {
    }

    /** Values of one kind per window; small (one per 10 ms of recording). */
    public static final class Distribution {
        private double[] values = new double[1024];
        private int size;

        void add(double v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        Frozen freeze() {
            double[] sorted = Arrays.copyOf(values, size);
            Arrays.sort(sorted);
            return new Frozen(sorted);
        }

        /** A sorted copy: mean and percentiles. */
        public record Frozen(double[] sorted) {

            public int count() {
                return sorted.length;
            }

            public double mean() {
                return sorted.length == 0 ? Double.NaN : Arrays.stream(sorted).average().orElse(Double.NaN);
            }

            /** Nearest-rank percentile, {@code q} in 0..1; {@code NaN} when empty. */
            public double percentile(double q) {
                if (sorted.length == 0) {
                    return Double.NaN;
                }
                int rank = (int) Math.ceil(q * sorted.length);
                return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
            }
        }
    }
}
