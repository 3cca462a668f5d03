package io.dvstream.bench;

import io.dvstream.model.Accumulation;
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
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One DS2TA step of B streams in carry mode ({@code Ds2ta.step(List, List)}), milliseconds per
 * call, with seeded random weights (synthetic, untrained) on synthetic event frames: each pixel
 * and polarity holds 1..3 events with probability {@code eventDensity}, a fresh frame per stream
 * and step from a cycle of 32. The measured firing rate is printed at setup and at tear-down.
 * ND4J threads are set per fork; the event-driven path itself runs on the calling thread.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
@State(Scope.Thread)
public class ModelBenchmark {

    @Param({"small-1-64", "gesture-2-256"})
    public String config;

    @Param({"1", "16"})
    public int batch;

    @Param({"DENSE", "SPARSE", "AUTO"})
    public String accumulation;

    @Param({"1", "2"})
    public int threads;

    @Param({"0.05"})
    public double eventDensity;

    private Ds2ta model;
    private List<Ds2taState> states;
    private List<float[]> cycle;
    private int next;
    private double rateSum;
    private long steps;

    @Setup(Level.Trial)
    public void setUp() {
        Nd4jThreads.set(threads);
        ModelConfig c = ModelConfig.preset(config);
        model = Ds2ta.random(c, 1).withAccumulation(Accumulation.valueOf(accumulation));
        var rnd = new SplittableRandom(2);
        cycle = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            float[] f = new float[2 * c.inputHeight() * c.inputWidth()];
            for (int j = 0; j < f.length; j++) {
                f[j] = rnd.nextDouble() < eventDensity ? 1 + rnd.nextInt(3) : 0;
            }
            cycle.add(f);
        }
        states = new ArrayList<>();
        for (int b = 0; b < batch; b++) {
            states.add(model.newState());
        }
        for (int t = 0; t < 5; t++) {   // leave the resting state
            step();
        }
        System.out.printf("%n%s batch %d %s threads %d: firing rate after 5 steps %.4f%n", config, batch, accumulation,
                threads, rateSum / steps);
    }

    @Benchmark
    public List<StepResult> step() {
        var frames = new ArrayList<float[]>(batch);
        for (int b = 0; b < batch; b++) {
            frames.add(cycle.get(next++ % cycle.size()));
        }
        List<StepResult> r = model.step(frames, states);
        rateSum += r.get(0).firingRate();
        steps++;
        return r;
    }
}
