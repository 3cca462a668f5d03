package io.dvstream.model;

import io.dvstream.model.weights.Ds2taWeights;
import io.dvstream.model.weights.WeightFileConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

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

    /** One step of {@code frames.size()} streams, each with its own state (advanced in place). */
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
            System.arraycopy(f, 0, fb, i * frameSize, frameSize);
        }
        INDArray f = Nd4j.create(fb, new long[] {b, 2, config.inputHeight(), config.inputWidth()}, 'c');

        int s0 = config.stemStages();
        var stemStates = new ArrayList<LifState>();
        for (int i = 0; i < s0; i++) {
            stemStates.add(new LifState(stack(states, i)));
        }
        SpikingPatchSplitting.Output so = stem.step(f, new SpikingPatchSplitting.State(stemStates, new LifState(stack(states, s0))));
        var spikes = new ArrayList<INDArray>(so.stageSpikes());
        spikes.add(so.rpeSpikes());
        var membranes = new ArrayList<INDArray>();
        so.state().stages().forEach(m -> membranes.add(m.membrane()));
        membranes.add(so.state().rpe().membrane());
        var histories = new ArrayList<INDArray>();
        double[] sops = new double[b];
        for (int i = 1; i <= s0; i++) {
            addSops(sops, so.stageInputs().get(i), i < s0 ? cost.stemConv(i) : cost.rpeConv());
        }

        INDArray x = so.tokens();                                                      // X0 [B, D, N]
        for (int l = 0; l < blocks.size(); l++) {
            EncoderBlock.Output bo = blocks.get(l).step(x, blockState(states, l));
            spikes.addAll(bo.spikes());
            SpikingSelfAttention.State a = bo.state().attn();
            for (LifState m : List.of(a.q(), a.k(), a.v(), a.attn(), a.proj(), bo.state().mlp().fc1(),
                    bo.state().mlp().fc2())) {
                membranes.add(m.membrane());
            }
            for (List<INDArray> h : List.of(a.zq(), a.zk(), a.zv(), a.vs())) {
                histories.addAll(h);
            }
            addSops(sops, bo.inputs().get(0), 3 * cost.linearDD());                   // q, k, v on X
            addSops(sops, bo.spikes().get(0), cost.attentionProduct());               // Q K^T on Q spikes
            addSops(sops, bo.spikes().get(3), cost.linearDD());                       // proj on Att spikes
            addSops(sops, bo.inputs().get(1), cost.mlpLinear());                      // fc1 on X'
            addSops(sops, bo.spikes().get(5), cost.mlpLinear());                      // fc2 on H1 spikes
            x = bo.out();
        }
        if (spikesOut != null) {
            spikesOut.addAll(spikes);
        }
        float[] logits = head.apply(x).dup('c').data().asFloat();                    // [B, numClasses]

        int slot = 0;
        for (INDArray m : membranes) {
            unstack(m, states, slot++);
        }
        for (INDArray h : histories) {
            unstack(h, states, slot++);
        }
        double macs = cost.stemConv(0) + (double) config.blocks() * cost.attentionProduct() + cost.head();
        int[] sizes = layout.lifLayerSizes();
        long neurons = 0;
        for (int size : sizes) {
            neurons += size;
        }
        int[][] counts = new int[b][spikes.size()];
        for (int j = 0; j < spikes.size(); j++) {
            double[] perStream = perStreamSums(spikes.get(j));
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

    private EncoderBlock.State blockState(List<Ds2taState> states, int l) {
        int m = config.stemStages() + 1 + 7 * l;
        var attn = new SpikingSelfAttention.State(lif(states, m), lif(states, m + 1), lif(states, m + 2),
                lif(states, m + 3), lif(states, m + 4), history(states, l, 0), history(states, l, 1),
                history(states, l, 2), history(states, l, 3));
        return new EncoderBlock.State(attn, new Mlp.State(lif(states, m + 5), lif(states, m + 6)));
    }

    private LifState lif(List<Ds2taState> states, int slot) {
        return new LifState(stack(states, slot));
    }

    private List<INDArray> history(List<Ds2taState> states, int l, int p) {
        int first = layout.historySlot(config, l, p);
        var h = new ArrayList<INDArray>();
        for (int k = 1; k < config.taw(); k++) {
            h.add(stack(states, first + k - 1));
        }
        return h;
    }

    /** Slot {@code slot} of every stream as one {@code [B, ...shape]} array. */
    private INDArray stack(List<Ds2taState> states, int slot) {
        StateLayout.Slot s = layout.slots().get(slot);
        int size = s.size();
        float[] buf = new float[states.size() * size];
        for (int i = 0; i < states.size(); i++) {
            System.arraycopy(states.get(i).slot(slot), 0, buf, i * size, size);
        }
        long[] shape = new long[s.shape().length + 1];
        shape[0] = states.size();
        for (int d = 0; d < s.shape().length; d++) {
            shape[d + 1] = s.shape()[d];
        }
        return Nd4j.create(buf, shape, 'c');
    }

    private void unstack(INDArray a, List<Ds2taState> states, int slot) {
        float[] data = a.dup('c').data().asFloat();
        int size = layout.slots().get(slot).size();
        if (data.length != size * states.size()) {
            throw new IllegalStateException("state slot " + layout.slots().get(slot).name() + ": " + data.length
                    + " values for " + states.size() + " streams of " + size);
        }
        for (int i = 0; i < states.size(); i++) {
            System.arraycopy(data, i * size, states.get(i).slot(slot), 0, size);
        }
    }

    /** Per stream {@code sum(input) / size(input) * denseOps}, added to {@code sops}. */
    private static void addSops(double[] sops, INDArray input, long denseOps) {
        double[] sums = perStreamSums(input);
        double perStream = input.length() / (double) input.size(0);
        for (int i = 0; i < sops.length; i++) {
            sops[i] += sums[i] / perStream * denseOps;
        }
    }

    private static double[] perStreamSums(INDArray a) {
        float[] v = Floats.of(a);
        int b = (int) a.size(0);
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
