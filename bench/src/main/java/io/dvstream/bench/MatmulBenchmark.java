package io.dvstream.bench;

import io.dvstream.model.Nd4jThreads;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
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
 * The machine's float32 matrix-product peak through ND4J/OpenBLAS, for the GFLOP/s comparison of
 * docs/benchmarks.md: one {@code [n, n] x [n, n]} product into a preallocated result,
 * {@code 2 n^3} FLOP per call.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@State(Scope.Thread)
public class MatmulBenchmark {

    @Param({"1024"})
    public int n;

    @Param({"1", "2"})
    public int threads;

    private INDArray a;
    private INDArray b;
    private INDArray c;

    @Setup(Level.Trial)
    public void setUp() {
        Nd4jThreads.set(threads);
        Nd4j.getRandom().setSeed(1);
        a = Nd4j.rand(DataType.FLOAT, n, n);
        b = Nd4j.rand(DataType.FLOAT, n, n);
        c = Nd4j.create(DataType.FLOAT, n, n);
    }

    @Benchmark
    public INDArray gemm() {
        return Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
    }
}
