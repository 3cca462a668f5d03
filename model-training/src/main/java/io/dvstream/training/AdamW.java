package io.dvstream.training;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AdamW (decoupled weight decay; Loshchilov and Hutter), betas 0.9 / 0.999, eps 1e-8, as PyTorch's
 * {@code torch.optim.AdamW}. Weight decay applies to conv, linear and head weights only, not to
 * BatchNorm parameters, biases, TASA constants or NSAD tables (the usual exclusion of
 * one-dimensional tensors).
 */
public final class AdamW {

    static final double BETA1 = 0.9;
    static final double BETA2 = 0.999;
    static final double EPS = 1e-8;

    private final Map<String, Node> params;
    private final double weightDecay;
    final Map<String, double[]> m = new LinkedHashMap<>();
    final Map<String, double[]> v = new LinkedHashMap<>();
    long step;

    public AdamW(Map<String, Node> params, double weightDecay) {
        this.params = params;
        this.weightDecay = weightDecay;
        for (Map.Entry<String, Node> e : params.entrySet()) {
            m.put(e.getKey(), new double[e.getValue().size()]);
            v.put(e.getKey(), new double[e.getValue().size()]);
        }
    }

    static boolean decays(String name) {
        return name.endsWith(".weight") && !name.contains(".bn.");
    }

    /** One update with learning rate {@code lr} from the parameters' current gradients; {@code frozen} names are skipped. */
    public void step(double lr, java.util.Set<String> frozen) {
        step++;
        double c1 = 1 - Math.pow(BETA1, step);
        double c2 = 1 - Math.pow(BETA2, step);
        for (Map.Entry<String, Node> e : params.entrySet()) {
            String name = e.getKey();
            Node p = e.getValue();
            if (!p.hasGrad() || frozen.contains(name)) {
                continue;
            }
            double[] w = p.value();
            double[] g = p.grad();
            double[] mm = m.get(name);
            double[] vv = v.get(name);
            double decay = decays(name) ? lr * weightDecay : 0;
            for (int i = 0; i < w.length; i++) {
                mm[i] = BETA1 * mm[i] + (1 - BETA1) * g[i];
                vv[i] = BETA2 * vv[i] + (1 - BETA2) * g[i] * g[i];
                w[i] -= decay * w[i];
                w[i] -= lr * (mm[i] / c1) / (Math.sqrt(vv[i] / c2) + EPS);
            }
        }
    }

    public long steps() {
        return step;
    }
}
