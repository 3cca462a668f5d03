package io.dvstream.ingest.sim;

/**
 * Where the parts of the performer are at one instant, in pixels (x right, y down). "Right" is the
 * performer's right, which the camera facing them sees on the image's left. Mutable and reused
 * every render step, so the hot loop allocates nothing.
 */
public final class BodyPose {

    /** Body unit, pixels. */
    double unit;
    double centerX;
    double shoulderY;
    double rightShoulderX;
    double rightShoulderY;
    double leftShoulderX;
    double leftShoulderY;
    double rightElbowX;
    double rightElbowY;
    double leftElbowX;
    double leftElbowY;
    double rightWristX;
    double rightWristY;
    double leftWristX;
    double leftWristY;

    public double rightWristX() {
        return rightWristX;
    }

    public double rightWristY() {
        return rightWristY;
    }

    public double leftWristX() {
        return leftWristX;
    }

    public double leftWristY() {
        return leftWristY;
    }

    public double centerX() {
        return centerX;
    }
}
