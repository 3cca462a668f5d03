package io.dvstream.cli;

import io.dvstream.events.sensor.SensorGeometry;
import io.dvstream.ingest.sim.CorpusSpec;
import io.dvstream.ingest.sim.CorpusWriter;
import io.dvstream.ingest.sim.Lighting;
import io.dvstream.ingest.sim.TrialSummary;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dvstream simulate corpus}: a synthetic corpus in the DVS128 Gesture layout. */
@Command(name = "corpus",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Write a synthetic corpus in the DVS128 Gesture layout into --out: userNN_<lighting>.aedat "
                + "(AEDAT 3.1, DVS128) and userNN_<lighting>_labels.csv per user and lighting, trials_to_train.txt "
                + "and trials_to_test.txt. The same seed and options give byte-identical files. A progress bar goes "
                + "to stderr, a per-trial summary to stdout."},
        footer = {"", "Example:",
                "  ./dvstream simulate corpus --out /tmp/dvsgesture-sim --users 29 --seed 1",
                "  ./dvstream simulate corpus --out recordings --users 2 --test-from 2 --lightings lab --classes 1,2,4 --gesture-s 3"})
final class SimulateCorpusCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Folder to write (created if missing).")
    Path out;

    @Option(names = "--users", paramLabel = "N", defaultValue = "29",
            description = "Users 1..N. Default: ${DEFAULT-VALUE}, as in DVS128 Gesture.")
    int users;

    @Option(names = "--test-from", paramLabel = "USER", defaultValue = "24",
            description = "Users from this number on are listed in trials_to_test.txt. Default: ${DEFAULT-VALUE} (users 1-23 train).")
    int testFrom;

    @Option(names = "--lightings", paramLabel = "NAME[,NAME...]", split = ",",
            description = "Lighting conditions, one trial each per user: fluorescent, fluorescent_led, lab, led, natural. "
                    + "Default: all five.")
    List<String> lightings = new ArrayList<>();

    @Mixin
    SimulationOptions simulation;

    @Override
    public Integer call() throws Exception {
        CommandLine cmd = spec.commandLine();
        simulation.checkTiming(cmd);
        List<Lighting> chosen = new ArrayList<>();
        try {
            for (String l : lightings) {
                chosen.add(Lighting.parse(l));
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cmd, "--lightings: " + e.getMessage());
        }
        CorpusSpec corpus;
        try {
            corpus = new CorpusSpec(users, testFrom, chosen.isEmpty() ? List.of(Lighting.values()) : chosen,
                    simulation.classes(cmd), simulation.gestureS, simulation.gapS, simulation.pixels(cmd),
                    SensorGeometry.DVS128, simulation.seed);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cmd, e.getMessage());
        }
        PrintWriter stdout = cmd.getOut();
        long started = System.nanoTime();
        List<TrialSummary> written;
        int total = corpus.users() * corpus.lightings().size();
        try (Progress progress = new Progress(cmd.getErr(), "simulate", total * 100L, "")) {
            written = CorpusWriter.write(corpus, out, (trial, trials, name, fraction) -> {
                progress.stepTo(trial * 100L + Math.round(fraction * 100));
                progress.message("trial " + (trial + 1) + "/" + trials + " " + name);
            });
            progress.stepTo(total * 100L);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long events = 0;
        double camera = 0;
        long bytes = 0;
        for (TrialSummary t : written) {
            stdout.printf(Locale.ROOT, "%-24s %-5s %,11d events %7.1f s %,9.0f ev/s%n", t.name(), t.split().name().toLowerCase(Locale.ROOT),
                    t.events(), t.durationUs() / 1e6, t.eventsPerSecond());
            events += t.events();
            camera += t.durationUs() / 1e6;
            bytes += Files.size(t.recording());
        }
        stdout.printf(Locale.ROOT, "Wrote %d trials, %,d events, %.1f s of camera time, %,.1f MB of AEDAT 3.1 to %s in %.1f s "
                + "(%.1fx real time, %,.0f events/s)%n", written.size(), events, camera, bytes / 1e6, out, seconds,
                camera / seconds, events / seconds);
        stdout.flush();
        return 0;
    }
}
