package io.dvstream.deploy.checks;

import io.dvstream.cli.Dvstream;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** The dvstream command line's own parser applied to the arguments a manifest runs the CLI image with. */
public final class CliArguments {

    private CliArguments() {
    }

    /** Whether {@code dvstream NAME} exists in this build. */
    public static boolean hasSubcommand(String name) {
        return Dvstream.commandLine().getSubcommands().containsKey(name);
    }

    /**
     * Parses {@code dvstream ARGS...} as picocli would at start-up (unknown options, missing required
     * options and bad values fail).
     *
     * @throws CommandLine.ParameterException naming what picocli rejected
     */
    public static ParseResult parse(List<String> args) {
        return Dvstream.commandLine().parseArgs(args.toArray(String[]::new));
    }

    /** The value of option {@code name} of the (only) subcommand in {@code result}. */
    public static String option(ParseResult result, String name) {
        ParseResult sub = result.subcommand();
        if (sub == null || !sub.hasMatchedOption(name)) {
            return null;
        }
        Object v = sub.matchedOptionValue(name, null);
        return v == null ? null : v.toString();
    }
}
