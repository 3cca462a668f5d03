package io.dvstream.cli;

import io.dvstream.events.sensor.SensorGeometry;
import io.dvstream.ingest.aedat.AedatFormat;
import io.dvstream.ingest.aedat.RecordingWriters;
import io.dvstream.ingest.gesture.GestureDataset;
import io.dvstream.ingest.sim.CorpusWriter;
import io.dvstream.ingest.sim.Lighting;
import io.dvstream.ingest.sim.TrialSpec;
import io.dvstream.ingest.sim.TrialSummary;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dvstream simulate trial}: one synthetic recording and its labels. */
@Command(name = "trial",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Write one synthetic trial: --out (AEDAT 3.1 for .aedat, AEDAT 4.0 for .aedat4) and its labels "
                + "CSV next to it (<name>_labels.csv), exactly as that user and lighting come out of "
                + "'simulate corpus' with the same seed and options."},
        footer = {"", "Example:",
                "  ./dvstream simulate trial --out user01_lab.aedat --user 1 --lighting lab --classes 1,2",
                "  ./dvstream simulate trial --out wide.aedat4 --sensor davis346 --lighting natural"})
final class SimulateTrialCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "Recording to write (.aedat or .aedat4).")
    Path out;

    @Option(names = "--user", paramLabel = "N", defaultValue = "1", description = "User number 1..99. Default: ${DEFAULT-VALUE}.")
    int user;

    @Option(names = "--lighting", paramLabel = "NAME", defaultValue = "lab",
            description = "fluorescent, fluorescent_led, lab, led or natural. Default: ${DEFAULT-VALUE}.")
    String lighting;

    @Option(names = "--sensor", paramLabel = "SENSOR", defaultValue = "dvs128",
            description = "Sensor name or WIDTHxHEIGHT (AEDAT 3.1 knows only named sensors; use .aedat4 for others). "
                    + "Default: ${DEFAULT-VALUE}.")
    String sensor;

    @Mixin
    SimulationOptions simulation;

    @Override
    public Integer call() throws Exception {
        CommandLine cmd = spec.commandLine();
        simulation.checkTiming(cmd);
        String name = out.getFileName().toString();
        if (!name.endsWith(".aedat") && !name.endsWith(".aedat4")) {
            throw new CommandLine.ParameterException(cmd, "--out must end in .aedat (AEDAT 3.1) or .aedat4, was " + out);
        }
        TrialSpec trial;
        try {
            SensorGeometry geometry = SensorGeometry.parse(sensor);
            RecordingWriters.checkWritable(name.endsWith(".aedat4") ? AedatFormat.AEDAT_4_0 : AedatFormat.AEDAT_3_1, geometry);
            trial = TrialSpec.dvs128(user, Lighting.parse(lighting), simulation.seed)
                    .withClasses(simulation.classes(cmd)).withTiming(simulation.gestureS, simulation.gapS)
                    .withPixels(simulation.pixels(cmd));
            trial = new TrialSpec(geometry, trial.user(), trial.lighting(), trial.classes(), trial.gestureS(), trial.gapS(),
                    trial.pixels(), trial.stepUs(), trial.seed());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cmd, e.getMessage());
        }
        long started = System.nanoTime();
        TrialSummary t;
        try (Progress progress = new Progress(cmd.getErr(), trial.name(), 100, "%")) {
            t = CorpusWriter.writeTrial(trial, out, GestureDataset.Split.TRAIN,
                    fraction -> progress.stepTo(Math.round(fraction * 100)));
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        cmd.getOut().printf(Locale.ROOT, "Wrote %,d events (%d gestures, %.1f s of camera time) to %s and %s in %.1f s (%.1fx real time)%n",
                t.events(), t.gestures(), t.durationUs() / 1e6, t.recording(), t.labels(), seconds,
                t.durationUs() / 1e6 / seconds);
        cmd.getOut().flush();
        return 0;
    }
}
