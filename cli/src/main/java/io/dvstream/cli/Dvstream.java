package io.dvstream.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code dvstream} command: one entry point, one subcommand per part of the system. */
@Command(name = "dvstream",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Real-time gesture recognition for event cameras (DVS): ingest to Kafka, "
                + "bin into frames, classify with a spiking transformer.",
        subcommands = {DemoCommand.class, BrokerCommand.class, InspectCommand.class, ConvertCommand.class, ReplayCommand.class,
                RenderCommand.class, ModelCommand.class, TrainCommand.class, EvalCommand.class, AblateCommand.class, SimulateCommand.class,
                JobCommand.class, IngestCommand.class, JaerSendCommand.class, DashboardCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Examples:",
                "  ./dvstream demo             recordings as cameras through Kafka and the job",
                "  ./dvstream broker           a local Kafka broker with the dvstream topics",
                "  ./dvstream inspect FILE     what a recording holds",
                "  ./dvstream model info W     a DS2TA weight file: config, size, cost",
                "  ./dvstream simulate corpus  a synthetic DVS128 Gesture corpus",
                "  ./dvstream train            train DS2TA on a DVS128 Gesture layout folder",
                "  ./dvstream eval             clip accuracy and confusion matrix of weights",
                "  ./dvstream job run          the gesture job against a Kafka broker",
                "  ./dvstream COMMAND --help   a command's options, with an example"})
public final class Dvstream implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, also used by tests. */
    public static CommandLine commandLine() {
        return new CommandLine(new Dvstream()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
