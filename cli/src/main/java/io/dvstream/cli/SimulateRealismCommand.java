package io.dvstream.cli;

import io.dvstream.events.EventPacket;
import io.dvstream.events.sensor.SensorGeometry;
import io.dvstream.ingest.aedat.RecordingReader;
import io.dvstream.ingest.gesture.GestureLabel;
import io.dvstream.ingest.gesture.GestureLabels;
import io.dvstream.ingest.sim.GestureSimulator;
import io.dvstream.ingest.sim.Lighting;
import io.dvstream.ingest.sim.RealismStatistics;
import io.dvstream.ingest.sim.ScriptedGesture;
import io.dvstream.ingest.sim.TrialSpec;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import javax.imageio.ImageIO;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code dvstream simulate realism}: the simulator's event statistics side by side with a real
 * recording's, as a Markdown table, and event frames of every simulated class next to the real
 * recording's busiest frame (docs/simulator.md).
 */
@Command(name = "realism",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Compare the simulator with a real recording: simulate one trial per --lightings (every class of "
                + "--classes in order, user --user) in memory and print, for the real recording and each trial, the "
                + "statistics of io.dvstream.ingest.sim.RealismStatistics as one Markdown table: event rate overall, in "
                + "gestures and idle (from labels), ON share, events/s and active pixels per 10 ms window, per-pixel "
                + "inter-event intervals, and the rate of isolated events (no neighbour within 10 ms: a noise estimate).",
                "With --out, also write PNG event frames (colours as in 'render'): the real recording's busiest --frame-ms "
                + "window and, per lighting and class, the --frame-ms window centred on the middle of the gesture."},
        footer = {"", "Example:",
                "  ./dvstream simulate realism --real ../shared/recordings/dvs128_alex_walking_again.aedat --out docs/simulator",
                "  ./dvstream simulate realism --real user01_natural.aedat --real-labels user01_natural_labels.csv --lightings natural"})
final class SimulateRealismCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--real", paramLabel = "FILE", required = true, description = "The real recording to compare with.")
    Path real;

    @Option(names = "--real-labels", paramLabel = "CSV",
            description = "DVS Gesture labels of the real recording (class,startTime_usec,endTime_usec), for the gesture "
                    + "and idle figures. Default: none (those figures are n/a).")
    Path realLabels;

    @Mixin
    RecordingOptions recording;

    @Option(names = "--user", paramLabel = "N", defaultValue = "1", description = "Simulated user 1..99. Default: ${DEFAULT-VALUE}.")
    int user;

    @Option(names = "--lightings", paramLabel = "NAME[,NAME...]", split = ",", defaultValue = "lab,natural",
            description = "One simulated trial per lighting. Default: ${DEFAULT-VALUE}.")
    List<String> lightings;

    @Mixin
    SimulationOptions simulation;

    @Option(names = "--out", paramLabel = "DIR", description = "Write the PNG frames here (created if missing). Default: none.")
    Path out;

    @Option(names = "--frame-ms", paramLabel = "MS", defaultValue = "33",
            description = "Camera time per frame, milliseconds. Default: ${DEFAULT-VALUE}.")
    long frameMs;

    @Option(names = "--scale", paramLabel = "K", defaultValue = "2", description = "Image pixels per sensor pixel. Default: ${DEFAULT-VALUE}.")
    int scale;

    @Override
    public Integer call() throws Exception {
        CommandLine cmd = spec.commandLine();
        simulation.checkTiming(cmd);
        if (frameMs < 1 || frameMs > 10_000) {
            throw new CommandLine.ParameterException(cmd, "--frame-ms must be 1..10000, was " + frameMs);
        }
        if (scale < 1 || scale > 16) {
            throw new CommandLine.ParameterException(cmd, "--scale must be 1..16, was " + scale);
        }
        List<TrialSpec> trials = new ArrayList<>();
        try {
            for (String name : lightings) {
                trials.add(TrialSpec.dvs128(user, Lighting.parse(name), simulation.seed).withClasses(simulation.classes(cmd))
                        .withTiming(simulation.gestureS, simulation.gapS).withPixels(simulation.pixels(cmd)));
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cmd, e.getMessage());
        }
        if (out != null) {
            Files.createDirectories(out);
        }
        long frameUs = frameMs * 1_000;
        PrintWriter stdout = cmd.getOut();
        List<String> columns = new ArrayList<>();
        List<RealismStatistics.Summary> summaries = new ArrayList<>();

        List<GestureLabel> labels = realLabels == null ? List.of() : GestureLabels.read(realLabels);
        columns.add("real: " + real.getFileName() + (realLabels == null ? "" : " (labelled)"));
        summaries.add(realStatistics(labels, frameUs));

        for (TrialSpec trial : trials) {
            columns.add("simulated: " + trial.name() + ", seed " + simulation.seed);
            summaries.add(simulatedStatistics(trial, frameUs));
        }
        printTable(stdout, columns, summaries);
        stdout.flush();
        return 0;
    }

    private RealismStatistics.Summary realStatistics(List<GestureLabel> labels, long frameUs) throws IOException {
        SensorGeometry sensor;
        RealismStatistics stats;
        long busiestStartUs = 0;
        try (RecordingReader reader = recording.open(real)) {
            sensor = reader.sensor();
            stats = new RealismStatistics(sensor, labels);
            BusiestWindow busiest = new BusiestWindow(frameUs);
            while (reader.hasNext()) {
                EventPacket p = reader.next();
                stats.accept(p);
                busiest.accept(p);
            }
            busiestStartUs = busiest.startUs();
        }
        if (out != null) {
            FrameImage frame = new FrameImage(sensor, scale);
            try (RecordingReader reader = recording.open(real)) {
                while (reader.hasNext()) {
                    frame.add(reader.next(), busiestStartUs, busiestStartUs + frameUs);
                }
            }
            Path png = out.resolve("real-" + ReplayCommand.stem(real) + ".png");
            frame.write(png);
            spec.commandLine().getErr().printf(Locale.ROOT, "%s: busiest %d ms frame at %.3f s -> %s%n", real.getFileName(),
                    frameUs / 1000, busiestStartUs / 1e6, png);
        }
        return stats.summary();
    }

    private RealismStatistics.Summary simulatedStatistics(TrialSpec trial, long frameUs) throws IOException {
        GestureSimulator sim = trial.simulator();
        List<ScriptedGesture> gestures = sim.script().gestures();
        RealismStatistics stats = new RealismStatistics(trial.sensor(), sim.script().labels());
        EventPacket packet = sim.newPacket("realism");
        FrameImage frame = new FrameImage(trial.sensor(), scale);
        int next = 0; // the gesture whose middle frame is being drawn
        while (!sim.finished()) {
            packet.clear();
            sim.advanceTo(sim.timeUs() + RealismStatistics.WINDOW_US, packet);
            stats.accept(packet);
            if (out == null) {
                continue;
            }
            while (next < gestures.size()) {
                ScriptedGesture g = gestures.get(next);
                long fromUs = (g.startUs() + g.endUs()) / 2 - frameUs / 2;
                frame.add(packet, fromUs, fromUs + frameUs);
                if (sim.timeUs() < fromUs + frameUs) {
                    break;
                }
                Path png = out.resolve(String.format(Locale.ROOT, "sim-%s-%02d-%s.png", trial.lighting().fileName(),
                        g.gesture().number(), g.gesture().displayName().replace(' ', '-')));
                frame.write(png);
                frame.clear();
                next++;
            }
        }
        return stats.summary();
    }

    private static void printTable(PrintWriter out, List<String> columns, List<RealismStatistics.Summary> s) {
        out.println("| figure | " + String.join(" | ", columns) + " |");
        out.println("|---" + "|---".repeat(columns.size()) + "|");
        row(out, s, "events", r -> String.format(Locale.ROOT, "%,d", r.events()));
        row(out, s, "duration (first to last event)", r -> String.format(Locale.ROOT, "%.1f s", r.spanUs() / 1e6));
        row(out, s, "mean event rate", r -> rate(r.meanRate()));
        row(out, s, "event rate in gestures / idle (labels)", r -> rate(r.gestureRate()) + " / " + rate(r.idleRate()));
        row(out, s, "ON share", r -> percent(r.onShare()));
        row(out, s, "events/s per 10 ms window, p10 / p50 / p90 (all windows)", r -> percentiles(r.windowRates()));
        row(out, s, "events/s per 10 ms window, p50 / p90: gesture windows", r -> median90(r.gestureWindowRates()));
        row(out, s, "events/s per 10 ms window, p50 / p90: idle windows", r -> median90(r.idleWindowRates()));
        row(out, s, "active pixels per 10 ms, mean / p90 (all windows)",
                r -> percent(r.activeFraction().mean()) + " / " + percent(r.activeFraction().percentile(0.9)));
        row(out, s, "active pixels per 10 ms, mean: gesture / idle windows",
                r -> percent(r.gestureActiveFraction().mean()) + " / " + percent(r.idleActiveFraction().mean()));
        row(out, s, "per-pixel inter-event interval p10 / p50 / p90", r -> interval(r.intervalP10Us()) + " / "
                + interval(r.intervalP50Us()) + " / " + interval(r.intervalP90Us()));
        row(out, s, "isolated events (no neighbour in 10 ms), per pixel", r -> String.format(Locale.ROOT, "%.3f Hz", r.isolatedRateHz()));
    }

    private static void row(PrintWriter out, List<RealismStatistics.Summary> s, String name,
            Function<RealismStatistics.Summary, String> cell) {
        out.println("| " + name + " | " + String.join(" | ", s.stream().map(cell).toList()) + " |");
    }

    private static String rate(double perSecond) {
        return Double.isNaN(perSecond) ? "n/a" : String.format(Locale.ROOT, "%,.0f ev/s", perSecond);
    }

    private static String percent(double fraction) {
        return Double.isNaN(fraction) ? "n/a" : String.format(Locale.ROOT, "%.2f %%", 100 * fraction);
    }

    private static String percentiles(RealismStatistics.Distribution.Frozen d) {
        if (d.count() == 0) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%,.0f / %,.0f / %,.0f", d.percentile(0.1), d.percentile(0.5), d.percentile(0.9));
    }

    private static String median90(RealismStatistics.Distribution.Frozen d) {
        if (d.count() == 0) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%,.0f / %,.0f (%,d windows)", d.percentile(0.5), d.percentile(0.9), d.count());
    }

    private static String interval(double us) {
        if (Double.isNaN(us)) {
            return "n/a";
        }
        return us < 1_000 ? String.format(Locale.ROOT, "%.0f us", us)
                : us < 1_000_000 ? String.format(Locale.ROOT, "%.1f ms", us / 1e3) : String.format(Locale.ROOT, "%.2f s", us / 1e6);
    }

    /** Finds the --frame-ms window (aligned on the first event) holding the most events. */
    private static final class BusiestWindow {
        private final long frameUs;
        private long originUs = Long.MIN_VALUE;
        private long currentIndex;
        private long currentCount;
        private long bestIndex;
        private long bestCount = -1;

        BusiestWindow(long frameUs) {
            this.frameUs = frameUs;
        }

        void accept(EventPacket p) {
            for (int i = 0; i < p.size(); i++) {
                if (originUs == Long.MIN_VALUE) {
                    originUs = p.tUs(i);
                }
                long index = (p.tUs(i) - originUs) / frameUs;
                if (index != currentIndex) {
                    finishWindow();
                    currentIndex = index;
                    currentCount = 0;
                }
                currentCount++;
            }
        }

        private void finishWindow() {
            if (currentCount > bestCount) {
                bestCount = currentCount;
                bestIndex = currentIndex;
            }
        }

        long startUs() {
            finishWindow();
            return originUs == Long.MIN_VALUE ? 0 : originUs + bestIndex * frameUs;
        }
    }

    /** ON and OFF counts of one time window drawn as `render` draws its frames. */
    private static final class FrameImage {
        private final int width;
        private final int height;
        private final int scale;
        private final int[] on;
        private final int[] off;

        FrameImage(SensorGeometry sensor, int scale) {
            this.width = sensor.width();
            this.height = sensor.height();
            this.scale = scale;
            this.on = new int[width * height];
            this.off = new int[width * height];
        }

        /** Counts the events of {@code p} within {@code [fromUs, toUs)}. */
        void add(EventPacket p, long fromUs, long toUs) {
            for (int i = 0; i < p.size(); i++) {
                long t = p.tUs(i);
                if (t >= fromUs && t < toUs) {
                    int cell = p.y(i) * width + p.x(i);
                    if (p.isOn(i)) {
                        on[cell]++;
                    } else {
                        off[cell]++;
                    }
                }
            }
        }

        void clear() {
            Arrays.fill(on, 0);
            Arrays.fill(off, 0);
        }

        void write(Path png) throws IOException {
            BufferedImage image = new BufferedImage(width * scale, height * scale, BufferedImage.TYPE_BYTE_INDEXED,
                    RenderCommand.FrameWriter.palette());
            byte[] pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
            int imageWidth = width * scale;
            for (int cell = 0; cell < on.length; cell++) {
                if (on[cell] == 0 && off[cell] == 0) {
                    continue;
                }
                // palette indices as in render: 1 more ON, 2 more OFF, 3 equal
                byte colour = (byte) (on[cell] > off[cell] ? 1 : off[cell] > on[cell] ? 2 : 3);
                int x = cell % width;
                int y = cell / width;
                for (int dy = 0; dy < scale; dy++) {
                    int row = (y * scale + dy) * imageWidth + x * scale;
                    Arrays.fill(pixels, row, row + scale, colour);
                }
            }
            ImageIO.write(image, "png", png.toFile());
        }
    }
}
