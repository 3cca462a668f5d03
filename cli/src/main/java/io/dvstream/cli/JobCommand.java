package io.dvstream.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code dvstream job}: the Flink jobs; {@code job run} starts the gesture job. */
@Command(name = "job",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "The Flink gesture job: dvs.events -> frames per camera -> classifier -> dvs.gestures, exactly once.",
        subcommands = {JobRunCommand.class, JobBenchCommand.class},
        footer = {"", "Example:",
                "  ./dvstream job run --kafka 127.0.0.1:9092 --parallelism 2",
                "  ./dvstream job run --help   all options"})
final class JobCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
