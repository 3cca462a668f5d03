package io.dvstream.training;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * How stream-mode training cuts continuous recordings: each recording is tiled with as many
 * segments of {@code windows} consecutive, non-overlapping windows of T frames as fit, starting at
 * a random frame offset (so window borders fall elsewhere every epoch); the segments of all
 * recordings are shuffled. The count per recording does not depend on the offset, so every epoch has
 * the same number of segments and the learning-rate schedule can be laid out in advance.
 */
public final class StreamSegments {

    /**
     * One segment: {@code windows} windows of T frames from frame {@code firstFrame} of a recording.
     *
     * @param recording index into the recording list
     * @param firstFrame first frame, counted from the recording's origin
     */
    public record Segment(int recording, long firstFrame) {
    }

    private StreamSegments() {
    }

    /** Segments of {@code recording}: whole recording length over the segment length. */
    public static long count(GestureRecording recording, int windows, int t) {
        return recording.frames() / ((long) windows * t);
    }

    /** Segments of every recording (same count every epoch). */
    public static long count(List<GestureRecording> recordings, int windows, int t) {
        long n = 0;
        for (GestureRecording r : recordings) {
            n += count(r, windows, t);
        }
        return n;
    }

    /** One epoch's segments, in the order they are trained, drawn from {@code rnd}. */
    public static List<Segment> draw(List<GestureRecording> recordings, int windows, int t, SplittableRandom rnd) {
        long span = (long) windows * t;
        var out = new ArrayList<Segment>();
        for (int r = 0; r < recordings.size(); r++) {
            GestureRecording rec = recordings.get(r);
            long n = count(rec, windows, t);
            if (n == 0) {
                continue;
            }
            long slack = rec.frames() - n * span;
            long offset = slack > 0 ? rnd.nextLong(slack + 1) : 0;
            for (long i = 0; i < n; i++) {
                out.add(new Segment(r, offset + i * span));
            }
        }
        for (int i = out.size() - 1; i > 0; i--) {                      // Fisher-Yates, from the same stream
            int j = rnd.nextInt(i + 1);
            Segment s = out.get(i);
            out.set(i, out.get(j));
            out.set(j, s);
        }
        return out;
    }
}
