package io.dvstream.model;

import io.dvstream.model.weights.Ds2taWeights;
import io.dvstream.model.weights.WeightContract;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The stem, spiking patch splitting (docs/ds2ta-spec.md section 4.1), one step:
 * <pre>
 *   s_0     = F(t)                                  [B, 2, H, W]   event counts
 *   s_{i+1} = MaxPool?( SN_i( Conv3_i(s_i) ) )      pool only where stemPool[i]
 *   rpe     = SN_rpe( Conv3_rpe(s_last) )           D -> D, relative position embedding
 *   X0(t)   = flatten(s_last + rpe)                 [B, D, N], token n = y * W_out + x
 * </pre>
 * Every size comes from the {@link ModelConfig}. Max-pool is kernel 3, stride 2, padding 1; its
 * input is always spikes (>= 0), so padding with 0 or with -inf gives the same maximum. Each LIF
 * membrane is kept at its layer's pre-pool resolution in a {@link State}.
 */
public final class SpikingPatchSplitting {

    private final ModelConfig config;
    private final List<ConvBn> stages;
    private final ConvBn rpe;
    private final Lif lif;

    /** The stem of {@code w}; its tensors are named {@code stem.{i}.*} and {@code rpe.*} (spec section 6). */
    public SpikingPatchSplitting(Ds2taWeights w) {
        this(w, Accumulation.DENSE);
    }

    /** As above, the convs accumulating as {@code accumulation} says. */
    public SpikingPatchSplitting(Ds2taWeights w, Accumulation accumulation) {
        Nd4jThreads.ensureConfigured();
        this.config = w.config().model();
        float eps = (float) config.bnEps();
        var list = new ArrayList<ConvBn>();
        for (int i = 0; i < config.stemStages(); i++) {
            list.add(new ConvBn(w, WeightContract.stemConv(i), WeightContract.stemBn(i), eps, accumulation));
        }
        this.stages = List.copyOf(list);
        this.rpe = new ConvBn(w, "rpe.conv.weight", "rpe.bn", eps, accumulation);
        this.lif = Lif.of(config);
    }

    /**
     * The stem's membranes: one per stage at that stage's pre-pool resolution
     * {@code [B, stemChannels[i], stemHeight(i), stemWidth(i)]}, and the rpe neuron's
     * {@code [B, D, H_out, W_out]}.
     */
    public record State(List<LifState> stages, LifState rpe) {

        public State {
            stages = List.copyOf(stages);
        }

        /** The resting state of {@code batch} streams. */
        public static State zeros(ModelConfig c, int batch) {
            var s = new ArrayList<LifState>();
            for (int i = 0; i < c.stemStages(); i++) {
                s.add(LifState.zeros(batch, c.stemChannels().get(i), c.stemHeight(i), c.stemWidth(i)));
            }
            return new State(s, LifState.zeros(batch, c.D(), c.stemOutHeight(), c.stemOutWidth()));
        }
    }

    /**
     * @param tokens {@code X0(t)}, {@code [B, D, N]}, values 0, 1 or 2
     * @param stageInputs per stage, the conv input {@code s_i} (frames for stage 0, pooled spikes after), and
     *     last the rpe conv's input {@code s_last}; kept for the synaptic-operation count (spec section 7)
     * @param stageSpikes per stage, the LIF spikes before the pool, {@code [B, C_i, H_i, W_i]}
     * @param rpeSpikes the rpe LIF spikes, {@code [B, D, H_out, W_out]}
     * @param state the state after this step
     */
    public record Output(INDArray tokens, List<INDArray> stageInputs, List<INDArray> stageSpikes, INDArray rpeSpikes, State state) {
    }

    /** One step of {@code B} streams: {@code frames [B, 2, H, W]} float32 event counts. */
    public Output step(INDArray frames, State state) {
        long b = frames.size(0);
        long[] expected = {b, 2, config.inputHeight(), config.inputWidth()};
        if (!Arrays.equals(frames.shape(), expected) || frames.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("frames must be FLOAT " + Arrays.toString(expected) + " [B, 2, H, W], got "
                    + frames.dataType() + " " + Arrays.toString(frames.shape()));
        }
        if (state.stages().size() != stages.size()) {
            throw new IllegalArgumentException("state has " + state.stages().size() + " stem stages, the model "
                    + stages.size());
        }
        int bb = (int) b;
        int s0 = stages.size();
        float[][] membranes = new float[s0 + 1][];
        for (int i = 0; i < s0; i++) {
            membranes[i] = state.stages().get(i).toFloatArray();
        }
        membranes[s0] = state.rpe().toFloatArray();
        var inputs = new ArrayList<float[]>();
        var spikes = new ArrayList<float[]>();
        float[] tokens = step(Floats.of(frames), bb, membranes, inputs, spikes);
        var inputT = new ArrayList<INDArray>();
        var spikeT = new ArrayList<INDArray>();
        var next = new ArrayList<LifState>();
        for (int i = 0; i <= s0; i++) {
            int c = i == 0 ? 2 : config.stemChannels().get(i - 1);
            inputT.add(Floats.tensor(inputs.get(i), b, c, config.stemHeight(i), config.stemWidth(i)));
        }
        for (int i = 0; i < s0; i++) {
            long[] shape = {b, config.stemChannels().get(i), config.stemHeight(i), config.stemWidth(i)};
            spikeT.add(Floats.tensor(spikes.get(i), shape));
            next.add(new LifState(Floats.tensor(membranes[i], shape)));
        }
        long[] rpeShape = {b, config.D(), config.stemOutHeight(), config.stemOutWidth()};
        return new Output(Floats.tensor(tokens, b, config.D(), config.N()), List.copyOf(inputT), List.copyOf(spikeT),
                Floats.tensor(spikes.get(s0), rpeShape), new State(next, new LifState(Floats.tensor(membranes[s0], rpeShape))));
    }

    /**
     * One step over flat row-major arrays, the form {@link Ds2ta} uses.
     *
     * @param frames {@code [b, 2, H, W]} event counts
     * @param membranes per stage {@code [b, C_i, H_i, W_i]}, then the rpe's {@code [b, D, H_out, W_out]}; updated in place
     * @param inputs receives each conv's input {@code s_i} (the frames first, the rpe's input last)
     * @param spikes receives each stage's spikes (pre-pool) and the rpe's
     * @return the tokens {@code X0(t) [b, D, N]}
     */
    public float[] step(float[] frames, int b, float[][] membranes, List<float[]> inputs, List<float[]> spikes) {
        float[] s = frames;                                                          // s_0 [b, 2, H, W]
        for (int i = 0; i < stages.size(); i++) {
            int h = config.stemHeight(i);
            int w = config.stemWidth(i);
            inputs.add(s);
            float[] o = lif.step(stages.get(i).apply(s, b, h, w), membranes[i]);     // SN_i(Conv3_i(s_i))
            spikes.add(o);
            s = config.stemPool().get(i) ? maxPool(o, b * config.stemChannels().get(i), h, w) : o;
        }
        inputs.add(s);
        int ho = config.stemOutHeight();
        int wo = config.stemOutWidth();
        float[] r = lif.step(rpe.apply(s, b, ho, wo), membranes[stages.size()]);      // SN_rpe(Conv3_rpe(s_last))
        spikes.add(r);
        float[] tokens = new float[s.length];                                        // s_last + rpe, [b, D, N]
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = s[i] + r[i];
        }
        return tokens;
    }

    /**
     * Max-pool kernel 3, stride 2, padding 1 over {@code planes} planes of h x w (spikes, so padding
     * never wins). Separable: the maxima of 3 along each row, then of 3 of those along each column,
     * 6 comparisons per output instead of 9 with per-pixel window bounds; a max is exact, so the
     * result is the same bit for bit (it took a quarter of a small-1-64 step before).
     */
    static float[] maxPool(float[] in, int planes, int h, int w) {
        int oh = ModelConfig.maxPoolOut(h);
        int ow = ModelConfig.maxPoolOut(w);
        float[] out = new float[planes * oh * ow];
        float[] rowMax = new float[h * ow];                                          // one plane, [h, ow]
        for (int p = 0; p < planes; p++) {
            int src = p * h * w;
            for (int y = 0; y < h; y++) {
                int row = src + y * w;
                int dst = y * ow;
                for (int x = 0; x < ow; x++) {
                    int c = row + 2 * x;                                                   // window centre
                    float m = in[c];
                    if (x > 0) {
                        m = Math.max(m, in[c - 1]);
                    }
                    if (2 * x + 1 < w) {
                        m = Math.max(m, in[c + 1]);
                    }
                    rowMax[dst + x] = m;
                }
            }
            int dst = p * oh * ow;
            for (int y = 0; y < oh; y++) {
                int centre = 2 * y * ow;
                boolean up = y > 0;
                boolean down = 2 * y + 1 < h;
                for (int x = 0; x < ow; x++) {
                    float m = rowMax[centre + x];
                    if (up) {
                        m = Math.max(m, rowMax[centre - ow + x]);
                    }
                    if (down) {
                        m = Math.max(m, rowMax[centre + ow + x]);
                    }
                    out[dst + y * ow + x] = m;
                }
            }
        }
        return out;
    }
}
