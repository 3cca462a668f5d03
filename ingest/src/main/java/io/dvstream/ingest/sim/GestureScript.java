package io.dvstream.ingest.sim;

import io.dvstream.ingest.gesture.GestureClass;
import io.dvstream.ingest.gesture.GestureLabel;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A trial's timeline: gestures, in order, separated by idle gaps in which the performer stands
 * with arms down, as in a DVS128 Gesture recording (each subject performs the classes one after
 * another, about 6 s each).
 *
 * @param gestures in time order, not overlapping
 * @param endUs end of the trial (after the last gap)
 */
public record GestureScript(List<ScriptedGesture> gestures, long endUs) {

    public GestureScript {
        gestures = List.copyOf(gestures);
        long previous = 0;
        for (ScriptedGesture g : gestures) {
            if (g.startUs() < previous) {
                throw new IllegalArgumentException("gesture " + g.gesture() + " at " + g.startUs()
                        + " us starts before the previous one ends at " + previous + " us");
            }
            previous = g.endUs();
        }
        if (endUs < previous) {
            throw new IllegalArgumentException("script ends at " + endUs + " us, before its last gesture at " + previous + " us");
        }
    }

    /**
     * The classes in the given order, each lasting {@code gestureS} (+-10 %), with idle gaps of
     * {@code gapS} (x 0.7..1.5) before, between and after them.
     */
    public static GestureScript of(List<GestureClass> classes, Performer performer, double gestureS, double gapS,
            SplittableRandom random) {
        if (!(gestureS >= 1.0) || !(gapS >= 0.2)) {
            throw new IllegalArgumentException("gestures must last >= 1 s and gaps >= 0.2 s, were " + gestureS + " s and "
                    + gapS + " s");
        }
        List<ScriptedGesture> out = new ArrayList<>();
        long t = gapUs(gapS, random);
        for (GestureClass c : classes) {
            long duration = Math.round(gestureS * (0.9 + 0.2 * random.nextDouble()) * 1e6);
            GestureVariation v = GestureVariation.random(random, performer, GestureMotion.nominalPeriodS(c));
            out.add(new ScriptedGesture(c, t, t + duration, v));
            t += duration + gapUs(gapS, random);
        }
        return new GestureScript(out, t);
    }

    /** {@code count} classes drawn at random (each equally likely). */
    public static GestureScript random(int count, Performer performer, double gestureS, double gapS, SplittableRandom random) {
        List<GestureClass> classes = new ArrayList<>();
        GestureClass[] all = GestureClass.values();
        for (int i = 0; i < count; i++) {
            classes.add(all[random.nextInt(all.length)]);
        }
        return of(classes, performer, gestureS, gapS, random);
    }

    private static long gapUs(double gapS, SplittableRandom random) {
        return Math.round(gapS * (0.7 + 0.8 * random.nextDouble()) * 1e6);
    }

    public List<GestureLabel> labels() {
        return gestures.stream().map(ScriptedGesture::label).toList();
    }

    /** The gesture performed at {@code tUs}, or null in a gap. */
    public ScriptedGesture at(long tUs) {
        for (ScriptedGesture g : gestures) {
            if (g.contains(tUs)) {
                return g;
            }
            if (g.startUs() > tUs) {
                break;
            }
        }
        return null;
    }
}
