package io.dvstream.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code dvstream model}: the DS2TA runtime from the command line (docs/ds2ta-spec.md). */
@Command(name = "model",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "DS2TA spiking transformer weight files: describe them, create random ones, and run a "
                + "stream of frames through one so that other implementations of the spec can be compared.",
        subcommands = {ModelInfoCommand.class, ModelRandomCommand.class, ModelRunCommand.class},
        footer = {"", "Example:",
                "  ./dvstream model random --config small-1-64 --seed 1 --out /tmp/w.safetensors",
                "  ./dvstream model info /tmp/w.safetensors",
                "  ./dvstream model run --weights /tmp/w.safetensors --frames f.safetensors --out o.safetensors"})
final class ModelCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
