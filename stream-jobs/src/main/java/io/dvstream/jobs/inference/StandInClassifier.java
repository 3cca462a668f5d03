package io.dvstream.jobs.inference;

import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.base.array.FloatPrimitiveArraySerializer;

/**
 * A deterministic <b>stand-in</b> for a trained model, <b>not a model</b>: it exercises the job's
 * plumbing (state in Flink, windows, decisions) while the DS2TA runtime is being written. It
 * recognises nothing; its scores are a fixed random linear read-out of where ON and OFF events fall.
 *
 * <p>Per step it sums the frame's counts in a {@code grid x grid} partition of each polarity plane
 * (divided by the region's cells), leaks its state ({@code s = leak * s + features}), and scores
 * each class with weights drawn from {@code new Random(seed)}. {@code firingRate} is the fraction
 * of non-zero input cells; {@code energyJoules} counts one 0.9 pJ accumulate per non-zero input cell
 * and per state feature and class (the spec's SOP figure applied to this read-out, not to DS2TA).
 * State: {@code 2 * grid * grid} floats ({@link FloatPrimitiveArraySerializer} in Flink state).
 */
public final class StandInClassifier implements StepClassifier<float[]> {

    private static final long serialVersionUID = 1L;
    private static final double SOP_JOULES = 0.9e-12;

    private final int width;
    private final int height;
    private final int grid;
    private final float leak;
    private final long seed;
    private final List<String> classes;
    private final float[][] weights;
    private final float[] bias;

    /**
     * @param width input width; a multiple of {@code grid}
     * @param height input height; a multiple of {@code grid}
     * @param grid regions per side
     * @param leak state decay per step, in [0, 1)
     * @param seed weights' seed
     * @param classes class names
     */
    public StandInClassifier(int width, int height, int grid, float leak, long seed, List<String> classes) {
        if (grid < 1 || width % grid != 0 || height % grid != 0) {
            throw new IllegalArgumentException("stand-in grid " + grid + " must divide the input " + width + "x" + height);
        }
        if (!(leak >= 0 && leak < 1)) {
            throw new IllegalArgumentException("stand-in leak must be in [0, 1), was " + leak);
        }
        if (classes.isEmpty()) {
            throw new IllegalArgumentException("stand-in needs at least one class");
        }
        this.width = width;
        this.height = height;
        this.grid = grid;
        this.leak = leak;
        this.seed = seed;
        this.classes = List.copyOf(classes);
        int features = 2 * grid * grid;
        Random random = new Random(seed);
        this.weights = new float[classes.size()][features];
        this.bias = new float[classes.size()];
        for (int c = 0; c < classes.size(); c++) {
            for (int f = 0; f < features; f++) {
                weights[c][f] = (float) random.nextGaussian();
            }
            bias[c] = (float) (0.1 * random.nextGaussian());
        }
    }

    /** 32x32 input, a 4x4 grid, leak 0.8, the given seed and classes. */
    public static StandInClassifier of(long seed, List<String> classes) {
        return new StandInClassifier(32, 32, 4, 0.8f, seed, classes);
    }

    @Override
    public String modelId() {
        return "stand-in:spatial-leaky:" + width + "x" + height + ":grid=" + grid + ":leak=" + leak + ":seed=" + seed;
    }

    @Override
    public int inputWidth() {
        return width;
    }

    @Override
    public int inputHeight() {
        return height;
    }

    @Override
    public List<String> classNames() {
        return classes;
    }

    @Override
    public float[] newState() {
        return new float[2 * grid * grid];
    }

    @Override
    public TypeSerializer<float[]> stateSerializer() {
        return FloatPrimitiveArraySerializer.INSTANCE;
    }

    @Override
    public Step step(float[] frame, float[] s) {
        int plane = width * height;
        if (frame.length != 2 * plane) {
            throw new IllegalArgumentException("stand-in expects 2x" + height + "x" + width + " = " + 2 * plane
                    + " floats, got " + frame.length);
        }
        int features = 2 * grid * grid;
        if (s.length != features) {
            throw new IllegalArgumentException("stand-in state must be " + features + " floats, got " + s.length);
        }
        for (int i = 0; i < features; i++) {
            s[i] *= leak;
        }
        int rw = width / grid;
        int rh = height / grid;
        float area = rw * rh;
        int active = 0;
        for (int c = 0; c < 2; c++) {
            for (int y = 0; y < height; y++) {
                int row = c * plane + y * width;
                int fRow = c * grid * grid + (y / rh) * grid;
                for (int x = 0; x < width; x++) {
                    float v = frame[row + x];
                    if (v != 0) {
                        s[fRow + x / rw] += v / area;
                        active++;
                    }
                }
            }
        }
        float[] logits = new float[classes.size()];
        for (int k = 0; k < logits.length; k++) {
            float z = bias[k];
            for (int i = 0; i < features; i++) {
                z += weights[k][i] * s[i];
            }
            logits[k] = z;
        }
        double firing = active / (double) (2 * plane);
        double energy = SOP_JOULES * ((double) active + (double) features * classes.size());
        return new Step(logits, firing, energy);
    }
}
