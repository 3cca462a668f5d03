/*
 * Simulator speed in seconds of camera time per CPU-second of the simulating thread, for a machine
 * too loaded for wall-clock figures (docs/simulator.md, "Speed and size"; issue 5 asks for at
 * least 10x real time for one DVS128 camera on one core). One DVS128 trial of all 11 classes per
 * lighting, default timing and noise, user 1, seed 1 (the trials of `simulate corpus --users 1
 * --seed 1`), events discarded; a first trial warms the JIT up and is not counted.
 *
 *   java -cp bench/target/benchmarks.jar bench/SimulatorCpuTime.java lab natural
 */
import io.dvstream.events.EventPacket;
import io.dvstream.ingest.sim.GestureSimulator;
import io.dvstream.ingest.sim.Lighting;
import io.dvstream.ingest.sim.TrialSpec;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

public class SimulatorCpuTime {

    public static void main(String[] args) {
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        simulate(TrialSpec.dvs128(2, Lighting.LAB, 1)); // warm-up, not counted
        for (String name : args) {
            TrialSpec trial = TrialSpec.dvs128(1, Lighting.parse(name), 1);
            long cpuStart = cpu.getCurrentThreadCpuTime();
            long wallStart = System.nanoTime();
            long[] r = simulate(trial);
            double cpuS = (cpu.getCurrentThreadCpuTime() - cpuStart) / 1e9;
            double wallS = (System.nanoTime() - wallStart) / 1e9;
            double cameraS = r[1] / 1e6;
            System.out.printf(Locale.ROOT, "%s: %,d events, %.1f s of camera time in %.1f CPU-s (%.1f wall-s): "
                            + "%.1fx real time per CPU-second, %,.0f events per CPU-second%n",
                    trial.name(), r[0], cameraS, cpuS, wallS, cameraS / cpuS, r[0] / cpuS);
        }
    }

    /** @return events and camera microseconds */
    private static long[] simulate(TrialSpec trial) {
        GestureSimulator sim = trial.simulator();
        EventPacket packet = sim.newPacket("cpu-time");
        long events = 0;
        while (!sim.finished()) {
            packet.clear();
            events += sim.advanceTo(sim.timeUs() + 10_000, packet);
        }
        return new long[] {events, sim.timeUs()};
    }
}
