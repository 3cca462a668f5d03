package io.dvstream.training;

import java.util.ArrayList;
import java.util.List;

/**
 * The state a batch of streams carries from one window of the training graph to the next (spec
 * section 5): the membrane of every LIF layer and the last W-1 inputs of every TASA stage, as plain
 * values. Plain arrays, not graph {@link Node}s, is what detaches the window border: the next
 * window's tape cannot reach the previous window's ops, so no gradient crosses it.
 *
 * @param batch streams in the batch (the state is only valid for a batch of the same size and order)
 * @param membranes {@code V} of every LIF layer in forward order, each {@code [B * C * P]}
 * @param histories every TASA stage's carried inputs in forward order, {@code [W-1][B * C * P]},
 *                  most recent first (the runtime's layout)
 */
public record StreamState(int batch, List<double[]> membranes, List<double[][]> histories) {

    public StreamState {
        membranes = List.copyOf(membranes);
        histories = List.copyOf(histories);
    }

    /** Collects the state while a forward pass runs and hands out the carried one layer by layer. */
    static final class Cursor {
        private final StreamState in;
        private final int batch;
        private final List<double[]> membranes = new ArrayList<>();
        private final List<double[][]> histories = new ArrayList<>();

        Cursor(StreamState in, int batch) {
            if (in != null && in.batch() != batch) {
                throw new IllegalArgumentException("carried state is for " + in.batch() + " streams, the batch has "
                        + batch);
            }
            this.in = in;
            this.batch = batch;
        }

        /** A copy of the next LIF layer's carried membrane (zeros without carried state); the layer updates it in place. */
        double[] membrane(int size) {
            int i = membranes.size();
            double[] v;
            if (in == null) {
                v = new double[size];
            } else {
                if (i >= in.membranes().size() || in.membranes().get(i).length != size) {
                    throw new IllegalArgumentException("carried state does not fit LIF layer " + i);
                }
                v = in.membranes().get(i).clone();
            }
            membranes.add(v);
            return v;
        }

        /** The next TASA stage's carried inputs (null without carried state: zeros). */
        double[][] history() {
            int i = histories.size();
            if (in == null) {
                return null;
            }
            if (i >= in.histories().size()) {
                throw new IllegalArgumentException("carried state has no TASA stage " + i);
            }
            return in.histories().get(i);
        }

        /** Records the inputs the next window's stage starts from (call in the order of {@link #history()}). */
        void endHistory(double[][] next) {
            histories.add(next);
        }

        StreamState state() {
            return new StreamState(batch, membranes, histories);
        }
    }
}
