package io.dvstream.bench;

import io.dvstream.events.EventPacket;
import io.dvstream.events.binning.BinningConfig;
import io.dvstream.events.binning.Frame;
import io.dvstream.events.binning.FrameBinner;
import io.dvstream.events.binning.FrameListener;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Causal binning of a real recording into [2, 128, 128] count frames, every frame handed to a
 * listener (empty ones included), as the Flink job does. "events" is events per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class BinningBenchmark {

    @State(Scope.Benchmark)
    public static class Data {
        @Param({"dvs128_alex_walking_again.aedat", "davis240c_IMU_translBoxes.aedat"})
        public String recording;

        @Param({"10000"})
        public long binWidthUs;

        List<EventPacket> packets;
        long events;

        @Setup(Level.Trial)
        public void load() {
            packets = RecordingFixture.packets(recording, 10_000);
            events = packets.stream().mapToLong(EventPacket::size).sum();
        }
    }

    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Events {
        public long events;
    }

    @Benchmark
    public void bin(Data data, Events counted, Blackhole bh) {
        FrameBinner binner = new FrameBinner(BinningConfig.of(data.binWidthUs, 128, 128), data.packets.get(0).sensor());
        FrameListener sink = new FrameListener() {
            @Override
            public void onFrame(Frame frame) {
                bh.consume(frame.eventCount());
            }
        };
        for (EventPacket p : data.packets) {
            binner.accept(p, sink);
        }
        counted.events += data.events;
    }
}
