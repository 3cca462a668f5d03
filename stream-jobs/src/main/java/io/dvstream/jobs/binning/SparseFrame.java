package io.dvstream.jobs.binning;

import io.dvstream.events.binning.Frame;
import io.dvstream.events.binning.SparseCounts;
import java.util.Arrays;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * One closed frame of one camera, as it leaves the binning operator: the interval on the camera
 * clock, the counts as sparse cells of the {@code [2, height, width]} grid (channel 0 OFF, 1 ON),
 * and the totals a summary needs. Empty frames are frames too ({@code cells.length == 0}).
 *
 * <p>A Flink POJO (public fields, no-arg constructor, primitive arrays): {@link #TYPE} is its type
 * information, serialized field by field with Flink's array serializers.
 */
public class SparseFrame {

    public static final TypeInformation<SparseFrame> TYPE = Types.POJO(SparseFrame.class);

    public String cameraId;
    /** Restarts of the camera's stream before this frame; frame indices restart at 0 with each. */
    public long stream;
    /** Frame number within the stream. */
    public long index;
    /** Inclusive start of the interval, camera microseconds. */
    public long startUs;
    /** Exclusive end of the interval, camera microseconds. */
    public long endUs;
    public int width;
    public int height;
    public int eventCount;
    public int onCount;
    public int offCount;
    /** Cell indices into the {@code [2, height, width]} row-major grid, ascending. */
    public int[] cells;
    /** Counts of {@link #cells}, same length. */
    public float[] counts;

    public SparseFrame() {
    }

    /** Copies a frame the binner handed out (valid only during its callback). */
    public static SparseFrame of(String cameraId, long stream, Frame frame) {
        SparseCounts sparse = frame.sparseCounts();
        SparseFrame f = new SparseFrame();
        f.cameraId = cameraId;
        f.stream = stream;
        f.index = frame.index();
        f.startUs = frame.startUs();
        f.endUs = frame.endUs();
        f.width = frame.width();
        f.height = frame.height();
        f.eventCount = frame.eventCount();
        f.cells = sparse.cells();
        f.counts = sparse.values();
        int plane = f.width * f.height;
        double on = 0;
        double off = 0;
        for (int i = 0; i < f.cells.length; i++) {
            if (f.cells[i] >= plane) {
                on += f.counts[i];
            } else {
                off += f.counts[i];
            }
        }
        f.onCount = (int) on;
        f.offCount = (int) off;
        return f;
    }

    public boolean isEmpty() {
        return eventCount == 0;
    }

    /** The counts as a dense {@code [2, height, width]} array (the model's input). */
    public float[] toDense() {
        float[] dense = new float[2 * width * height];
        for (int i = 0; i < cells.length; i++) {
            dense[cells[i]] = counts[i];
        }
        return dense;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SparseFrame f && Objects.equals(cameraId, f.cameraId) && stream == f.stream && index == f.index
                && startUs == f.startUs && endUs == f.endUs && width == f.width && height == f.height
                && eventCount == f.eventCount && onCount == f.onCount && offCount == f.offCount
                && Arrays.equals(cells, f.cells) && Arrays.equals(counts, f.counts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(cameraId, stream, index, startUs, eventCount) * 31 + Arrays.hashCode(cells);
    }

    @Override
    public String toString() {
        return "SparseFrame{" + cameraId + " stream " + stream + " #" + index + " [" + startUs + ", " + endUs + ") us, "
                + eventCount + " events (" + onCount + " on, " + offCount + " off), " + (cells == null ? 0 : cells.length)
                + " cells of 2x" + height + "x" + width + "}";
    }
}
