package io.dvstream.jobs.binning;

import io.dvstream.events.binning.BinningConfig;
import io.dvstream.events.binning.RegionOfInterest;
import java.io.Serializable;
import java.util.Optional;

/**
 * How the binning operator turns a camera's packets into frames, in a form that travels with the
 * job graph (serializable, unlike {@link BinningConfig}).
 *
 * @param binWidthUs frame length on the camera clock (bin.width.us)
 * @param frameWidth model input width (frame.width)
 * @param frameHeight model input height (frame.height)
 * @param maxGapUs longest silence bridged with empty frames; beyond it the stream restarts (max.gap.us)
 * @param roi sensor region {@code X,Y,WIDTH,HEIGHT} to bin, or null for the whole sensor (roi)
 * @param idleTimeoutMs processing time without packets after which a camera's open frame is
 *     closed (idle.timeout.ms)
 * @param expiryMs processing time after the idle close after which all state of the camera is
 *     dropped, 0 to keep it forever (camera.expiry.ms)
 */
public record BinningSettings(long binWidthUs, int frameWidth, int frameHeight, long maxGapUs, String roi,
                              long idleTimeoutMs, long expiryMs) implements Serializable {

    public BinningSettings {
        check("idle.timeout.ms", idleTimeoutMs, idleTimeoutMs >= 1, "must be >= 1");
        check("camera.expiry.ms", expiryMs, expiryMs >= 0, "must be >= 0 (0 keeps idle cameras forever)");
        try {
            binningConfig(binWidthUs, frameWidth, frameHeight, maxGapUs, roi);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid binning configuration: " + e.getMessage(), e);
        }
    }

    /** 10 ms frames at 128x128, whole sensor, gaps up to 10 s, idle close after 1 s, expiry after 10 min. */
    public static BinningSettings defaults() {
        return new BinningSettings(BinningConfig.DEFAULT_BIN_WIDTH_US, 128, 128, BinningConfig.DEFAULT_MAX_GAP_US, null,
                1_000, 600_000);
    }

    public BinningSettings withIdleTimeoutMs(long ms) {
        return new BinningSettings(binWidthUs, frameWidth, frameHeight, maxGapUs, roi, ms, expiryMs);
    }

    public BinningSettings withExpiryMs(long ms) {
        return new BinningSettings(binWidthUs, frameWidth, frameHeight, maxGapUs, roi, idleTimeoutMs, ms);
    }

    public BinningConfig toBinningConfig() {
        return binningConfig(binWidthUs, frameWidth, frameHeight, maxGapUs, roi);
    }

    // Static: a compact constructor runs before the fields are assigned.
    private static BinningConfig binningConfig(long binWidthUs, int frameWidth, int frameHeight, long maxGapUs, String roi) {
        Optional<RegionOfInterest> region = roi == null || roi.isBlank() ? Optional.empty() : Optional.of(RegionOfInterest.parse(roi));
        return new BinningConfig(binWidthUs, frameWidth, frameHeight, region, maxGapUs);
    }

    static void check(String key, Object value, boolean ok, String rule) {
        if (!ok) {
            throw new IllegalArgumentException("Invalid value " + value + " for configuration " + key + ": " + rule);
        }
    }
}
