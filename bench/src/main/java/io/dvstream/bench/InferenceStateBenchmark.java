package io.dvstream.bench;

import io.dvstream.model.Ds2ta;
import io.dvstream.model.Ds2taState;
import io.dvstream.model.ModelConfig;
import io.dvstream.model.Nd4jThreads;
import io.dvstream.model.StepResult;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the gesture job's inference operator pays per frame for the camera's DS2TA state, ms per
 * step, one stream, AUTO accumulation, 1 ND4J thread, seeded random weights (synthetic) on
 * synthetic frames of density 0.05 (as {@link ModelBenchmark}):
 *
 * <ul>
 *   <li>{@code LIVE}: the state object advanced in place, as the operator does now (the heap
 *       backend stores the reference; the serializer runs at checkpoints only);</li>
 *   <li>{@code BYTES}: what the operator did before: {@code Ds2taState.fromBytes}, the step, then
 *       {@code toBytes} (557,164 bytes each way for small-1-64, 6.4 MB for gesture-2-256), the old
 *       {@code Ds2taClassifier.step} line for line;</li>
 *   <li>{@code BYTES_ONLY}: the {@code fromBytes} + {@code toBytes} round trip alone, no step: the
 *       part of {@code BYTES} that the live state removed, measured on its own because on a shared
 *       machine the difference of two noisy step times says little.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
@State(Scope.Thread)
public class InferenceStateBenchmark {

    @Param({"small-1-64", "gesture-2-256"})
    public String config;

    @Param({"LIVE", "BYTES", "BYTES_ONLY"})
    public String state;

    private Ds2ta model;
    private Ds2taState live;
    private byte[] bytes;
    private List<float[]> cycle;
    private int next;

    @Setup
    public void setUp() {
        Nd4jThreads.set(1);
        ModelConfig c = ModelConfig.preset(config);
        model = Ds2ta.random(c, 1);
        var rnd = new SplittableRandom(2);
        cycle = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            float[] f = new float[2 * c.inputHeight() * c.inputWidth()];
            for (int j = 0; j < f.length; j++) {
                f[j] = rnd.nextDouble() < 0.05 ? 1 + rnd.nextInt(3) : 0;
            }
            cycle.add(f);
        }
        live = model.newState();
        bytes = live.toBytes();
    }

    @Benchmark
    public float[] step() {
        float[] frame = cycle.get(next++ & 31);
        if (state.equals("LIVE")) {
            return model.step(frame, live).logits();
        }
        if (state.equals("BYTES_ONLY")) {
            bytes = Ds2taState.fromBytes(model.config(), bytes).toBytes();
            return frame;
        }
        Ds2taState s = Ds2taState.fromBytes(model.config(), bytes);
        StepResult r = model.step(frame, s);
        bytes = s.toBytes();
        return r.logits();
    }
}
