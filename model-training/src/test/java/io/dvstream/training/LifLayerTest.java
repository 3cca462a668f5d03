package io.dvstream.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * The training LIF against a hand computation of spec section 3 for one neuron over two steps:
 * Heaviside forward, sigmoid surrogate (alpha = 4) backward, reset detached or not. (The gradient
 * check runs with the reset attached; this is where the detachment itself is pinned.)
 */
class LifLayerTest {

    private static double surrogate(double x) {
        double s = 1 / (1 + Math.exp(-4 * x));
        return 4 * s * (1 - s);
    }

    private static double[] run(boolean detach) {
        var tape = new Tape();
        Node x = new Node(new double[] {2.5, 0.5});
        Node s = LifLayer.apply(tape, x, 2, 2.0, 1.0, SpikeFunction.surrogate(), detach);
        assertThat(s.value()).containsExactly(1.0, 0.0);               // H0 = 1.25 fires, reset; H1 = 0.25
        s.grad()[0] = 1;                                                // loss = S0 + S1
        s.grad()[1] = 1;
        tape.backward();
        return x.grad();
    }

    @Test
    void detachedResetDropsTheResetPathOnly() {
        double d1 = surrogate(0.25 - 1);
        double d0 = surrogate(1.25 - 1);
        double gh1 = d1;
        double gv0 = gh1 * (1 - 0.5);
        double[] g = run(true);
        assertThat(g[1]).isCloseTo(gh1 / 2, within(1e-12));
        assertThat(g[0]).isCloseTo(d0 / 2, within(1e-12));                            // (1 - S0) = 0 and no reset term
        double[] attached = run(false);
        assertThat(attached[0]).isCloseTo((d0 - gv0 * 1.25 * d0) / 2, within(1e-12));  // dV0/dH0 = (1 - S0) - H0 f'
        assertThat(attached[0]).isNotCloseTo(g[0], within(1e-6));
    }
}
