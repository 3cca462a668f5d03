package io.dvstream.jobs.binning;

import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * What the binning operator keeps about a camera besides its binner (keyed state): the sensor
 * its packets come from, the source's sequence numbers and drops, and the idle timer.
 *
 * <p>A Flink POJO; {@link #TYPE} is its type information.
 */
public class CameraStatus {

    public static final TypeInformation<CameraStatus> TYPE = Types.POJO(CameraStatus.class);

    /** No timer registered. */
    public static final long NO_TIMER = Long.MIN_VALUE;

    public String sensorName;
    public int sensorWidth;
    public int sensorHeight;
    /** Sequence number of the last packet, -1 before the first. */
    public long lastSequence = -1;
    public long packets;
    /** Packets missing between consecutive sequence numbers (lost on the way). */
    public long sequenceGaps;
    /** Times the sequence went backwards or repeated (a source restart or a duplicate). */
    public long sequenceResets;
    /** Events the source reported as dropped. */
    public long droppedEvents;
    /** Processing time of the registered timer, or {@link #NO_TIMER}. */
    public long timerAt = NO_TIMER;
    /** Whether the open frame was closed by the idle timeout (the timer then expires the camera). */
    public boolean idle;

    public CameraStatus() {
    }

    /**
     * Records a packet's sequence number and drops.
     *
     * @return packets missing before this one (0 when in sequence, after a reset, or for the first)
     */
    public long track(long sequence, long dropped) {
        long missing = 0;
        if (lastSequence >= 0) {
            if (sequence > lastSequence + 1) {
                missing = sequence - lastSequence - 1;
                sequenceGaps += missing;
            } else if (sequence <= lastSequence) {
                sequenceResets++;
            }
        }
        lastSequence = sequence;
        packets++;
        droppedEvents += dropped;
        return missing;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CameraStatus c && Objects.equals(sensorName, c.sensorName) && sensorWidth == c.sensorWidth
                && sensorHeight == c.sensorHeight && lastSequence == c.lastSequence && packets == c.packets
                && sequenceGaps == c.sequenceGaps && sequenceResets == c.sequenceResets
                && droppedEvents == c.droppedEvents && timerAt == c.timerAt && idle == c.idle;
    }

    @Override
    public int hashCode() {
        return Objects.hash(sensorName, lastSequence, packets, sequenceGaps, droppedEvents, timerAt);
    }

    @Override
    public String toString() {
        return "CameraStatus{" + sensorName + " " + sensorWidth + "x" + sensorHeight + ", seq " + lastSequence
                + ", packets " + packets + ", gaps " + sequenceGaps + ", resets " + sequenceResets
                + ", dropped " + droppedEvents + ", timer " + (timerAt == NO_TIMER ? "none" : timerAt) + (idle ? ", idle" : "") + "}";
    }
}
