/*
 * Reader decode speed in events per CPU-second of the reading thread, for a machine too loaded
 * for JMH's wall-clock figures (docs/benchmarks.md). Same work as ReaderBenchmark.read: open the
 * file, pull every packet. Warm-up passes first, then the best of several timed rounds.
 *
 *   java -cp bench/target/benchmarks.jar bench/ReaderCpuTime.java 10ms ../shared/recordings/dvs128_alex_walking_again.aedat
 *   (packets: 10ms = replay's packets, 8192 = by count only)
 */
import io.dvstream.events.EventPacket;
import io.dvstream.ingest.PacketLimits;
import io.dvstream.ingest.aedat.ReaderOptions;
import io.dvstream.ingest.aedat.RecordingReader;
import io.dvstream.ingest.aedat.Recordings;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Locale;

public class ReaderCpuTime {

    public static void main(String[] args) throws Exception {
        ReaderOptions options = switch (args[0]) {
            case "10ms" -> ReaderOptions.DEFAULTS;
            case "8192" -> ReaderOptions.DEFAULTS.withLimits(PacketLimits.ofEvents(8_192));
            default -> throw new IllegalArgumentException("packets must be 10ms or 8192, was " + args[0]);
        };
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        for (int a = 1; a < args.length; a++) {
            Path file = Path.of(args[a]);
            long events = 0;
            for (int i = 0; i < 2_000; i++) { // warm-up: let the JIT compile the decode loops
                events = pass(file, options);
            }
            double best = 0;
            for (int round = 0; round < 5; round++) {
                int passes = 500;
                long start = cpu.getCurrentThreadCpuTime();
                for (int i = 0; i < passes; i++) {
                    pass(file, options);
                }
                double seconds = (cpu.getCurrentThreadCpuTime() - start) / 1e9;
                best = Math.max(best, passes * events / seconds);
            }
            System.out.printf(Locale.ROOT, "%s packets=%s: %,d events/pass, best of 5 rounds: %.1f M events per CPU-second%n",
                    file.getFileName(), args[0], events, best / 1e6);
        }
    }

    private static long pass(Path file, ReaderOptions options) throws Exception {
        long n = 0;
        try (RecordingReader reader = Recordings.open(file, options)) {
            while (reader.hasNext()) {
                EventPacket p = reader.next();
                n += p.size();
            }
        }
        return n;
    }
}
