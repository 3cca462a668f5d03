package io.dvstream.cli;

import io.dvstream.jobs.inference.StepClassifier;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * A classifier that times every {@link #step} of its delegate, for {@code job bench}: the job runs
 * on a MiniCluster in this process, so every parallel instance (a deserialized copy) records into
 * the same JVM-wide {@link Recorder}.
 */
final class TimedClassifier<S> implements StepClassifier<S> {

    private static final long serialVersionUID = 1L;

    private final StepClassifier<S> delegate;

    TimedClassifier(StepClassifier<S> delegate) {
        this.delegate = delegate;
    }

    @Override
    public String modelId() {
        return delegate.modelId();
    }

    @Override
    public int inputWidth() {
        return delegate.inputWidth();
    }

    @Override
    public int inputHeight() {
        return delegate.inputHeight();
    }

    @Override
    public List<String> classNames() {
        return delegate.classNames();
    }

    @Override
    public void open() throws IOException {
        delegate.open();
    }

    @Override
    public S newState() {
        return delegate.newState();
    }

    @Override
    public Step step(float[] frame, S state) {
        long t0 = System.nanoTime();
        Step r = delegate.step(frame, state);
        long t1 = System.nanoTime();
        Recorder.INSTANCE.add(t0, t1);
        return r;
    }

    /** A batched step (inference.batch.max &gt; 1) counts as its streams' steps, each with an equal share of its time. */
    @Override
    public List<Step> stepBatch(List<float[]> frames, List<S> states) {
        long t0 = System.nanoTime();
        List<Step> r = delegate.stepBatch(frames, states);
        long t1 = System.nanoTime();
        Recorder.INSTANCE.add(t0, t1, frames.size());
        return r;
    }

    @Override
    public TypeSerializer<S> stateSerializer() {
        return delegate.stateSerializer();
    }

    /** Every step's duration and the wall span of all steps, across the operator instances of this JVM. */
    static final class Recorder {

        static final Recorder INSTANCE = new Recorder();

        private long[] nanos = new long[1 << 16];
        private int n;
        private long firstStart = Long.MAX_VALUE;
        private long lastEnd = Long.MIN_VALUE;

        synchronized void add(long startNanos, long endNanos) {
            add(startNanos, endNanos, 1);
        }

        /** {@code steps} steps done together from {@code startNanos} to {@code endNanos}: each gets an equal share. */
        synchronized void add(long startNanos, long endNanos, int steps) {
            for (int i = 0; i < steps; i++) {
                if (n == nanos.length) {
                    nanos = Arrays.copyOf(nanos, n * 2);
                }
                nanos[n++] = (endNanos - startNanos) / steps;
            }
            firstStart = Math.min(firstStart, startNanos);
            lastEnd = Math.max(lastEnd, endNanos);
        }

        synchronized void reset() {
            n = 0;
            firstStart = Long.MAX_VALUE;
            lastEnd = Long.MIN_VALUE;
        }

        /** Steps, steps per second of wall time from the first step's start to the last one's end, ms per step. */
        synchronized Summary summary() {
            long[] sorted = Arrays.copyOf(nanos, n);
            Arrays.sort(sorted);
            double spanS = n == 0 ? 0 : (lastEnd - firstStart) / 1e9;
            double total = 0;
            for (long v : sorted) {
                total += v;
            }
            return new Summary(n, spanS, n == 0 ? 0 : total / n / 1e6, rank(sorted, 0.50) / 1e6, rank(sorted, 0.99) / 1e6,
                    total / 1e9);
        }

        private static long rank(long[] sorted, double q) {
            return sorted.length == 0 ? 0 : sorted[Math.max(0, (int) Math.ceil(q * sorted.length) - 1)];
        }
    }

    /**
     * @param steps classifier steps
     * @param spanS wall seconds from the first step to the last
     * @param meanMs mean step time
     * @param p50Ms nearest-rank median
     * @param p99Ms nearest-rank 99th percentile
     * @param busyS summed step time (over all parallel instances)
     */
    record Summary(long steps, double spanS, double meanMs, double p50Ms, double p99Ms, double busyS) {
        double stepsPerSecond() {
            return spanS == 0 ? 0 : steps / spanS;
        }
    }
}
