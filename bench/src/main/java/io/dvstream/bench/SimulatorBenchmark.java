package io.dvstream.bench;

import io.dvstream.events.EventPacket;
import io.dvstream.ingest.gesture.GestureClass;
import io.dvstream.ingest.sim.GestureSimulator;
import io.dvstream.ingest.sim.Lighting;
import io.dvstream.ingest.sim.TrialSpec;
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

/**
 * The DVS simulator on one thread (docs/simulator.md): one invocation simulates one DVS128 trial of
 * a single 6 s gesture with its idle gaps, events into a reused packet, nothing written. Counters:
 * "events" is events generated per second, "cameraUs" camera microseconds per second (divide by
 * 1e6 for "times real time"; the target is >= 10).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class SimulatorBenchmark {

    @State(Scope.Thread)
    public static class Trial {
        @Param({"HAND_CLAP", "RIGHT_ARM_CLOCKWISE", "AIR_GUITAR"})
        public GestureClass gesture;

        @Param({"LAB", "NATURAL"})
        public Lighting lighting;

        TrialSpec spec;
        EventPacket packet;
        int seed;

        @Setup(Level.Trial)
        public void prepare() {
            spec = TrialSpec.dvs128(1, lighting, 1).withClasses(List.of(gesture));
        }
    }

    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counted {
        public long events;
        public long cameraUs;
    }

    @Benchmark
    public void simulateOneGesture(Trial t, Counted counted) {
        // a new seed each time: another performer and scene, as a corpus would have
        GestureSimulator sim = new TrialSpec(t.spec.sensor(), t.spec.user(), t.spec.lighting(), t.spec.classes(),
                t.spec.gestureS(), t.spec.gapS(), t.spec.pixels(), t.spec.stepUs(), t.seed++).simulator();
        if (t.packet == null) {
            t.packet = sim.newPacket("bench");
        }
        while (!sim.finished()) {
            t.packet.clear();
            sim.advanceTo(sim.timeUs() + 50_000, t.packet);
            counted.events += t.packet.size();
        }
        counted.cameraUs += sim.timeUs();
    }
}
