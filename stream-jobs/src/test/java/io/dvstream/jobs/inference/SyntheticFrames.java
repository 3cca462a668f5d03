package io.dvstream.jobs.inference;

import io.dvstream.jobs.binning.SparseFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

/** Synthetic frames (seeded random sparse counts) for operator tests. */
final class SyntheticFrames {

    static final long DT_US = 10_000;

    private SyntheticFrames() {
    }

    /** {@code n} frames of {@code camera}, stream {@code stream}, indices from {@code firstIndex}, ~{@code cells} cells each. */
    static List<SparseFrame> frames(String camera, long stream, long firstIndex, int n, int width, int height, int cells,
                                    long seed) {
        Random r = new Random(seed);
        List<SparseFrame> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            TreeMap<Integer, Float> counts = new TreeMap<>();
            int k = i % 7 == 3 ? 0 : cells; // some empty frames, as the binner emits them
            for (int j = 0; j < k; j++) {
                counts.merge(r.nextInt(2 * width * height), 1f, Float::sum);
            }
            out.add(frame(camera, stream, firstIndex + i, width, height, counts));
        }
        return out;
    }

    static SparseFrame frame(String camera, long stream, long index, int width, int height, TreeMap<Integer, Float> counts) {
        SparseFrame f = new SparseFrame();
        f.cameraId = camera;
        f.stream = stream;
        f.index = index;
        f.startUs = 1_000_000 + index * DT_US;
        f.endUs = f.startUs + DT_US;
        f.width = width;
        f.height = height;
        f.cells = counts.keySet().stream().mapToInt(Integer::intValue).toArray();
        f.counts = new float[f.cells.length];
        int plane = width * height;
        int i = 0;
        float on = 0;
        float off = 0;
        for (float c : counts.values()) {
            f.counts[i] = c;
            if (f.cells[i] >= plane) {
                on += c;
            } else {
                off += c;
            }
            i++;
        }
        f.onCount = (int) on;
        f.offCount = (int) off;
        f.eventCount = (int) (on + off);
        return f;
    }
}
