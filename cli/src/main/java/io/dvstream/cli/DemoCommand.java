package io.dvstream.cli;

import io.dvstream.broker.BrokerConfig;
import io.dvstream.broker.EmbeddedKafkaBroker;
import io.dvstream.cli.demo.DemoRun;
import io.dvstream.events.binning.BinningConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code dvstream demo}: the whole pipeline that exists so far, on this machine. Until the Flink
 * job and the model land, it ends at frames: recordings are replayed as live cameras into a real
 * Kafka broker, consumed, decoded and binned per camera, and the demo reports what arrived.
 */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Start an embedded Kafka broker, replay recordings into it as live cameras (one camera per "
                + "recording, at real pace), consume dvs.events, decode every packet and bin each camera's events "
                + "into fixed-rate frames; print progress every second and a per-camera summary at the end "
                + "(events sent and received, sequence gaps, wire bytes/event, frames, latency).",
                "Gesture classification is not in the pipeline yet: the DS2TA model and the Flink job come next.",
                "Recordings: --recording FILE (repeatable), else every .aedat/.aedat4 file in recordings/ and "
                + "../shared/recordings/ next to the repository."},
        footer = {"", "Example:",
                "  ./dvstream demo",
                "  ./dvstream demo --recording my_dvs128.aedat --speed 2"})
final class DemoCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--recording", paramLabel = "FILE",
            description = "A recording to replay as one camera; repeat for several cameras.")
    List<Path> recordings = new ArrayList<>();

    @Mixin
    RecordingOptions recording;

    @Mixin
    ReplayOptions replay;

    @Option(names = "--bin-ms", paramLabel = "MS", defaultValue = "10",
            description = "Frame length (one model step), camera milliseconds. Default: ${DEFAULT-VALUE}.")
    double binMs;

    @Option(names = "--size", paramLabel = "PIXELS", defaultValue = "128",
            description = "Frame width and height (the model's input resolution). Default: ${DEFAULT-VALUE}.")
    int size;

    @Option(names = "--kafka", paramLabel = "HOST:PORT",
            description = "Use this Kafka instead of starting an embedded broker (the topics must exist: ./dvstream broker creates them).")
    String kafka;

    @Override
    public Integer call() throws Exception {
        List<Path> files = recordings.isEmpty() ? discover() : recordings;
        if (files.isEmpty()) {
            spec.commandLine().getErr().println("No recordings to replay: none given with --recording, and no .aedat/.aedat4 "
                    + "files in " + String.join(" or ", searchedFolders().stream().map(Path::toString).toList())
                    + ". Pass one: ./dvstream demo --recording FILE");
            return 2;
        }
        BinningConfig binning;
        try {
            binning = BinningConfig.of(Math.max(1, Math.round(binMs * 1000)), size, size);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        DemoRun run = new DemoRun(files, recording::open, replay.timedReplay(spec), binning, spec.commandLine().getOut());
        if (kafka != null) {
            return run.against(kafka) ? 0 : 1;
        }
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(BrokerConfig.defaults().withPort(0)).start()) {
            spec.commandLine().getOut().println("Embedded Kafka broker at " + broker.bootstrapServers()
                    + " (started in " + broker.startupTime().toMillis() + " ms)");
            return run.against(broker.bootstrapServers()) ? 0 : 1;
        }
    }

    private static List<Path> searchedFolders() {
        Path home = Path.of(System.getProperty("dvstream.home", "."));
        return List.of(home.resolve("recordings").normalize(), home.resolve("../shared/recordings").normalize());
    }

    private static List<Path> discover() throws IOException {
        List<Path> found = new ArrayList<>();
        for (Path folder : searchedFolders()) {
            if (Files.isDirectory(folder)) {
                try (Stream<Path> files = Files.list(folder)) {
                    files.filter(f -> f.toString().endsWith(".aedat") || f.toString().endsWith(".aedat4"))
                            .sorted().forEach(found::add);
                }
            }
        }
        return found;
    }
}
