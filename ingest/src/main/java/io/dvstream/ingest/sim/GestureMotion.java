package io.dvstream.ingest.sim;

import io.dvstream.ingest.gesture.GestureClass;

/**
 * The movements of the 11 DVS128 Gesture classes as wrist paths; elbows follow by two-link inverse
 * kinematics. Body units: shoulders 20 apart from the middle, upper arm 26, forearm 24 (about
 * pixels for a DVS128 framing). "Right" and "left" are the performer's: their right arm is on the
 * image's left. "Clockwise" is as the camera sees it.
 */
public final class GestureMotion {

    static final double SHOULDER_HALF_WIDTH = 20;
    static final double UPPER_ARM = 26;
    static final double FOREARM = 24;
    /** Seconds to raise the arms into a gesture and to lower them after. */
    static final double EASE_S = 0.5;

    private GestureMotion() {
    }

    /** Typical seconds per cycle of each class's main motion. */
    public static double nominalPeriodS(GestureClass gesture) {
        return switch (gesture) {
            case HAND_CLAP -> 0.6;
            case RIGHT_HAND_WAVE, LEFT_HAND_WAVE -> 0.8;
            case RIGHT_ARM_CLOCKWISE, RIGHT_ARM_COUNTER_CLOCKWISE, LEFT_ARM_CLOCKWISE, LEFT_ARM_COUNTER_CLOCKWISE -> 1.3;
            case ARM_ROLL -> 0.7;
            case AIR_DRUMS -> 0.5;
            case AIR_GUITAR -> 0.35;
            case OTHER_GESTURES -> 1.0;
        };
    }

    /**
     * The idle pose (arms hanging) with slow breathing sway, at {@code tS} seconds into the trial.
     */
    public static void rest(Performer p, double tS, BodyPose pose) {
        body(p, tS, pose);
        double u = pose.unit;
        setArms(pose, pose.rightShoulderX - 3 * u, pose.shoulderY + 48 * u, pose.leftShoulderX + 3 * u,
                pose.shoulderY + 48 * u);
    }

    /**
     * The pose {@code sinceStartS} seconds into a performance of {@code gesture} lasting
     * {@code durationS}: eased in from rest and back to rest at the end.
     */
    public static void pose(GestureClass gesture, GestureVariation v, Performer p, double tS, double sinceStartS,
            double durationS, BodyPose pose) {
        rest(p, tS, pose);
        double restRx = pose.rightWristX;
        double restRy = pose.rightWristY;
        double restLx = pose.leftWristX;
        double restLy = pose.leftWristY;
        double ease = smoothstep(Math.min(sinceStartS, durationS - sinceStartS) / EASE_S);
        if (ease <= 0) {
            return;
        }
        double u = pose.unit;
        double a = v.amplitude();
        double w = 2 * Math.PI / v.periodS();
        double th = w * sinceStartS + v.phase();
        double rsx = pose.rightShoulderX;
        double lsx = pose.leftShoulderX;
        double sy = pose.shoulderY;
        double cx = pose.centerX;
        double rx;
        double ry;
        double lx;
        double ly;
        switch (gesture) {
            case HAND_CLAP -> {
                double gap = 2.5 * u + 16 * u * a * (0.5 + 0.5 * Math.cos(th));
                rx = cx - gap;
                lx = cx + gap;
                ry = ly = sy + 22 * u;
            }
            case RIGHT_HAND_WAVE -> {
                rx = rsx - 10 * u + 14 * u * a * Math.sin(th);
                ry = sy - 36 * u;
                lx = restLx;
                ly = restLy;
            }
            case LEFT_HAND_WAVE -> {
                lx = lsx + 10 * u + 14 * u * a * Math.sin(th);
                ly = sy - 36 * u;
                rx = restRx;
                ry = restRy;
            }
            case RIGHT_ARM_CLOCKWISE, RIGHT_ARM_COUNTER_CLOCKWISE -> {
                double dir = gesture == GestureClass.RIGHT_ARM_CLOCKWISE ? 1 : -1;
                double r = Math.min(30, 22 * a) * u;
                // with y down, a growing angle turns clockwise on the image
                rx = rsx - 14 * u + r * Math.cos(dir * th);
                ry = sy + 4 * u + r * Math.sin(dir * th);
                lx = restLx;
                ly = restLy;
            }
            case LEFT_ARM_CLOCKWISE, LEFT_ARM_COUNTER_CLOCKWISE -> {
                double dir = gesture == GestureClass.LEFT_ARM_CLOCKWISE ? 1 : -1;
                double r = Math.min(30, 22 * a) * u;
                lx = lsx + 14 * u + r * Math.cos(dir * th);
                ly = sy + 4 * u + r * Math.sin(dir * th);
                rx = restRx;
                ry = restRy;
            }
            case ARM_ROLL -> {
                double r = 8 * u * a;
                double my = sy + 22 * u;
                rx = cx - 7 * u + r * Math.cos(th);
                ry = my + r * Math.sin(th);
                lx = cx + 7 * u + r * Math.cos(th + Math.PI);
                ly = my + r * Math.sin(th + Math.PI);
            }
            case AIR_DRUMS -> {
                rx = cx - 17 * u;
                lx = cx + 17 * u;
                ry = sy + 30 * u - 12 * u * a * Math.abs(Math.sin(th / 2));
                ly = sy + 30 * u - 12 * u * a * Math.abs(Math.cos(th / 2));
            }
            case AIR_GUITAR -> {
                // left hand on the neck, out to the performer's left; right hand strums at the belly
                lx = lsx + 20 * u + 2 * u * Math.sin(0.25 * th);
                ly = sy + 10 * u;
                rx = cx - 4 * u;
                ry = sy + 32 * u + 7 * u * a * Math.sin(th);
            }
            case OTHER_GESTURES -> {
                double[] d = new double[4];
                for (int k = 0; k < 4; k++) {
                    double sum = 0;
                    for (int j = 0; j < 2; j++) {
                        int i = (k * 2 + j) * 3;
                        sum += v.freeAt(i + 1) * Math.sin(2 * Math.PI * v.freeAt(i) * sinceStartS + v.freeAt(i + 2));
                    }
                    d[k] = sum * u * a;
                }
                rx = restRx + 6 * u + d[0];
                ry = restRy - 22 * u + d[1];
                lx = restLx - 6 * u + d[2];
                ly = restLy - 22 * u + d[3];
            }
            default -> throw new IllegalStateException("no motion for " + gesture);
        }
        setArms(pose, lerp(restRx, rx, ease), lerp(restRy, ry, ease), lerp(restLx, lx, ease), lerp(restLy, ly, ease));
    }

    private static void body(Performer p, double tS, BodyPose pose) {
        double u = p.unit();
        // breathing: a fraction of a pixel, every ~4 s
        double sway = 0.15 * u * Math.sin(2 * Math.PI * tS / 4.0);
        pose.unit = u;
        pose.centerX = p.centerX();
        pose.shoulderY = p.shoulderY() + sway;
        pose.rightShoulderX = p.centerX() - SHOULDER_HALF_WIDTH * u;
        pose.leftShoulderX = p.centerX() + SHOULDER_HALF_WIDTH * u;
        pose.rightShoulderY = pose.shoulderY;
        pose.leftShoulderY = pose.shoulderY;
    }

    private static void setArms(BodyPose pose, double rx, double ry, double lx, double ly) {
        double u = pose.unit;
        double[] wrist = new double[2];
        double[] elbow = new double[2];
        reach(pose.rightShoulderX, pose.rightShoulderY, rx, ry, UPPER_ARM * u, FOREARM * u, -1, elbow, wrist);
        pose.rightElbowX = elbow[0];
        pose.rightElbowY = elbow[1];
        pose.rightWristX = wrist[0];
        pose.rightWristY = wrist[1];
        reach(pose.leftShoulderX, pose.leftShoulderY, lx, ly, UPPER_ARM * u, FOREARM * u, 1, elbow, wrist);
        pose.leftElbowX = elbow[0];
        pose.leftElbowY = elbow[1];
        pose.leftWristX = wrist[0];
        pose.leftWristY = wrist[1];
    }

    /**
     * Two-link inverse kinematics: the elbow that puts the wrist at the target (or as near as the
     * arm reaches), bent to a fixed side per arm so the elbow never jumps between solutions.
     */
    static void reach(double sx, double sy, double tx, double ty, double l1, double l2, int bend, double[] elbow,
            double[] wrist) {
        double dx = tx - sx;
        double dy = ty - sy;
        double d = Math.hypot(dx, dy);
        double dMin = Math.abs(l1 - l2) + 1e-3;
        double dMax = l1 + l2 - 1e-3;
        double dc = Math.min(Math.max(d, dMin), dMax);
        double ux = d > 1e-9 ? dx / d : 0;
        double uy = d > 1e-9 ? dy / d : 1;
        double cosA = (l1 * l1 + dc * dc - l2 * l2) / (2 * l1 * dc);
        double angle = bend * Math.acos(Math.max(-1, Math.min(1, cosA)));
        double c = Math.cos(angle);
        double s = Math.sin(angle);
        elbow[0] = sx + l1 * (ux * c - uy * s);
        elbow[1] = sy + l1 * (ux * s + uy * c);
        wrist[0] = sx + ux * dc;
        wrist[1] = sy + uy * dc;
    }

    static double smoothstep(double x) {
        if (x <= 0) {
            return 0;
        }
        if (x >= 1) {
            return 1;
        }
        return x * x * (3 - 2 * x);
    }

    private static double lerp(double a, double b, double t) {
        return a + (b - a) * t;
    }
}
