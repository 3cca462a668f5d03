package io.dvstream.training;

import java.util.ArrayList;
import java.util.List;

/**
 * The record of one forward pass: every op appends the closure that maps its output's gradient to
 * its inputs' gradients (adding, never assigning, so a value used twice gets both contributions).
 * {@link #backward()} runs them in reverse order: reverse-mode differentiation over the whole
 * window, i.e. backpropagation through time, because the ops themselves run over all T steps.
 */
public final class Tape {

    private final List<Runnable> steps = new ArrayList<>();

    void record(Runnable backward) {
        steps.add(backward);
    }

    /** Runs the recorded backward steps, last op first. The tape can be used only once. */
    public void backward() {
        for (int i = steps.size() - 1; i >= 0; i--) {
            steps.get(i).run();
        }
        steps.clear();
    }

    /** {@code a + b}, elementwise. */
    public Node add(Node a, Node b) {
        double[] x = a.value();
        double[] y = b.value();
        double[] out = new double[x.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = x[i] + y[i];
        }
        Node o = new Node(out);
        record(() -> {
            if (!o.hasGrad()) {
                return;
            }
            double[] g = o.grad();
            double[] ga = a.grad();
            double[] gb = b.grad();
            for (int i = 0; i < g.length; i++) {
                ga[i] += g[i];
                gb[i] += g[i];
            }
        });
        return o;
    }
}
