package io.dvstream.cli;

import io.dvstream.events.EventPacket;
import io.dvstream.events.sensor.SensorGeometry;
import io.dvstream.events.wire.WireCodec;
import io.dvstream.ingest.aedat.AedatHeader;
import io.dvstream.ingest.aedat.RecordingReader;
import io.dvstream.ingest.aedat.RecordingStats;
import io.dvstream.ingest.replay.Packetizer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dvstream inspect}: what a recording holds, and what it costs on the wire. */
@Command(name = "inspect",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Read a recording (AEDAT 2.0 or 4.0, detected from its first line) and print its sensor, "
                + "event count, duration, rates, polarity balance, coordinate range, what was skipped (IMU, "
                + "frames, triggers, special events), and the size of its events in the dvstream wire format "
                + "for several packet lengths."},
        footer = {"", "Example:",
                "  ./dvstream inspect ../shared/recordings/dvs128_alex_walking_again.aedat --packet-ms 1,10,50"})
final class InspectCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The recording.")
    Path file;

    @Mixin
    RecordingOptions recording;

    @Option(names = "--packet-ms", split = ",", paramLabel = "MS", defaultValue = "1,5,10,20,50",
            description = "Packet lengths (camera milliseconds) for the wire-size table. Default: ${DEFAULT-VALUE}.")
    List<Double> packetMs;

    @Override
    public Integer call() throws Exception {
        for (double ms : packetMs) {
            if (!(ms > 0)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--packet-ms must be > 0, was " + ms);
            }
        }
        List<WireSize> sizes = new ArrayList<>();
        for (double ms : packetMs) {
            sizes.add(new WireSize(Math.max(1, Math.round(ms * 1000))));
        }
        long events = 0;
        long on = 0;
        long first = 0;
        long last = 0;
        int minX = Integer.MAX_VALUE;
        int maxX = -1;
        int minY = Integer.MAX_VALUE;
        int maxY = -1;
        SensorGeometry sensor;
        AedatHeader header;
        RecordingStats stats;
        try (RecordingReader reader = recording.open(file)) {
            sensor = reader.sensor();
            header = reader.header();
            while (reader.hasNext()) {
                EventPacket p = reader.next();
                if (events == 0) {
                    first = p.firstTUs();
                }
                last = p.lastTUs();
                for (int i = 0; i < p.size(); i++) {
                    on += p.polarity(i);
                    minX = Math.min(minX, p.x(i));
                    maxX = Math.max(maxX, p.x(i));
                    minY = Math.min(minY, p.y(i));
                    maxY = Math.max(maxY, p.y(i));
                }
                events += p.size();
                for (WireSize size : sizes) {
                    size.packetizer.accept(p);
                }
            }
            stats = reader.stats();
        }
        sizes.forEach(s -> s.packetizer.flush());

        PrintWriter out = spec.commandLine().getOut();
        double seconds = (last - first) / 1e6;
        out.printf(Locale.ROOT, "file        %s%n", file);
        out.printf(Locale.ROOT, "format      %s, source %s%n", header.format(), header.source().isEmpty() ? "(not stated)" : header.source());
        out.printf(Locale.ROOT, "sensor      %s%n", sensor);
        out.printf(Locale.ROOT, "events      %,d (ON %,d, OFF %,d)%n", events, on, events - on);
        if (events > 0) {
            out.printf(Locale.ROOT, "time        %,d .. %,d us (%.3f s), %.0f events/s%n", first, last, seconds,
                    seconds > 0 ? events / seconds : Double.NaN);
            out.printf(Locale.ROOT, "x, y        %d..%d, %d..%d%n", minX, maxX, minY, maxY);
        }
        out.printf(Locale.ROOT, "skipped     special %,d, APS %,d, IMU samples %,d (+%d loose words), frames %,d, "
                        + "triggers %,d, other packets %,d, invalid %,d, truncated bytes %d%n",
                stats.specialEvents(), stats.apsSamples(), stats.imuSamples(), stats.imuOrphanWords(), stats.frames(),
                stats.triggers(), stats.otherPackets(), stats.invalidEvents(), stats.truncatedBytes());
        out.printf(Locale.ROOT, "clock       %d wraps, %d resets, %d backward steps held%n",
                stats.timestampWraps(), stats.timestampResets(), stats.timestampBackwardSteps());
        out.println("wire format (docs/wire-format.md), before Kafka compression:");
        out.println("  packet ms   packets   events/packet   bytes/event");
        for (WireSize s : sizes) {
            out.printf(Locale.ROOT, "  %9s %9d %15.1f %13.3f%n", trim(s.packetUs / 1000.0), s.packets,
                    s.packets == 0 ? 0.0 : (double) s.events / s.packets, s.events == 0 ? 0.0 : (double) s.bytes / s.events);
        }
        out.flush();
        return 0;
    }

    private static String trim(double ms) {
        return ms == Math.rint(ms) ? String.valueOf((long) ms) : String.valueOf(ms);
    }

    /** Packetizes the stream at one length and adds up the encoded sizes. */
    private static final class WireSize {
        final long packetUs;
        final Packetizer packetizer;
        final WireCodec codec = new WireCodec();
        long packets;
        long events;
        long bytes;

        WireSize(long packetUs) {
            this.packetUs = packetUs;
            this.packetizer = new Packetizer(packetUs, p -> {
                packets++;
                events += p.size();
                bytes += codec.encodedSize(p);
            });
        }
    }
}
