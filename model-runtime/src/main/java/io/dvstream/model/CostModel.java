package io.dvstream.model;

/**
 * Dense operation counts per step and stream of every synaptic layer (docs/ds2ta-spec.md section
 * 7), derived from the configuration. A conv counts {@code C_out * C_in * 9 * H * W}, a linear
 * {@code out * in * N}, the attention products {@code h * N^2 * d_h} each.
 *
 * <p>Which inputs are spikes: every layer but the first stem conv (event counts: MAC), the
 * product {@code A Vt} (both factors real-valued: MAC) and the head (a token mean: MAC). Inputs
 * that are spike <em>counts</em> (the tokens {@code X}, {@code X'}, up to a few spikes per entry)
 * count one SOP per spike, so {@code SOP = (sum of the input / its size) * dense_ops}.
 */
public final class CostModel {

    private final ModelConfig c;

    public CostModel(ModelConfig c) {
        this.c = c;
    }

    /** Dense ops of stem stage {@code i}'s conv. */
    public long stemConv(int i) {
        return (long) c.stemChannels().get(i) * c.stemInChannels(i) * 9 * c.stemHeight(i) * c.stemWidth(i);
    }

    /** Dense ops of the rpe conv. */
    public long rpeConv() {
        return (long) c.D() * c.D() * 9 * c.N();
    }

    /** Dense ops of one D x D linear (q, k, v or proj). */
    public long linearDD() {
        return (long) c.D() * c.D() * c.N();
    }

    /** Dense ops of fc1 (and of fc2). */
    public long mlpLinear() {
        return (long) c.hiddenDim() * c.D() * c.N();
    }

    /** Dense ops of one attention product ({@code Q K^T} or {@code A Vt}) over all heads. */
    public long attentionProduct() {
        return (long) c.heads() * c.N() * c.N() * c.headDim();
    }

    /** Dense ops of the head. */
    public long head() {
        return (long) c.numClasses() * c.D();
    }

    /** Dense multiply-accumulates per step of one stream, all layers. */
    public long denseMacs() {
        long stem = rpeConv();
        for (int i = 0; i < c.stemStages(); i++) {
            stem += stemConv(i);
        }
        long block = 4 * linearDD() + 2 * mlpLinear() + 2 * attentionProduct();
        return stem + c.blocks() * block + head();
    }
}
