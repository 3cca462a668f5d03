package io.dvstream.jobs.inference;

import io.dvstream.jobs.binning.SparseFrame;
import java.util.Arrays;

/**
 * Maps a binned frame onto the classifier's input grid by integer sum-pooling: counts add up
 * (docs/ds2ta-spec.md section 1, "integer scaling of coordinates"). Binning at a multiple of the
 * model's resolution and pooling by the factor gives the same counts as binning at the model's
 * resolution directly, because {@code FrameBinner} scales coordinates by integer division.
 */
public final class FramePooling {

    private FramePooling() {
    }

    /** Whether frames of {@code width x height} can be pooled onto {@code inW x inH}. */
    public static boolean fits(int width, int height, int inW, int inH) {
        return width >= inW && height >= inH && width % inW == 0 && height % inH == 0;
    }

    /**
     * The dense {@code [2, inH, inW]} input of {@code f}, written into {@code into} (cleared first).
     *
     * @throws IllegalArgumentException when the frame's size is not an integer multiple of the input
     */
    public static float[] pool(SparseFrame f, int inW, int inH, float[] into) {
        if (!fits(f.width, f.height, inW, inH)) {
            throw new IllegalArgumentException("frame " + f.index + " of camera " + f.cameraId + " is " + f.width + "x" + f.height
                    + ", not an integer multiple of the classifier's input " + inW + "x" + inH);
        }
        if (into.length != 2 * inW * inH) {
            throw new IllegalArgumentException("input buffer holds " + into.length + " floats, need " + 2 * inW * inH);
        }
        Arrays.fill(into, 0f);
        int plane = f.width * f.height;
        int fx = f.width / inW;
        int fy = f.height / inH;
        int inPlane = inW * inH;
        for (int i = 0; i < f.cells.length; i++) {
            int cell = f.cells[i];
            int c = cell / plane;
            int rem = cell - c * plane;
            int y = rem / f.width;
            int x = rem - y * f.width;
            into[c * inPlane + (y / fy) * inW + x / fx] += f.counts[i];
        }
        return into;
    }
}
