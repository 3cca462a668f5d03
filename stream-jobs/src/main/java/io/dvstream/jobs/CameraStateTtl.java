package io.dvstream.jobs;

import java.time.Duration;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueStateDescriptor;

/**
 * Expiry of a departed camera's inference and decision state: the binning operator drops a camera
 * {@code idle.timeout.ms + camera.expiry.ms} after its last packet (docs/binning-job.md), and the
 * operators after it let their state expire after the same time without a write (Flink state TTL,
 * processing time). Switching expiry on or off changes the state's serialized form: not across a
 * savepoint.
 */
public final class CameraStateTtl {

    private CameraStateTtl() {
    }

    /** Adds the TTL to {@code descriptor} unless {@code ttlMs} is 0 (keep forever). */
    public static <T> ValueStateDescriptor<T> expireAfter(ValueStateDescriptor<T> descriptor, long ttlMs) {
        if (ttlMs < 0) {
            throw new IllegalArgumentException("state TTL must be >= 0 ms (0 keeps state forever), was " + ttlMs);
        }
        if (ttlMs > 0) {
            descriptor.enableTimeToLive(StateTtlConfig.newBuilder(Duration.ofMillis(ttlMs))
                    .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                    .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                    .build());
        }
        return descriptor;
    }
}
