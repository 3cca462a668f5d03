package io.dvstream.ingest.sim;

import java.util.SplittableRandom;

/**
 * Renders the performer in front of a textured wall into linear intensities, as the sensor's
 * optics would image them: anti-aliased (pixel coverage) so that sub-pixel motion changes
 * intensity smoothly, body parts shaded like cylinders, the whole picture shifted by a small
 * camera shake and lit by the {@link Lighting}.
 */
public final class GestureScene {

    /** Margin of the wall texture around the frame, pixels: room for the shake. */
    private static final int MARGIN = 4;
    private static final double SHAKE_MAX_PX = 1.5;

    private final int width;
    private final int height;
    private final Lighting lighting;
    private final Performer performer;
    private final float[] wall;
    private final int wallWidth;
    private final double[] shake;
    private final double shakeAmplitude;
    private final double driftPhase;
    private final double driftPeriodS;
    private final double meanReflectance;

    /**
     * @param shakePx amplitude of the camera shake, pixels (a tripod: a few tenths)
     * @param random draws the wall texture and the shake's frequencies
     */
    public GestureScene(int width, int height, Lighting lighting, Performer performer, double shakePx,
            SplittableRandom random) {
        if (shakePx < 0 || shakePx > SHAKE_MAX_PX) {
            throw new IllegalArgumentException("shake must be in [0, " + SHAKE_MAX_PX + "] pixels, was " + shakePx);
        }
        this.width = width;
        this.height = height;
        this.lighting = lighting;
        this.performer = performer;
        this.meanReflectance = 0.45;
        this.wallWidth = width + 2 * MARGIN;
        this.wall = wall(wallWidth, height + 2 * MARGIN, Math.max(width, height), random);
        this.shake = new double[8];
        for (int i = 0; i < 8; i += 2) {
            shake[i] = 0.3 + 2.5 * random.nextDouble(); // Hz
            shake[i + 1] = 2 * Math.PI * random.nextDouble();
        }
        this.shakeAmplitude = shakePx;
        this.driftPhase = 2 * Math.PI * random.nextDouble();
        this.driftPeriodS = 8 + 10 * random.nextDouble();
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public Performer performer() {
        return performer;
    }

    public Lighting lighting() {
        return lighting;
    }

    /** A wall with soft low-frequency texture and two framed panels (a door, a poster). */
    private float[] wall(int w, int h, int scale, SplittableRandom random) {
        float[] out = new float[w * h];
        double[][] waves = new double[6][];
        for (int i = 0; i < waves.length; i++) {
            double angle = Math.PI * random.nextDouble();
            double freq = (1 + 5 * random.nextDouble()) / scale;
            waves[i] = new double[] {Math.cos(angle) * freq, Math.sin(angle) * freq, 2 * Math.PI * random.nextDouble(),
                0.04 * random.nextDouble()};
        }
        double base = 0.35 + 0.25 * random.nextDouble();
        double[][] panels = new double[2][];
        for (int i = 0; i < panels.length; i++) {
            double x0 = w * random.nextDouble();
            double y0 = h * random.nextDouble() * 0.6;
            panels[i] = new double[] {x0, y0, x0 + w * (0.12 + 0.15 * random.nextDouble()),
                y0 + h * (0.15 + 0.35 * random.nextDouble()), 0.12 * (2 * random.nextDouble() - 1)};
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double v = base;
                for (double[] wave : waves) {
                    v += wave[3] * Math.sin(2 * Math.PI * (wave[0] * x + wave[1] * y) + wave[2]);
                }
                for (double[] p : panels) {
                    // soft-edged box: coverage of the pixel by the panel
                    double cover = clamp01(Math.min(x + 0.5 - p[0], p[2] - x - 0.5) + 0.5)
                            * clamp01(Math.min(y + 0.5 - p[1], p[3] - y - 0.5) + 0.5);
                    v += p[4] * cover;
                }
                out[y * w + x] = (float) v;
            }
        }
        return out;
    }

    /** Camera shake at {@code tS}, pixels: smooth, a sum of slow sinusoids. */
    private double shakeX(double tS) {
        return shakeAmplitude * 0.5 * (Math.sin(2 * Math.PI * shake[0] * tS + shake[1])
                + Math.sin(2 * Math.PI * shake[2] * tS + shake[3]));
    }

    private double shakeY(double tS) {
        return shakeAmplitude * 0.5 * (Math.sin(2 * Math.PI * shake[4] * tS + shake[5])
                + Math.sin(2 * Math.PI * shake[6] * tS + shake[7]));
    }

    /** Light on a white surface at {@code tS}: steady, or drifting slowly for natural light. */
    public double illumination(double tS) {
        return lighting.illumination() * (1 + lighting.drift() * Math.sin(2 * Math.PI * tS / driftPeriodS + driftPhase));
    }

    /** Renders {@code pose} at {@code tS} into {@code out} (row-major linear intensities). */
    public void render(BodyPose pose, double tS, float[] out) {
        // Contrast and light form an affine map of reflectance, and pixel-coverage blending commutes
        // with it, so it is applied to the wall samples and the body shades instead of a pass over
        // the image: reflectance v becomes (mean + (v - mean) * contrast) * light.
        double light = illumination(tS);
        float gain = (float) (lighting.contrast() * light);
        float offset = (float) ((meanReflectance - meanReflectance * lighting.contrast()) * light);
        double sx = shakeX(tS);
        double sy = shakeY(tS);
        // background: bilinear sample of the wall, shifted by the shake
        double fx = MARGIN + sx;
        double fy = MARGIN + sy;
        int ix = (int) Math.floor(fx);
        int iy = (int) Math.floor(fy);
        float ax = (float) (fx - ix);
        float ay = (float) (fy - iy);
        float w00 = (1 - ax) * (1 - ay);
        float w10 = ax * (1 - ay);
        float w01 = (1 - ax) * ay;
        float w11 = ax * ay;
        for (int y = 0; y < height; y++) {
            int row = (y + iy) * wallWidth + ix;
            int o = y * width;
            for (int x = 0; x < width; x++) {
                int k = row + x;
                out[o + x] = gain * (w00 * wall[k] + w10 * wall[k + 1] + w01 * wall[k + wallWidth] + w11 * wall[k + wallWidth + 1])
                        + offset;
            }
        }
        double u = pose.unit;
        double cx = pose.centerX - sx;
        double shY = pose.shoulderY - sy;
        float shirt = (float) performer.shirt() * gain + offset;
        float skin = (float) performer.skin() * gain + offset;
        float hair = 0.1f * gain + offset;
        // torso (running out of the frame), shoulders, neck, head
        capsule(out, cx, shY + 14 * u, cx, shY + 200 * u, 19 * u, shirt, 0.3f);
        capsule(out, pose.rightShoulderX - sx, shY + 4 * u, pose.leftShoulderX - sx, shY + 4 * u, 7 * u, shirt, 0.3f);
        capsule(out, cx, shY - 14 * u, cx, shY, 5 * u, skin, 0.4f);
        capsule(out, cx, shY - 24 * u, cx, shY - 24 * u, 11 * u, skin, 0.35f);
        capsule(out, cx, shY - 31 * u, cx, shY - 31 * u, 8 * u, hair, 0.2f);
        arm(out, pose.rightShoulderX - sx, pose.rightShoulderY - sy, pose.rightElbowX - sx, pose.rightElbowY - sy,
                pose.rightWristX - sx, pose.rightWristY - sy, u, shirt, skin);
        arm(out, pose.leftShoulderX - sx, pose.leftShoulderY - sy, pose.leftElbowX - sx, pose.leftElbowY - sy,
                pose.leftWristX - sx, pose.leftWristY - sy, u, shirt, skin);
    }

    private void arm(float[] out, double sx, double sy, double ex, double ey, double wx, double wy, double u, float shirt,
            float skin) {
        capsule(out, sx, sy, ex, ey, 5.5 * u, shirt, 0.35f);
        capsule(out, ex, ey, wx, wy, 4 * u, skin, 0.35f);
        double hx = wx + (wx - ex) * 0.2;
        double hy = wy + (wy - ey) * 0.2;
        capsule(out, hx, hy, hx, hy, 5 * u, skin, 0.3f);
    }

    /**
     * Paints a capsule (segment of radius r; a disc when the ends coincide) with pixel-coverage
     * anti-aliasing and cylinder shading: {@code shade} darker at the rim than on the axis.
     */
    private void capsule(float[] out, double x0, double y0, double x1, double y1, double r, float value, float shade) {
        int minX = Math.max(0, (int) Math.floor(Math.min(x0, x1) - r - 1));
        int maxX = Math.min(width - 1, (int) Math.ceil(Math.max(x0, x1) + r + 1));
        int minY = Math.max(0, (int) Math.floor(Math.min(y0, y1) - r - 1));
        int maxY = Math.min(height - 1, (int) Math.ceil(Math.max(y0, y1) + r + 1));
        double dx = x1 - x0;
        double dy = y1 - y0;
        double len2 = dx * dx + dy * dy;
        double inv = len2 > 1e-12 ? 1 / len2 : 0;
        double r2 = (r + 0.5) * (r + 0.5);
        double inner2 = r > 0.5 ? (r - 0.5) * (r - 0.5) : 0;
        double invR2 = 1 / (r * r);
        for (int y = minY; y <= maxY; y++) {
            double py = y + 0.5 - y0;
            int row = y * width;
            for (int x = minX; x <= maxX; x++) {
                double px = x + 0.5 - x0;
                double t = (px * dx + py * dy) * inv;
                t = t < 0 ? 0 : (t > 1 ? 1 : t);
                double qx = px - t * dx;
                double qy = py - t * dy;
                double d2 = qx * qx + qy * qy;
                if (d2 >= r2) {
                    continue;
                }
                // inside the band where the pixel is fully covered no square root is needed
                float cover = d2 <= inner2 ? 1f : (float) Math.min(1, r + 0.5 - Math.sqrt(d2));
                double rel2 = Math.min(1, d2 * invR2);
                float v = (float) (value * (1 - shade * rel2));
                int i = row + x;
                out[i] += (v - out[i]) * cover;
            }
        }
    }

    private static double clamp01(double v) {
        return v < 0 ? 0 : (v > 1 ? 1 : v);
    }
}
