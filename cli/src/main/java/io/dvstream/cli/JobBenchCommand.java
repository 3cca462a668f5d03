package io.dvstream.cli;

import io.dvstream.broker.BrokerConfig;
import io.dvstream.broker.EmbeddedKafkaBroker;
import io.dvstream.cli.demo.DemoRun;
import io.dvstream.events.wire.Topics;
import io.dvstream.jobs.inference.StepClassifier;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code dvstream job bench}: the gesture job's benchmark harness (issue 8, docs/benchmarks.md). It
 * is the demo's machinery (embedded broker, the job on a local MiniCluster, real-pace replay,
 * per-camera event-to-decision latency beyond window close) run with N copies of one recording as
 * N cameras, every window written (decision.min.events 0) and checkpoints every 10 s unless set
 * otherwise; the classifier is timed step by step in this process, so the report adds steps/s and
 * the classifier's ms per step to the demo's throughput and latency lines.
 */
@Command(name = "bench",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Benchmark the gesture job: an embedded broker, the job on a local MiniCluster, N copies of a "
                + "recording replayed as N cameras (real pace by default). Prints per camera the demo's lines (events, "
                + "windows, latency p50/p99 beyond window close), the throughput, and the classifier's steps, steps/s "
                + "and ms per step (p50/p99/mean) measured inside the job.",
                "Defaults: recordings/user01_lab.aedat, 4 cameras, 15 camera seconds each, checkpoint.interval.ms 10000, "
                + "decision.min.events 0 (a record for every window, so every window has a latency)."},
        footer = {"", "Example:",
                "  ./dvstream job bench --cameras 2",
                "  ./dvstream job bench --cameras 20 --model stand-in --set bin.width.us=10000",
                "  ./dvstream job bench --cameras 4 --speed max --model stand-in --max-seconds 0"})
final class JobBenchCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--recording", paramLabel = "FILE", defaultValue = "recordings/user01_lab.aedat",
            description = "The recording every camera replays. Default: ${DEFAULT-VALUE}.")
    Path recordingFile;

    @Option(names = "--cameras", paramLabel = "N", defaultValue = "4",
            description = "Cameras (copies of the recording under unrelated keys). Default: ${DEFAULT-VALUE}.")
    int cameras;

    @Mixin
    RecordingOptions recording;

    @Mixin
    ReplayOptions replay;

    @Option(names = "--model", paramLabel = "W.safetensors|random:PRESET[:SEED]|stand-in",
            description = "The classifier, as for 'job run'.")
    String model;

    @Option(names = "--max-seconds", paramLabel = "S", defaultValue = "15",
            description = "Camera seconds replayed per camera (0: all). Default: ${DEFAULT-VALUE}.")
    double maxSeconds;

    @Option(names = "--parallelism", paramLabel = "N", defaultValue = "2",
            description = "Parallel instances of the job's operators. Default: ${DEFAULT-VALUE}.")
    int parallelism;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A job setting (docs/gesture-job.md), repeatable.")
    List<String> settings = List.of();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (cameras < 1 || parallelism < 1 || !(maxSeconds >= 0)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--cameras and --parallelism must be >= 1, --max-seconds >= 0");
        }
        if (!Files.isReadable(recordingFile)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--recording " + recordingFile + " is not a readable file");
        }
        ModelChoice choice;
        try {
            choice = ModelChoice.resolve(model);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        choice.announce(spec.commandLine().getErr());
        Map<String, String> jobSettings = new LinkedHashMap<>();
        jobSettings.put("checkpoint.interval.ms", "10000");
        jobSettings.put("decision.min.events", "0");
        for (String s : settings) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--set expects KEY=VALUE, got '" + s + "'");
            }
            jobSettings.put(s.substring(0, eq).trim(), s.substring(eq + 1).trim());
        }
        choice.addDefaults(jobSettings);
        TimedClassifier<?> timed = timed(choice.classifier());
        TimedClassifier.Recorder.INSTANCE.reset();
        DemoRun run = new DemoRun(Collections.nCopies(cameras, recordingFile), recording::open, replay.timedReplay(spec),
                replay.packetUs(), Math.round(maxSeconds * 1e6), timed, jobSettings, out);
        out.printf(Locale.ROOT, "job bench: %d camera(s) x %s, %s, parallelism %d, settings %s; machine: %d CPUs, load average %s%n",
                cameras, recordingFile, timed.modelId(), parallelism, jobSettings, Runtime.getRuntime().availableProcessors(),
                loadAverage());
        out.flush();
        boolean ok;
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(BrokerConfig.defaults().withPort(0)).start()) {
            ok = run.against(broker.bootstrapServers(), new DemoRun.Topics(Topics.EVENTS, Topics.GESTURES, Topics.DEADLETTER),
                    parallelism);
        }
        TimedClassifier.Summary s = TimedClassifier.Recorder.INSTANCE.summary();
        out.printf(Locale.ROOT, "classifier inside the job: %d steps in %.1f s (first to last step) = %.1f steps/s; "
                        + "ms per step p50 %.2f, p99 %.2f, mean %.2f; busy %.1f s of %d slot(s) x %.1f s%n",
                s.steps(), s.spanS(), s.stepsPerSecond(), s.p50Ms(), s.p99Ms(), s.meanMs(), s.busyS(), parallelism, s.spanS());
        out.printf(Locale.ROOT, "load average at the end: %s%n", loadAverage());
        out.flush();
        return ok ? 0 : 1;
    }

    private static <S> TimedClassifier<S> timed(StepClassifier<S> c) {
        return new TimedClassifier<>(c);
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (Exception e) {
            return "unknown";
        }
    }
}
