package io.dvstream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dvstream.events.EventPacket;
import io.dvstream.events.sensor.SensorGeometry;
import io.dvstream.events.wire.WireCodec;
import io.dvstream.ingest.aedat.Aedat4Compression;
import io.dvstream.ingest.aedat.Aedat4Reader;
import io.dvstream.ingest.aedat.Aedat4Stream;
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
        description = {"Read a recording (AEDAT 2.0, 3.1 or 4.0, detected from its first line) and print its sensor, "
                + "AEDAT 4.0 stream table, event count, duration, event rate (mean and peak per 10 ms window), "
                + "polarity balance, coordinate range, timestamp anomalies (wraps, resets, backward steps), what "
                + "was skipped (IMU, frames, triggers, special events), and the size of its events in the dvstream "
                + "wire format for several packet lengths.",
                "With --json the same facts are printed as one JSON object."},
        footer = {"", "Example:",
                "  ./dvstream inspect ../shared/recordings/dvs128_alex_walking_again.aedat --packet-ms 1,10,50",
                "  ./dvstream inspect ../shared/recordings/aestream_davis.aedat4 --json"})
final class InspectCommand implements Callable<Integer> {

    /** The window of the mean and peak event rates. */
    static final long RATE_WINDOW_US = 10_000;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The recording.")
    Path file;

    @Mixin
    RecordingOptions recording;

    @Option(names = "--packet-ms", split = ",", paramLabel = "MS", defaultValue = "1,5,10,20,50",
            description = "Packet lengths (camera milliseconds) for the wire-size table. Default: ${DEFAULT-VALUE}.")
    List<Double> packetMs;

    @Option(names = "--json", description = "Print one JSON object instead of text (for scripts).")
    boolean json;

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
        Facts f = new Facts();
        try (RecordingReader reader = recording.open(file)) {
            f.sensor = reader.sensor();
            f.header = reader.header();
            if (reader instanceof Aedat4Reader aedat4) {
                f.streams = List.copyOf(aedat4.streams().values());
                f.compression = aedat4.compression();
                f.eventStream = aedat4.eventStream().id();
            }
            while (reader.hasNext()) {
                EventPacket p = reader.next();
                f.add(p);
                for (WireSize size : sizes) {
                    size.packetizer.accept(p);
                }
            }
            f.stats = reader.stats();
        }
        f.closeRateWindow();
        sizes.forEach(s -> s.packetizer.flush());

        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(toJson(f, sizes)));
        } else {
            printText(out, f, sizes);
        }
        out.flush();
        return 0;
    }

    private void printText(PrintWriter out, Facts f, List<WireSize> sizes) {
        out.printf(Locale.ROOT, "file        %s%n", file);
        out.printf(Locale.ROOT, "format      %s, source %s%n", f.header.format(),
                f.header.source().isEmpty() ? "(not stated)" : f.header.source());
        if (f.streams != null) {
            out.printf(Locale.ROOT, "streams     %d, %s compression, events read from stream %d%n", f.streams.size(),
                    f.compression, f.eventStream);
            out.println("  id  type  size       source                module");
            for (Aedat4Stream s : f.streams) {
                out.printf(Locale.ROOT, "  %2d  %-4s  %-9s  %-20s  %s%n", s.id(), s.type(),
                        s.sizeX() > 0 ? s.sizeX() + "x" + s.sizeY() : "-", orDash(s.source()), orDash(s.originalModuleName()));
            }
        }
        out.printf(Locale.ROOT, "sensor      %s%n", f.sensor);
        out.printf(Locale.ROOT, "events      %,d (ON %,d, OFF %,d)%n", f.events, f.on, f.events - f.on);
        if (f.events > 0) {
            double seconds = f.durationSeconds();
            out.printf(Locale.ROOT, "time        %,d .. %,d us (%.3f s), %.0f events/s%n", f.first, f.last, seconds,
                    seconds > 0 ? f.events / seconds : Double.NaN);
            out.printf(Locale.ROOT, "rate        per 10 ms window: mean %,.0f events/s (%.1f events in each of %,d windows), "
                            + "peak %,.0f events/s (%,d events from %,d us)%n",
                    f.meanRate(), f.meanWindowEvents(), f.windows, f.peakRate(), f.peakWindowEvents, f.peakWindowStartUs);
            out.printf(Locale.ROOT, "x, y        %d..%d, %d..%d%n", f.minX, f.maxX, f.minY, f.maxY);
        }
        RecordingStats stats = f.stats;
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
                    s.eventsPerPacket(), s.bytesPerEvent());
        }
    }

    private ObjectNode toJson(Facts f, List<WireSize> sizes) {
        ObjectNode root = new ObjectMapper().createObjectNode();
        root.put("file", file.toString());
        root.put("format", f.header.format().name());
        root.put("source", f.header.source());
        if (f.streams != null) {
            root.put("compression", f.compression.name());
            root.put("eventStream", f.eventStream);
            ArrayNode streams = root.putArray("streams");
            for (Aedat4Stream s : f.streams) {
                streams.addObject().put("id", s.id()).put("type", s.type()).put("width", s.sizeX())
                        .put("height", s.sizeY()).put("source", s.source()).put("module", s.originalModuleName());
            }
        }
        root.putObject("sensor").put("name", f.sensor.name()).put("width", f.sensor.width()).put("height", f.sensor.height());
        root.put("events", f.events).put("on", f.on).put("off", f.events - f.on);
        if (f.events > 0) {
            root.put("firstUs", f.first).put("lastUs", f.last).put("durationUs", f.last - f.first);
            root.put("eventsPerSecond", f.durationSeconds() > 0 ? f.events / f.durationSeconds() : 0.0);
            root.putObject("rate").put("windowUs", RATE_WINDOW_US).put("windows", f.windows)
                    .put("meanEventsPerSecond", f.meanRate()).put("meanWindowEvents", f.meanWindowEvents())
                    .put("peakEventsPerSecond", f.peakRate()).put("peakWindowEvents", f.peakWindowEvents)
                    .put("peakWindowStartUs", f.peakWindowStartUs);
            root.putObject("x").put("min", f.minX).put("max", f.maxX);
            root.putObject("y").put("min", f.minY).put("max", f.maxY);
        }
        RecordingStats stats = f.stats;
        root.putObject("skipped").put("specialEvents", stats.specialEvents()).put("apsSamples", stats.apsSamples())
                .put("imuSamples", stats.imuSamples()).put("imuLooseWords", stats.imuOrphanWords())
                .put("frames", stats.frames()).put("triggers", stats.triggers()).put("otherPackets", stats.otherPackets())
                .put("invalidEvents", stats.invalidEvents()).put("truncatedBytes", stats.truncatedBytes());
        root.putObject("clock").put("wraps", stats.timestampWraps()).put("resets", stats.timestampResets())
                .put("backwardSteps", stats.timestampBackwardSteps());
        ArrayNode wire = root.putArray("wire");
        for (WireSize s : sizes) {
            wire.addObject().put("packetUs", s.packetUs).put("packets", s.packets)
                    .put("eventsPerPacket", s.eventsPerPacket()).put("bytesPerEvent", s.bytesPerEvent());
        }
        return root;
    }

    private static String orDash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }

    private static String trim(double ms) {
        return ms == Math.rint(ms) ? String.valueOf((long) ms) : String.valueOf(ms);
    }

    /** What one pass over a recording found. */
    private static final class Facts {
        SensorGeometry sensor;
        AedatHeader header;
        RecordingStats stats;
        List<Aedat4Stream> streams;     // AEDAT 4.0 only
        Aedat4Compression compression;  // AEDAT 4.0 only
        int eventStream;                // AEDAT 4.0 only
        long events;
        long on;
        long first;
        long last;
        int minX = Integer.MAX_VALUE;
        int maxX = -1;
        int minY = Integer.MAX_VALUE;
        int maxY = -1;
        // Rate windows are aligned to multiples of RATE_WINDOW_US on the camera clock; empty
        // windows between the first and the last event count towards the mean.
        long firstWindow;
        long window = Long.MIN_VALUE;
        long windowEvents;
        long windows;
        long peakWindowEvents;
        long peakWindowStartUs;

        void add(EventPacket p) {
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
                long w = Math.floorDiv(p.tUs(i), RATE_WINDOW_US);
                if (w != window) {
                    closeRateWindow();
                    if (window == Long.MIN_VALUE) {
                        firstWindow = w;
                    }
                    window = w;
                }
                windowEvents++;
            }
            events += p.size();
        }

        void closeRateWindow() {
            if (window == Long.MIN_VALUE) {
                return;
            }
            if (windowEvents > peakWindowEvents) {
                peakWindowEvents = windowEvents;
                peakWindowStartUs = window * RATE_WINDOW_US;
            }
            windowEvents = 0;
            windows = window - firstWindow + 1;
        }

        double durationSeconds() {
            return (last - first) / 1e6;
        }

        double meanWindowEvents() {
            return windows == 0 ? 0 : (double) events / windows;
        }

        double meanRate() {
            return meanWindowEvents() * 1e6 / RATE_WINDOW_US;
        }

        double peakRate() {
            return peakWindowEvents * 1e6 / RATE_WINDOW_US;
        }
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

        double eventsPerPacket() {
            return packets == 0 ? 0.0 : (double) events / packets;
        }

        double bytesPerEvent() {
            return events == 0 ? 0.0 : (double) bytes / events;
        }
    }
}
