package io.dvstream.cli;

import io.dvstream.model.Ds2ta;
import io.dvstream.model.ModelConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dvstream model random}: a seeded random-weight file (synthetic, untrained). */
@Command(name = "random",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Write a DS2TA weight file with seeded random weights that keep every LIF layer firing. "
                + "Synthetic: for comparisons and benchmarks, not a trained model.",
        footer = {"", "Example:", "  ./dvstream model random --config gesture-2-256 --seed 7 --out /tmp/paper.safetensors"})
final class ModelRandomCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "PRESET",
            description = "Configuration preset: " + ModelConfig.GESTURE_2_256 + " or " + ModelConfig.SMALL_1_64 + ".")
    String config;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "W", description = "The weight file to write.")
    Path out;

    @Override
    public Integer call() throws Exception {
        ModelConfig c;
        try {
            c = ModelConfig.preset(config);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--config: " + e.getMessage());
        }
        Ds2ta m = Ds2ta.random(c, seed);
        m.save(out);
        spec.commandLine().getOut().printf("wrote %s: %s, seed %d, %,d parameters%n", out, config, seed,
                m.weights().parameterCount());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
