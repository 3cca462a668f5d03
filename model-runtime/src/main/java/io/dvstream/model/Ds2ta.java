package io.dvstream.model;

import io.dvstream.model.weights.Ds2taWeights;
import io.dvstream.model.weights.WeightFileConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The DS2TA model of docs/ds2ta-spec.md: {@link SpikingPatchSplitting} stem, {@code L}
 * {@link EncoderBlock}s ({@link SpikingSelfAttention} with {@link Tasa} and {@link Nsad}, then
 * {@link Mlp}) and the {@link Head}, stepping streams one frame at a time with an explicit
 * {@link Ds2taState} per stream.
 *
 * <p>Frames are {@code [2, inputHeight, inputWidth]} row-major float32 event counts with channel
 * 0 = OFF and 1 = ON, which is both the spec's section-2 order and the layout of
 * {@code io.dvstream.events.binning.Frame#counts()}; this is the one place that mapping is
 * stated, and it is the identity.
 *
 * <p>Immutable after loading; one thread per instance may call {@link #step} (ND4J's own threads
 * follow {@link Nd4jThreads}, default 1).
 */
public final class Ds2ta {

    private final Ds2taWeights weights;
    private final ModelConfig config;
    private final SpikingPatchSplitting stem;
    private final List<EncoderBlock> blocks;
    private final Head head;
    private final StateLayout layout;
    private final CostModel cost;
    private final Accumulation accumulation;

    /** The model with {@link Accumulation#AUTO}: event-driven where the input is sparse. */
    public Ds2ta(Ds2taWeights weights) {
        this(weights, Accumulation.AUTO);
    }

    /** The model with the given accumulation for its convs and linears. */
    public Ds2ta(Ds2taWeights weights, Accumulation accumulation) {
        Nd4jThreads.ensureConfigured();
        this.accumulation = accumulation;
        this.weights = weights;
        this.config = weights.config().model();
        this.stem = new SpikingPatchSplitting(weights, accumulation);
        var list = new ArrayList<EncoderBlock>();
        for (int l = 0; l < config.blocks(); l++) {
            list.add(new EncoderBlock(weights, l, accumulation));
        }
        this.blocks = List.copyOf(list);
        this.head = new Head(weights);
        this.layout = new StateLayout(config);
        this.cost = new CostModel(config);
    }

    /** Loads and validates a weight file (spec section 6). */
    public static Ds2ta load(Path safetensors) throws IOException {
        return new Ds2ta(Ds2taWeights.read(safetensors));
    }

    /**
     * Seeded random weights ({@link Ds2taWeights#random}) that keep every LIF layer firing on event
     * frames; synthetic, for tests, benchmarks and comparisons, not a trained model. Streaming
     * settings: carry mode, 50 ms frames, stride 5; class names are the DVS128 Gesture ones when
     * there are 11 classes, else numbered.
     */
    public static Ds2ta random(ModelConfig cfg, long seed) {
        StreamingConfig s = cfg.numClasses() == StreamingConfig.DVS128_GESTURE_CLASSES.size()
                ? StreamingConfig.dvsGesture()
                : new StreamingConfig(StreamingConfig.WindowMode.CARRY, 50_000, 5,
                        StreamingConfig.numberedClasses(cfg.numClasses()));
        return new Ds2ta(Ds2taWeights.random(new WeightFileConfig(cfg, s), seed));
    }

    /** Writes the weights and configuration as a safetensors weight file. */
    public void save(Path file) throws IOException {
        weights.write(file);
    }

    public ModelConfig config() {
        return config;
    }

    public StreamingConfig streaming() {
        return weights.config().streaming();
    }

    public Ds2taWeights weights() {
        return weights;
    }

    /** The same weights with another accumulation (shares nothing mutable). */
    public Ds2ta withAccumulation(Accumulation a) {
        return new Ds2ta(weights, a);
    }

    public Accumulation accumulation() {
        return accumulation;
    }

    public StateLayout stateLayout() {
        return layout;
    }

    public CostModel costModel() {
        return cost;
    }

    /** A resting state for one stream. */
    public Ds2taState newState() {
        return Ds2taState.zeros(config);
    }

    /** One step of one stream; advances {@code state} in place. */
    public StepResult step(float[] frame, Ds2taState state) {
        return step(List.of(frame), List.of(state)).get(0);
    }

    /**
     * One step of {@code frames.size()} streams, each with its own state (advanced in place). A
     * frame that is not {@code [2, H, W]} finite non-negative counts is rejected before any state
     * changes; an error during the step itself may leave a single stream's state part-advanced.
     */
    public List<StepResult> step(List<float[]> frames, List<Ds2taState> states) {
        return step(frames, states, null);
    }

    /** As {@link #step(List, List)}; when {@code spikesOut} is not null, every LIF layer's spikes [B, ...] are added to it. */
    List<StepResult> step(List<float[]> frames, List<Ds2taState> states, List<INDArray> spikesOut) {
        int b = frames.size();
        if (b == 0 || states.size() != b) {
            throw new IllegalArgumentException("step needs one state per frame and at least one frame, got "
                    + b + " frames and " + states.size() + " states");
        }
        int frameSize = 2 * config.inputHeight() * config.inputWidth();
        float[] fb = new float[b * frameSize];
        for (int i = 0; i < b; i++) {
            float[] f = frames.get(i);
            if (f.length != frameSize) {
                throw new IllegalArgumentException("frame " + i + " has " + f.length + " values, the model needs [2, "
                        + config.inputHeight() + ", " + config.inputWidth() + "] = " + frameSize);
            }
            if (states.get(i).config() != config && !states.get(i).config().equals(config)) {
                throw new IllegalArgumentException("state " + i + " belongs to another model configuration");
            }
            for (int j = 0; j < frameSize; j++) {
                if (!(f[j] >= 0f) || f[j] == Float.POSITIVE_INFINITY) {
                    int plane = config.inputHeight() * config.inputWidth();
                    throw new IllegalArgumentException("frame " + i + " holds " + f[j] + " at [c=" + j / plane + ", y="
                            + j % plane / config.inputWidth() + ", x=" + j % config.inputWidth()
                            + "]: event counts must be finite and >= 0");
                }
            }
            System.arraycopy(f, 0, fb, i * frameSize, frameSize);
        }
        // State slots: with one stream the state's own arrays are used in place; with more they are
        // stacked into [B, ...] arrays and copied back after the step.
        int slots = layout.slots().size();
        float[][] st = new float[slots][];
        for (int j = 0; j < slots; j++) {
            st[j] = b == 1 ? states.get(0).slot(j) : stack(states, j);
        }
        int s0 = config.stemStages();
        int n = config.N();
        var inputs = new ArrayList<float[]>();
        var spikes = new ArrayList<float[]>();
        float[] x = stem.step(fb, b, java.util.Arrays.copyOfRange(st, 0, s0 + 1), inputs, spikes);   // X0 [B, D, N]
        double[] sops = new double[b];
        for (int i = 1; i <= s0; i++) {
            addSops(sops, inputs.get(i), i < s0 ? cost.stemConv(i) : cost.rpeConv());
        }
        for (int l = 0; l < blocks.size(); l++) {
            int m = s0 + 1 + 7 * l;
            float[][][] hist = new float[4][config.taw() - 1][];
            for (int p = 0; p < 4; p++) {
                int first = layout.historySlot(config, l, p);
                for (int k = 1; k < config.taw(); k++) {
                    hist[p][k - 1] = st[first + k - 1];
                }
            }
            var blockInputs = new ArrayList<float[]>();
            var blockSpikes = new ArrayList<float[]>();
            x = blocks.get(l).step(x, b, n, java.util.Arrays.copyOfRange(st, m, m + 7), hist, blockInputs, blockSpikes);
            spikes.addAll(blockSpikes);
            addSops(sops, blockInputs.get(0), 3 * cost.linearDD());                  // q, k, v on X
            addSops(sops, blockSpikes.get(0), cost.attentionProduct());              // Q K^T on Q spikes
            addSops(sops, blockSpikes.get(3), cost.linearDD());                      // proj on Att spikes
            addSops(sops, blockInputs.get(1), cost.mlpLinear());                     // fc1 on X'
            addSops(sops, blockSpikes.get(5), cost.mlpLinear());                     // fc2 on H1 spikes
        }
        float[] logits = head.apply(x, b, config.D(), n);                             // [B, numClasses]
        if (b > 1) {
            for (int j = 0; j < slots; j++) {
                unstack(st[j], states, j);
            }
        }
        if (spikesOut != null) {
            for (int j = 0; j < spikes.size(); j++) {
                int[] shape = layout.slots().get(j).shape();
                long[] full = new long[shape.length + 1];
                full[0] = b;
                for (int d = 0; d < shape.length; d++) {
                    full[d + 1] = shape[d];
                }
                spikesOut.add(Floats.tensor(spikes.get(j), full));
            }
        }
        double macs = cost.stemConv(0) + (double) config.blocks() * cost.attentionProduct() + cost.head();
        int[] sizes = layout.lifLayerSizes();
        long neurons = 0;
        for (int size : sizes) {
            neurons += size;
        }
        int[][] counts = new int[b][spikes.size()];
        for (int j = 0; j < spikes.size(); j++) {
            double[] perStream = perStreamSums(spikes.get(j), b);
            for (int i = 0; i < b; i++) {
                counts[i][j] = (int) perStream[i];
            }
        }
        var out = new ArrayList<StepResult>(b);
        int k = config.numClasses();
        for (int i = 0; i < b; i++) {
            long total = 0;
            for (int cnt : counts[i]) {
                total += cnt;
            }
            float[] z = new float[k];
            System.arraycopy(logits, i * k, z, 0, k);
            out.add(new StepResult(z, counts[i], (double) total / neurons, StepEnergy.of(sops[i], macs)));
            states.get(i).advanceSteps();
        }
        return out;
    }

    /** Slot {@code slot} of every stream stacked as one row-major {@code [B, ...shape]} array. */
    private float[] stack(List<Ds2taState> states, int slot) {
        int size = layout.slots().get(slot).size();
        float[] buf = new float[states.size() * size];
        for (int i = 0; i < states.size(); i++) {
            System.arraycopy(states.get(i).slot(slot), 0, buf, i * size, size);
        }
        return buf;
    }

    private void unstack(float[] data, List<Ds2taState> states, int slot) {
        int size = layout.slots().get(slot).size();
        for (int i = 0; i < states.size(); i++) {
            System.arraycopy(data, i * size, states.get(i).slot(slot), 0, size);
        }
    }

    /** Per stream {@code sum(input) / size(input) * denseOps}, added to {@code sops}. */
    private static void addSops(double[] sops, float[] input, long denseOps) {
        double[] sums = perStreamSums(input, sops.length);
        double perStream = input.length / (double) sops.length;
        for (int i = 0; i < sops.length; i++) {
            sops[i] += sums[i] / perStream * denseOps;
        }
    }

    private static double[] perStreamSums(float[] v, int b) {
        int per = v.length / b;
        double[] sums = new double[b];
        for (int i = 0; i < b; i++) {
            double s = 0;
            for (int j = i * per; j < (i + 1) * per; j++) {
                s += v[j];
            }
            sums[i] = s;
        }
        return sums;
    }
}
