package io.dvstream.model;

/**
 * Plain-Java reference of the LIF neuron of docs/ds2ta-spec.md section 3, written from the spec
 * with naive loops over a flat float array; owns its membrane.
 */
final class ScalarLif {

    private final float tau;
    private final float vth;
    final float[] v;

    ScalarLif(float tau, float vth, int size) {
        this.tau = tau;
        this.vth = vth;
        this.v = new float[size];
    }

    /** One step; returns the spikes S[t] and updates V. */
    float[] step(float[] x) {
        float[] s = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            float h = v[i] + (x[i] - v[i]) / tau;      // H[t] = V[t-1] + (X[t] - V[t-1]) / tau
            s[i] = (h - vth) >= 0f ? 1f : 0f;          // S[t] = Theta(H[t] - vth)
            v[i] = h * (1f - s[i]);                    // V[t] = H[t] (1 - S[t])
        }
        return s;
    }

    void reset() {
        java.util.Arrays.fill(v, 0f);
    }
}
