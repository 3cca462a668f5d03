package io.dvstream.events.binning;

import io.dvstream.events.sensor.SensorGeometry;
import java.util.Optional;

/**
 * How a camera's events become frames.
 *
 * @param binWidthUs length of one frame (one model step) in camera microseconds
 * @param outWidth model input width; sensor columns are scaled onto it by integer division
 * @param outHeight model input height
 * @param roi the sensor pixels to bin, empty for the whole sensor
 * @param maxGapUs the longest silence (or clock jump) bridged with empty frames; beyond it, or when
 *     the clock goes backwards, the stream restarts at the next event
 */
public record BinningConfig(long binWidthUs, int outWidth, int outHeight, Optional<RegionOfInterest> roi, long maxGapUs) {

    /** Default: 10 ms frames at 128x128, the whole sensor, gaps up to 10 s bridged. */
    public static final long DEFAULT_BIN_WIDTH_US = 10_000;
    public static final long DEFAULT_MAX_GAP_US = 10_000_000;

    public BinningConfig {
        if (binWidthUs < 1) {
            throw new IllegalArgumentException("binWidthUs must be >= 1, was " + binWidthUs);
        }
        if (outWidth < 1 || outHeight < 1) {
            throw new IllegalArgumentException("output size must be >= 1x1, was " + outWidth + "x" + outHeight);
        }
        if ((long) outWidth * outHeight * 2 > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("output size " + outWidth + "x" + outHeight + " is too large for one frame");
        }
        if (roi == null) {
            throw new IllegalArgumentException("roi must not be null (use Optional.empty() for the whole sensor)");
        }
        if (maxGapUs < binWidthUs) {
            throw new IllegalArgumentException("maxGapUs must be >= binWidthUs (" + binWidthUs + "), was " + maxGapUs);
        }
    }

    public static BinningConfig of(long binWidthUs, int outWidth, int outHeight) {
        return new BinningConfig(binWidthUs, outWidth, outHeight, Optional.empty(), Math.max(DEFAULT_MAX_GAP_US, binWidthUs));
    }

    public BinningConfig withRoi(RegionOfInterest region) {
        return new BinningConfig(binWidthUs, outWidth, outHeight, Optional.of(region), maxGapUs);
    }

    public BinningConfig withMaxGapUs(long gapUs) {
        return new BinningConfig(binWidthUs, outWidth, outHeight, roi, gapUs);
    }

    /** The region to bin on this sensor, checked to fit. */
    public RegionOfInterest regionOn(SensorGeometry sensor) {
        RegionOfInterest r = roi.orElseGet(() -> RegionOfInterest.of(sensor));
        r.requireInside(sensor);
        return r;
    }
}
