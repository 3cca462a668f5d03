package io.dvstream.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code dvstream simulate}: synthetic gesture recordings from the DVS simulator. */
@Command(name = "simulate",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Synthetic DVS128 gesture recordings from the simulator (io.dvstream.ingest.sim; docs/simulator.md): "
                + "a rendered performer doing the 11 DVS128 Gesture classes, seen by a simulated DVS pixel array. "
                + "The data is synthetic: useful to run and test the pipeline, not a replacement for real recordings."},
        subcommands = {SimulateCorpusCommand.class, SimulateTrialCommand.class, SimulateRealismCommand.class},
        footer = {"", "Example:",
                "  ./dvstream simulate corpus --out /tmp/dvsgesture-sim --users 29 --seed 1",
                "  ./dvstream simulate trial --out user01_lab.aedat --user 1 --lighting lab --classes 1,2",
                "  ./dvstream simulate realism --real real-dvs128.aedat --out frames"})
final class SimulateCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
