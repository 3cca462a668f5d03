package io.dvstream.training;

import io.dvstream.model.ModelConfig;
import io.dvstream.model.weights.Ds2taWeights;
import io.dvstream.model.weights.WeightContract;
import io.dvstream.model.weights.WeightFileConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * DS2TA as a differentiable graph over a whole window (docs/ds2ta-spec.md sections 3 and 4): in
 * clip mode every LIF membrane and TASA history starts at zero for each sample, in stream mode at
 * the {@link StreamState} the previous window of the same stream ended with. The equations are the
 * runtime's ({@code io.dvstream.model}); the evaluation order differs: the runtime steps one frame
 * through all layers, this graph runs each layer over all T steps before the next layer, which is
 * the same function because no state crosses layers, and lets BatchNorm take statistics over all
 * steps and samples in training mode.
 *
 * <p>Parameters carry the spec's tensor names (section 6) so that {@link #toWeights} is a plain copy;
 * the only reparametrised ones are the TASA constants, held as {@code rho} with
 * {@code tau = 0.25 + softplus(rho)} and written as the effective tau.
 */
public final class TrainableDs2ta {

    private final ModelConfig c;
    private final Map<String, Node> params = new LinkedHashMap<>();
    private final List<BatchNormLayer> norms = new ArrayList<>();

    /** Fresh parameters: PyTorch's defaults (conv/linear uniform +-1/sqrt(fan_in), BN 1/0, running 0/1), tau = tauInit, LUT[v] = 0.125 v. */
    public TrainableDs2ta(ModelConfig config, long seed) {
        this.c = config;
        var rnd = new SplittableRandom(seed);
        for (Map.Entry<String, long[]> e : WeightContract.expectedShapes(config).entrySet()) {
            String name = e.getKey();
            long[] shape = e.getValue();
            int size = 1;
            for (long s : shape) {
                size = Math.multiplyExact(size, (int) s);
            }
            if (name.contains(".bn.")) {
                String prefix = name.substring(0, name.lastIndexOf('.'));
                if (name.endsWith(".bn.weight")) {
                    var bn = new BatchNormLayer(prefix, size, config.bnEps());
                    norms.add(bn);
                    params.put(prefix + ".weight", bn.gamma);
                    params.put(prefix + ".bias", bn.beta);
                }
                continue;
            }
            double[] v = new double[size];
            if (name.contains(".attn.tau_")) {
                v[0] = TasaLayer.rho(config.tauInit());
                params.put(name.replace(".tau_", ".rho_"), new Node(v));
                continue;
            }
            if (name.endsWith(".nsad.lut")) {
                int width = config.headDim() + 1;
                for (int i = 0; i < size; i++) {
                    v[i] = SpikingAttentionLayer.PLAIN_SCALE * (i % width);
                }
            } else if (!name.endsWith(".bias")) {
                long fanIn = 1;
                for (int i = 1; i < shape.length; i++) {
                    fanIn *= shape[i];
                }
                double bound = 1 / Math.sqrt(fanIn);
                for (int i = 0; i < size; i++) {
                    v[i] = bound * (2 * rnd.nextDouble() - 1);
                }
            }
            params.put(name, new Node(v));
        }
    }

    /** Parameters and running statistics from a weight file's tensors (resume, fine-tuning, tests). */
    public static TrainableDs2ta of(Ds2taWeights w) {
        var m = new TrainableDs2ta(w.config().model(), 0);
        m.load(w);
        return m;
    }

    /** Overwrites every parameter and running statistic with {@code w}'s (same configuration). */
    public void load(Ds2taWeights w) {
        if (!w.config().model().equals(c)) {
            throw new IllegalArgumentException("weights of another configuration: " + w.config().model() + " vs " + c);
        }
        for (Map.Entry<String, Node> e : params.entrySet()) {
            String name = e.getKey();
            double[] dst = e.getValue().value();
            if (name.contains(".attn.rho_")) {
                dst[0] = TasaLayer.rho(w.get(name.replace(".rho_", ".tau_"))[0]);
            } else {
                copy(w.get(name), dst);
            }
        }
        for (BatchNormLayer bn : norms) {
            copy(w.get(bn.prefix + ".running_mean"), bn.runningMean);
            copy(w.get(bn.prefix + ".running_var"), bn.runningVar);
        }
    }

    private static void copy(float[] src, double[] dst) {
        for (int i = 0; i < dst.length; i++) {
            dst[i] = src[i];
        }
    }

    public ModelConfig config() {
        return c;
    }

    /** The trainable tensors by name ({@code rho_*} instead of {@code tau_*}), in spec order. */
    public Map<String, Node> parameters() {
        return java.util.Collections.unmodifiableMap(params);
    }

    /** The BatchNorm layers (their running statistics are state, not parameters). */
    List<BatchNormLayer> norms() {
        return norms;
    }

    /** The effective TASA constant of a stage, e.g. {@code blocks.0.attn.tau_q}. */
    public double tau(String name) {
        return TasaLayer.tau(params.get(name.replace(".tau_", ".rho_")).value()[0]);
    }

    /** A weight file's tensors (float32, effective tau) with {@code meta}'s streaming settings. */
    public Ds2taWeights toWeights(WeightFileConfig meta) {
        if (!meta.model().equals(c)) {
            throw new IllegalArgumentException("metadata of another configuration");
        }
        var out = new LinkedHashMap<String, float[]>();
        for (Map.Entry<String, Node> e : params.entrySet()) {
            String name = e.getKey();
            if (name.contains(".attn.rho_")) {
                out.put(name.replace(".rho_", ".tau_"), new float[] {(float) TasaLayer.tau(e.getValue().value()[0])});
            } else {
                out.put(name, floats(e.getValue().value()));
            }
        }
        for (BatchNormLayer bn : norms) {
            out.put(bn.prefix + ".running_mean", floats(bn.runningMean));
            out.put(bn.prefix + ".running_var", floats(bn.runningVar));
        }
        return new Ds2taWeights(meta, out);
    }

    private static float[] floats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    /** How a forward pass runs. */
    public record Mode(boolean training, boolean updateStats, SpikeFunction spike, boolean detachReset) {

        /** Training: batch statistics (and update them), Heaviside spikes with the sigmoid surrogate, detached reset. */
        public static Mode train() {
            return new Mode(true, true, SpikeFunction.surrogate(), true);
        }

        /** Inference: running statistics, Heaviside spikes: the function the runtime computes. */
        public static Mode eval() {
            return new Mode(false, false, SpikeFunction.surrogate(), true);
        }
    }

    /**
     * The window logits {@code [B, numClasses]} (mean over steps of the per-step logits), the tape to
     * differentiate them, and the state after the window's last step (what the next window of the
     * same streams starts from in stream mode).
     */
    public record Forward(Node logits, Tape tape, StreamState state) {
    }

    /**
     * The forward pass of {@code b} samples of T frames each: {@code frames[i][t]} is sample i's
     * frame t, {@code [2, inputHeight, inputWidth]} event counts.
     */
    public Forward forward(double[][][] frames, Mode mode) {
        return forward(frames, mode, null);
    }

    /**
     * The forward pass of one window of {@code b} streams that continues from {@code carried}, the
     * state the previous window of the same streams ended with (null: zero state, clip mode). The
     * carried state is a constant: the backward pass stops at the window border (truncated BPTT,
     * spec section 5).
     */
    public Forward forward(double[][][] frames, Mode mode, StreamState carried) {
        int b = frames.length;
        int t = c.T();
        int frameSize = 2 * c.inputHeight() * c.inputWidth();
        double[] x0 = new double[t * b * frameSize];
        for (int i = 0; i < b; i++) {
            if (frames[i].length != t) {
                throw new IllegalArgumentException("sample " + i + " has " + frames[i].length + " frames, the model needs T = " + t);
            }
            for (int s = 0; s < t; s++) {
                if (frames[i][s].length != frameSize) {
                    throw new IllegalArgumentException("sample " + i + " frame " + s + " has " + frames[i][s].length
                            + " values, the model needs " + frameSize);
                }
                System.arraycopy(frames[i][s], 0, x0, (s * b + i) * frameSize, frameSize);
            }
        }
        var tape = new Tape();
        var state = new StreamState.Cursor(carried, b);
        int m = t * b;
        Node s = new Node(x0);
        for (int i = 0; i < c.stemStages(); i++) {                               // s_{i+1} = MaxPool?(SN_i(Conv3_i(s_i)))
            int h = c.stemHeight(i);
            int w = c.stemWidth(i);
            int ch = c.stemChannels().get(i);
            Node z = Conv3.apply(tape, s, p("stem." + i + ".conv.weight"), m, c.stemInChannels(i), ch, h, w);
            z = bn("stem." + i + ".bn").apply(tape, z, m, h * w, mode.training(), mode.updateStats());
            Node sp = lif(tape, z, c.vth(), mode, state);
            s = c.stemPool().get(i) ? MaxPool.apply(tape, sp, m * ch, h, w) : sp;
        }
        int d = c.D();
        int n = c.N();
        Node r = Conv3.apply(tape, s, p("rpe.conv.weight"), m, d, d, c.stemOutHeight(), c.stemOutWidth());
        r = bn("rpe.bn").apply(tape, r, m, n, mode.training(), mode.updateStats());
        Node x = tape.add(s, lif(tape, r, c.vth(), mode, state));                // X0 = s_last + SN_rpe(Conv3_rpe(s_last))
        for (int l = 0; l < c.blocks(); l++) {
            x = block(tape, x, l, m, mode, state);
        }
        return new Forward(head(tape, x, b, m), tape, state.state());
    }

    private Node block(Tape tape, Node x, int l, int m, Mode mode, StreamState.Cursor state) {
        String a = "blocks." + l + ".attn.";
        int d = c.D();
        int n = c.N();
        boolean linear = c.decay() == ModelConfig.Decay.LINEAR;
        Node[] spikes = new Node[3];
        String[] names = {"q", "k", "v"};
        for (int i = 0; i < 3; i++) {                                            // P = SN_P(BN_P(Gamma_tau_P[W_P X]))
            Node z = PointwiseLinear.apply(tape, x, p(a + names[i] + ".weight"), null, m, d, d, n);
            Node g = tasa(tape, z, p(a + "rho_" + names[i]), linear, state);
            g = bn(a + names[i] + ".bn").apply(tape, g, m, n, mode.training(), mode.updateStats());
            spikes[i] = lif(tape, g, c.vth(), mode, state);
        }
        Node vt = tasa(tape, spikes[2], p(a + "rho_a"), linear, state);          // Vt = Gamma_tau_a[V]
        Node u = SpikingAttentionLayer.apply(tape, spikes[0], spikes[1], vt,
                c.nsad() ? p(a + "nsad.lut") : null, m, d, n, c.heads());
        Node att = lif(tape, u, c.vthAttn(), mode, state);                       // Att = SN_attn(U)
        Node o = PointwiseLinear.apply(tape, att, p(a + "proj.weight"), p(a + "proj.bias"), m, d, d, n);
        o = bn(a + "proj.bn").apply(tape, o, m, n, mode.training(), mode.updateStats());
        Node xp = tape.add(x, lif(tape, o, c.vth(), mode, state));               // X' = X + O
        String f = "blocks." + l + ".mlp.";
        int hid = c.hiddenDim();
        Node h1 = PointwiseLinear.apply(tape, xp, p(f + "fc1.weight"), p(f + "fc1.bias"), m, d, hid, n);
        h1 = lif(tape, bn(f + "fc1.bn").apply(tape, h1, m, n, mode.training(), mode.updateStats()), c.vth(), mode, state);
        Node h2 = PointwiseLinear.apply(tape, h1, p(f + "fc2.weight"), p(f + "fc2.bias"), m, hid, d, n);
        h2 = lif(tape, bn(f + "fc2.bn").apply(tape, h2, m, n, mode.training(), mode.updateStats()), c.vth(), mode, state);
        return tape.add(xp, h2);                                                 // X_out = X' + H2
    }

    /** {@code z = mean_t (W_h mean_n X_L(t) + b_h)}, {@code [B, K]}. */
    private Node head(Tape tape, Node x, int b, int m) {
        int d = c.D();
        int n = c.N();
        int k = c.numClasses();
        int t = c.T();
        Node w = p("head.weight");
        Node bias = p("head.bias");
        double[] xv = x.value();
        double[] g = new double[b * d];                                          // mean over steps and tokens
        for (int s = 0; s < t; s++) {
            for (int i = 0; i < b; i++) {
                for (int ch = 0; ch < d; ch++) {
                    double acc = 0;
                    for (int j = ((s * b + i) * d + ch) * n, e = j + n; j < e; j++) {
                        acc += xv[j];
                    }
                    g[i * d + ch] += acc / ((double) n * t);
                }
            }
        }
        double[] z = new double[b * k];
        double[] wv = w.value();
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < k; j++) {
                double acc = bias.value()[j];
                for (int ch = 0; ch < d; ch++) {
                    acc += wv[j * d + ch] * g[i * d + ch];
                }
                z[i * k + j] = acc;
            }
        }
        Node o = new Node(z);
        tape.record(() -> {
            if (!o.hasGrad()) {
                return;
            }
            double[] gz = o.grad();
            double[] gw = w.grad();
            double[] gb = bias.grad();
            double[] gg = new double[b * d];
            for (int i = 0; i < b; i++) {
                for (int j = 0; j < k; j++) {
                    double gij = gz[i * k + j];
                    gb[j] += gij;
                    for (int ch = 0; ch < d; ch++) {
                        gw[j * d + ch] += gij * g[i * d + ch];
                        gg[i * d + ch] += gij * wv[j * d + ch];
                    }
                }
            }
            double[] gx = x.grad();
            double scale = 1.0 / ((double) n * t);
            for (int s = 0; s < t; s++) {
                for (int i = 0; i < b; i++) {
                    for (int ch = 0; ch < d; ch++) {
                        double v = gg[i * d + ch] * scale;
                        for (int j = ((s * b + i) * d + ch) * n, e = j + n; j < e; j++) {
                            gx[j] += v;
                        }
                    }
                }
            }
        });
        return o;
    }

    private Node lif(Tape tape, Node x, double vth, Mode mode, StreamState.Cursor state) {
        double[] v = state.membrane(x.size() / c.T());
        return LifLayer.apply(tape, x, c.T(), c.lifTau(), vth, mode.spike(), mode.detachReset(), v);
    }

    private Node tasa(Tape tape, Node x, Node rho, boolean linear, StreamState.Cursor state) {
        double[][] history = state.history();
        Node y = TasaLayer.apply(tape, x, rho, c.T(), c.taw(), linear, history);
        state.endHistory(TasaLayer.nextHistory(x.value(), history, c.T(), c.taw()));
        return y;
    }

    private Node p(String name) {
        Node n = params.get(name);
        if (n == null) {
            throw new IllegalStateException("no parameter " + name);
        }
        return n;
    }

    private BatchNormLayer bn(String prefix) {
        for (BatchNormLayer b : norms) {
            if (b.prefix.equals(prefix)) {
                return b;
            }
        }
        throw new IllegalStateException("no BatchNorm " + prefix);
    }
}
