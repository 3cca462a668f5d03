package io.dvstream.model;

import io.dvstream.model.weights.Ds2taWeights;
import io.dvstream.model.weights.WeightContract;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
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

    private static final Pooling2DConfig POOL = Pooling2DConfig.builder()
            .kH(3).kW(3).sH(2).sW(2).pH(1).pW(1).dH(1).dW(1)
            .paddingMode(PaddingMode.VALID)   // explicit padding pH = pW = 1
            .isNHWC(false)
            .build();

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
        INDArray s = frames;                                         // s_0 [B, 2, H, W]
        var spikes = new ArrayList<INDArray>();
        var inputs = new ArrayList<INDArray>();
        var next = new ArrayList<LifState>();
        for (int i = 0; i < stages.size(); i++) {
            inputs.add(s);
            INDArray x = stages.get(i).apply(s);                     // [B, C_i, H_i, W_i]
            Lif.Output o = lif.step(x, state.stages().get(i));
            spikes.add(o.spikes());
            next.add(o.state());
            s = config.stemPool().get(i)
                    ? Nd4j.cnn().maxPooling2d(o.spikes(), POOL)      // [B, C_i, H_{i+1}, W_{i+1}]
                    : o.spikes();
        }
        inputs.add(s);
        Lif.Output r = lif.step(rpe.apply(s), state.rpe());         // [B, D, H_out, W_out]
        INDArray tokens = s.add(r.spikes())                          // s_last + rpe
                .reshape('c', b, config.D(), config.N());            // [B, D, N], n = y * W_out + x
        return new Output(tokens, List.copyOf(inputs), List.copyOf(spikes), r.spikes(), new State(next, r.state()));
    }
}
