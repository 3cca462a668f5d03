package io.dvstream.cli;

import io.dvstream.ingest.gesture.GestureDataset;
import io.dvstream.model.ModelConfig;
import io.dvstream.training.Ablation;
import io.dvstream.training.Augmentation;
import io.dvstream.training.EpochResult;
import io.dvstream.training.GestureClip;
import io.dvstream.training.GestureClips;
import io.dvstream.training.TrainingConfig;
import io.dvstream.training.TrainingListener;
import io.dvstream.training.TrainingPresets;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dvstream ablate}: the ablation table from one command (docs/training.md). */
@Command(name = "ablate",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Train every ablation variant of a configuration with one recipe (base, TAW 1..5, NSAD off, fixed "
                + "tau, TAW 1 + NSAD off), evaluate each on the test users (clip accuracy; the whole test recordings replayed "
                + "as the job does in carry mode, the base also in reset mode, with the job's gesture decider: per-window "
                + "accuracy, onset latency, false starts per idle minute, energy per decision) and write ablation.md and "
                + "ablation.csv into --out. A variant folder under --out that already holds the full number of epochs is "
                + "evaluated without retraining; a partial one resumes."},
        footer = {"", "Example:",
                "  ./dvstream ablate --data /tmp/corpus --epochs 2 --variants base,taw1,nsad-off --out /tmp/ablation"})
final class AblateCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "DVS128 Gesture layout folder.")
    Path data;

    @Option(names = "--config", defaultValue = TrainingPresets.TINY_1_32, paramLabel = "PRESET",
            description = "Base configuration. Default: ${DEFAULT-VALUE}.")
    String config;

    @Option(names = "--variants", split = ",", paramLabel = "NAME",
            description = "Variants to run (base, taw1..taw5, nsad-off, fixed-tau, taw1-nsad-off). Default: all.")
    List<String> variants;

    @Option(names = "--epochs", defaultValue = "30", description = "Epochs per variant. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--batch", defaultValue = "8", description = "Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--lr", defaultValue = "3e-3", description = "Default: ${DEFAULT-VALUE}.")
    double lr;

    @Option(names = "--dt-ms", defaultValue = "50", description = "Frame period in ms. Default: ${DEFAULT-VALUE}.")
    long dtMs;

    @Option(names = "--seed", defaultValue = "1", description = "Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--stride", defaultValue = "2", description = "Steps between windows of the streaming replay. Default: ${DEFAULT-VALUE}.")
    int stride;

    @CommandLine.Mixin
    DecisionOptions decision;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "One folder per variant, and the tables.")
    Path out;

    @Override
    public Integer call() throws Exception {
        CommandLine cmd = spec.commandLine();
        ModelConfig base;
        List<Ablation.Variant> vs;
        TrainingConfig recipe;
        try {
            base = TrainingPresets.preset(config);
            vs = variants == null ? Ablation.standard(base) : Ablation.select(base, variants);
            recipe = new TrainingConfig(base, epochs, batch, lr, 0.06, 0.1, 1, dtMs * 1000, seed, true,
                    Augmentation.standard());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cmd, e.getMessage());
        }
        var ds = GestureDataset.open(data);
        List<GestureClip> train = GestureClips.load(ds, GestureDataset.Split.TRAIN);
        List<GestureClip> test = GestureClips.load(ds, GestureDataset.Split.TEST);
        PrintWriter o = cmd.getOut();
        o.printf("ablation of %s on %s: %d training clips, %d test clips, variants %s%n", config, data, train.size(),
                test.size(), vs.stream().map(Ablation.Variant::name).toList());
        o.flush();
        int perEpoch = (train.size() + batch - 1) / batch;
        try (Progress bar = new Progress(cmd.getErr(), "ablate", (long) vs.size() * epochs * perEpoch, "")) {
            long[] offset = {0};
            int[] started = {0};
            Ablation.run(recipe, vs, train, test, ds.trials(GestureDataset.Split.TEST), decision.config(), stride, out,
                    new TrainingListener() {
                        @Override
                        public void onStep(int epoch, int step, int steps, double loss, double acc, double sps) {
                            bar.stepTo(offset[0] + (long) (epoch - 1) * perEpoch + step);
                            bar.message(String.format("epoch %d loss %.3f acc %.1f%% %.1f samples/s", epoch, loss,
                                    100 * acc, sps));
                        }

                        @Override
                        public void onEpoch(EpochResult r) {
                        }
                    },
                    line -> {
                        synchronized (cmd.getErr()) {
                            o.println(line);
                            o.flush();
                        }
                        if (line.contains(": training ") || line.contains(": reusing ")) {
                            offset[0] = (long) started[0]++ * epochs * perEpoch;   // the bar runs over all variants
                            bar.stepTo(offset[0]);
                        }
                    });
        }
        o.print(Files.readString(out.resolve(Ablation.TABLE_MD)));
        o.flush();
        return 0;
    }
}
