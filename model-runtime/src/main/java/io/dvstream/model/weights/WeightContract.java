package io.dvstream.model.weights;

import io.dvstream.model.ModelConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tensor naming contract of docs/ds2ta-spec.md section 6: for a configuration, every tensor
 * name a weight file must hold and its shape, in the spec's order. This table is the single
 * mapping between checkpoint keys and the runtime; loading and saving both go through it.
 */
public final class WeightContract {

    /** The four per-channel BatchNorm tensors, in the order PyTorch saves them. */
    public static final List<String> BN_PARTS = List.of("weight", "bias", "running_mean", "running_var");

    private WeightContract() {
    }

    /** Every tensor name with its shape, in spec order. */
    public static Map<String, long[]> expectedShapes(ModelConfig c) {
        var m = new LinkedHashMap<String, long[]>();
        long d = c.D();
        for (int i = 0; i < c.stemStages(); i++) {
            long out = c.stemChannels().get(i);
            m.put(stemConv(i), new long[] {out, c.stemInChannels(i), 3, 3});
            bn(m, "stem." + i + ".bn", out);
        }
        m.put("rpe.conv.weight", new long[] {d, d, 3, 3});
        bn(m, "rpe.bn", d);
        long hidden = c.hiddenDim();
        for (int l = 0; l < c.blocks(); l++) {
            String a = "blocks." + l + ".attn.";
            for (String p : List.of("q", "k", "v")) {
                m.put(a + p + ".weight", new long[] {d, d});
                bn(m, a + p + ".bn", d);
            }
            for (String p : List.of("q", "k", "v", "a")) {
                m.put(a + "tau_" + p, new long[] {1});
            }
            m.put(a + "nsad.lut", new long[] {c.heads(), c.headDim() + 1});
            m.put(a + "proj.weight", new long[] {d, d});
            m.put(a + "proj.bias", new long[] {d});
            bn(m, a + "proj.bn", d);
            String f = "blocks." + l + ".mlp.";
            m.put(f + "fc1.weight", new long[] {hidden, d});
            m.put(f + "fc1.bias", new long[] {hidden});
            bn(m, f + "fc1.bn", hidden);
            m.put(f + "fc2.weight", new long[] {d, hidden});
            m.put(f + "fc2.bias", new long[] {d});
            bn(m, f + "fc2.bn", d);
        }
        m.put("head.weight", new long[] {c.numClasses(), d});
        m.put("head.bias", new long[] {c.numClasses()});
        return Collections.unmodifiableMap(m);
    }

    /** {@code stem.{i}.conv.weight}. */
    public static String stemConv(int i) {
        return "stem." + i + ".conv.weight";
    }

    /** {@code stem.{i}.bn}: prefix of the stage's BatchNorm tensors. */
    public static String stemBn(int i) {
        return "stem." + i + ".bn";
    }

    private static void bn(Map<String, long[]> m, String prefix, long channels) {
        for (String p : BN_PARTS) {
            m.put(prefix + "." + p, new long[] {channels});
        }
    }
}
