package io.dvstream.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The DS2TA configuration of docs/ds2ta-spec.md section 1, one component per key, named exactly
 * as the spec's keys (so {@code T} and {@code taw} keep their spec spelling). The derived sizes
 * ({@link #D()}, {@link #N()}, {@link #headDim()}, {@link #hiddenDim()}, the stem output size) are
 * computed here and nowhere else; no size is hard-coded anywhere in the runtime.
 *
 * <p>Floating-point hyper-parameters are kept as {@code double} (they are JSON numbers in the
 * weight file) and enter the float32 arithmetic of the runtime as {@code (float)} casts.
 *
 * @param inputHeight model input rows; sensor events are mapped to it by integer scaling
 * @param inputWidth model input columns
 * @param stemChannels output channels of each stem conv stage; the last one is {@code D}
 * @param stemPool per stem stage: whether it ends with a 3x3 stride-2 padding-1 max-pool
 * @param blocks encoder blocks {@code L}
 * @param heads attention heads {@code h}; {@code d_h = D / h}
 * @param mlpRatio MLP hidden width is {@code mlpRatio * D}
 * @param numClasses output classes
 * @param T time steps per classification window
 * @param taw temporal attention window {@code W}: the current step plus {@code W - 1} past ones
 * @param tauInit initial TASA attenuation constant (weight files store the effective tau)
 * @param decay how tau becomes the attenuation factor {@code a}
 * @param nsad NSAD lookup tables on, or plain scale 0.125 off
 * @param lifTau LIF membrane time constant
 * @param vth LIF firing threshold
 * @param vthAttn threshold of the attention-output neuron
 * @param bnEps BatchNorm epsilon
 */
public record ModelConfig(
        int inputHeight,
        int inputWidth,
        List<Integer> stemChannels,
        List<Boolean> stemPool,
        int blocks,
        int heads,
        int mlpRatio,
        int numClasses,
        int T,
        int taw,
        double tauInit,
        Decay decay,
        boolean nsad,
        double lifTau,
        double vth,
        double vthAttn,
        double bnEps) {

    /** Name of the paper-scale preset (Spikformer-2-256 backbone on DVS128 Gesture). */
    public static final String GESTURE_2_256 = "gesture-2-256";
    /** Name of the small CPU preset: 64x64 input, one block of width 64. */
    public static final String SMALL_1_64 = "small-1-64";

    /** How the TASA constant tau becomes the per-step attenuation factor {@code a}. */
    public enum Decay {
        /** {@code a = exp(-1 / tau)}. */
        EXP,
        /** {@code a = 1 - 1 / tau}. */
        LINEAR;

        /** The spec's spelling, as in weight-file metadata: {@code exp} or {@code linear}. */
        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** Parses the spec's spelling; anything else is rejected with the legal values. */
        public static Decay fromKey(String key) {
            for (Decay d : values()) {
                if (d.key().equals(key)) {
                    return d;
                }
            }
            throw new IllegalArgumentException(
                    "Invalid value " + key + " for configuration decay: must be exp or linear");
        }

        /** The attenuation factor {@code a} for the constant {@code tau} (spec 4.2). */
        public double factor(double tau) {
            return this == EXP ? Math.exp(-1.0 / tau) : 1.0 - 1.0 / tau;
        }
    }

    public ModelConfig {
        Objects.requireNonNull(stemChannels, "stemChannels");
        Objects.requireNonNull(stemPool, "stemPool");
        Objects.requireNonNull(decay, "decay");
        stemChannels = List.copyOf(stemChannels);
        stemPool = List.copyOf(stemPool);
        atLeast("inputHeight", inputHeight, 1);
        atLeast("inputWidth", inputWidth, 1);
        if (stemChannels.isEmpty()) {
            throw new IllegalArgumentException("stemChannels must name at least one stem stage");
        }
        for (int i = 0; i < stemChannels.size(); i++) {
            atLeast("stemChannels[" + i + "]", stemChannels.get(i), 1);
        }
        if (stemPool.size() != stemChannels.size()) {
            throw new IllegalArgumentException("stemPool has " + stemPool.size() + " entries but stemChannels has "
                    + stemChannels.size() + ": give one pool flag per stem stage");
        }
        atLeast("blocks", blocks, 1);
        atLeast("heads", heads, 1);
        int d = stemChannels.get(stemChannels.size() - 1);
        if (d % heads != 0) {
            throw new IllegalArgumentException("D " + d + " (the last stemChannels entry) must be divisible by heads "
                    + heads + " so that every head has d_h = D / heads channels");
        }
        atLeast("mlpRatio", mlpRatio, 1);
        atLeast("numClasses", numClasses, 1);
        atLeast("T", T, 1);
        atLeast("taw", taw, 1);
        finite("tauInit", tauInit);
        if (!(tauInit > 0.25)) {
            throw new IllegalArgumentException("tauInit must be > 0.25 (training parametrises tau = 0.25 + softplus(rho)),"
                    + " got " + tauInit);
        }
        if (decay == Decay.LINEAR && tauInit < 1.0) {
            throw new IllegalArgumentException("tauInit " + tauInit
                    + " must be >= 1 with decay linear, else a = 1 - 1/tau is negative");
        }
        finite("lifTau", lifTau);
        if (!(lifTau >= 1.0)) {
            throw new IllegalArgumentException("lifTau must be >= 1 (the membrane moves 1/lifTau of the way to its"
                    + " input per step), got " + lifTau);
        }
        positive("vth", vth);
        positive("vthAttn", vthAttn);
        positive("bnEps", bnEps);
    }

    /** The paper-scale configuration of spec section 1. */
    public static ModelConfig gesture2x256() {
        return new ModelConfig(128, 128, List.of(32, 64, 128, 256), List.of(true, true, true, true),
                2, 8, 4, 11, 10, 3, 4.0, Decay.EXP, true, 2.0, 1.0, 0.5, 1e-5);
    }

    /**
     * A small configuration for CPU training and tests: 64x64 input (sensor coordinates halved),
     * four stem stages of 8/16/32/64 channels with three pools (8 x 8 = 64 tokens), one block of
     * width 64 with 4 heads of 16 channels. The equations are the paper's; only shapes differ.
     */
    public static ModelConfig small1x64() {
        return new ModelConfig(64, 64, List.of(8, 16, 32, 64), List.of(true, true, true, false),
                1, 4, 4, 11, 10, 3, 4.0, Decay.EXP, true, 2.0, 1.0, 0.5, 1e-5);
    }

    /** The presets by name. */
    public static Map<String, ModelConfig> presets() {
        return Map.of(GESTURE_2_256, gesture2x256(), SMALL_1_64, small1x64());
    }

    /** A preset by name; an unknown name is rejected with the known ones. */
    public static ModelConfig preset(String name) {
        ModelConfig c = presets().get(name);
        if (c == null) {
            throw new IllegalArgumentException("Unknown model preset " + name + ": known presets are "
                    + GESTURE_2_256 + " and " + SMALL_1_64);
        }
        return c;
    }

    /** Number of stem conv stages (4 at paper scale). */
    public int stemStages() {
        return stemChannels.size();
    }

    /** Input channels of stem stage {@code i}: 2 (OFF, ON) for stage 0, else the previous stage's output. */
    public int stemInChannels(int i) {
        return i == 0 ? 2 : stemChannels.get(i - 1);
    }

    /** Embedding dim {@code D} = the last stem channel count. */
    public int D() {
        return stemChannels.get(stemChannels.size() - 1);
    }

    /** Rows of the input of stem stage {@code i} (its conv and LIF run at this resolution). */
    public int stemHeight(int i) {
        return pooledSize(inputHeight, i);
    }

    /** Columns of the input of stem stage {@code i}. */
    public int stemWidth(int i) {
        return pooledSize(inputWidth, i);
    }

    /** Rows of the stem output (token grid height). */
    public int stemOutHeight() {
        return stemHeight(stemStages());
    }

    /** Columns of the stem output (token grid width). */
    public int stemOutWidth() {
        return stemWidth(stemStages());
    }

    /** Tokens {@code N} = stem output rows x columns, row-major (y, x). */
    public int N() {
        return stemOutHeight() * stemOutWidth();
    }

    /** Channels per head {@code d_h = D / heads}. */
    public int headDim() {
        return D() / heads;
    }

    /** MLP hidden width {@code mlpRatio * D}. */
    public int hiddenDim() {
        return mlpRatio * D();
    }

    /** The size after the pools of stages {@code 0..stage-1}. */
    private int pooledSize(int size, int stage) {
        for (int i = 0; i < stage; i++) {
            if (stemPool.get(i)) {
                size = maxPoolOut(size);
            }
        }
        return size;
    }

    /** Output size of the stem max-pool (kernel 3, stride 2, padding 1): floor((n + 2 - 3) / 2) + 1. */
    public static int maxPoolOut(int n) {
        return (n + 2 * 1 - 3) / 2 + 1;
    }

    private static void atLeast(String key, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(key + " must be >= " + min + ", got " + value);
        }
    }

    private static void finite(String key, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(key + " must be a finite number, got " + value);
        }
    }

    private static void positive(String key, double value) {
        finite(key, value);
        if (!(value > 0)) {
            throw new IllegalArgumentException(key + " must be > 0, got " + value);
        }
    }
}
