package io.dvstream.cli;

import io.dvstream.ingest.gesture.GestureDataset;
import io.dvstream.model.ModelConfig;
import io.dvstream.model.StreamingConfig;
import io.dvstream.model.weights.WeightFileConfig;
import io.dvstream.training.Augmentation;
import io.dvstream.training.EpochResult;
import io.dvstream.training.GestureClip;
import io.dvstream.training.GestureClips;
import io.dvstream.training.Trainer;
import io.dvstream.training.TrainingConfig;
import io.dvstream.training.TrainingListener;
import io.dvstream.training.TrainingPresets;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dvstream train}: clip-mode surrogate-gradient training of DS2TA (docs/training.md). */
@Command(name = "train",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Train DS2TA on a DVS128 Gesture layout folder (real or simulated) in clip mode: one window of T "
                + "causal fixed-dt frames per labelled gesture, state reset, surrogate-gradient BPTT, AdamW, cosine "
                + "schedule, label smoothing. Every epoch: clip accuracy on the test users, a checkpoint "
                + "(last.safetensors, loadable by the runtime, + last.optim.safetensors) and a line in train-log.jsonl."},
        footer = {"", "Example:",
                "  ./dvstream simulate corpus --out /tmp/corpus --users 12 --test-from 9 --lightings lab --gesture-s 3",
                "  ./dvstream train --data /tmp/corpus --config tiny-1-32 --epochs 30 --out /tmp/run"})
final class TrainCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "DVS128 Gesture layout folder (trials_to_train.txt, trials_to_test.txt).")
    Path data;

    @Option(names = "--config", defaultValue = TrainingPresets.TINY_1_32, paramLabel = "PRESET",
            description = "Model configuration: tiny-1-32, small-1-64 or gesture-2-256. Default: ${DEFAULT-VALUE}.")
    String config;

    @Option(names = "--epochs", defaultValue = "30", description = "Epochs. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--batch", defaultValue = "16", description = "Batch size. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--lr", defaultValue = "1e-3", description = "Peak learning rate. Default: ${DEFAULT-VALUE}.")
    double lr;

    @Option(names = "--weight-decay", defaultValue = "0.06", description = "AdamW weight decay. Default: ${DEFAULT-VALUE}.")
    double weightDecay;

    @Option(names = "--label-smoothing", defaultValue = "0.1", description = "Default: ${DEFAULT-VALUE}.")
    double labelSmoothing;

    @Option(names = "--warmup-epochs", defaultValue = "1", description = "Linear warm-up epochs. Default: ${DEFAULT-VALUE}.")
    int warmupEpochs;

    @Option(names = "--dt-ms", defaultValue = "50", description = "Frame period in ms (spec section 5). Default: ${DEFAULT-VALUE}.")
    long dtMs;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of every random draw. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--fixed-tau", description = "Keep the TASA constants at tauInit (ablation).")
    boolean fixedTau;

    @Option(names = "--taw", paramLabel = "W", description = "Override the preset's temporal attention window (ablation: 1..5).")
    Integer taw;

    @Option(names = "--nsad", paramLabel = "on|off", description = "Override the preset's NSAD switch (ablation).")
    String nsad;

    @Option(names = "--decay", paramLabel = "exp|linear", description = "Override the preset's TASA decay (ablation).")
    String decay;

    @Option(names = "--no-augment", description = "No augmentation.")
    boolean noAugment;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Checkpoints and log.")
    Path out;

    @Option(names = "--resume", description = "Continue from the checkpoint in --out.")
    boolean resume;

    @Override
    public Integer call() throws Exception {
        CommandLine cmd = spec.commandLine();
        ModelConfig model;
        TrainingConfig cfg;
        try {
            ModelConfig p = TrainingPresets.preset(config);
            if (nsad != null && !nsad.equals("on") && !nsad.equals("off")) {
                throw new IllegalArgumentException("--nsad must be on or off, got " + nsad);
            }
            model = new ModelConfig(p.inputHeight(), p.inputWidth(), p.stemChannels(), p.stemPool(), p.blocks(),
                    p.heads(), p.mlpRatio(), p.numClasses(), p.T(), taw != null ? taw : p.taw(), p.tauInit(),
                    decay != null ? ModelConfig.Decay.fromKey(decay) : p.decay(),
                    nsad != null ? nsad.equals("on") : p.nsad(), p.lifTau(), p.vth(), p.vthAttn(), p.bnEps());
            cfg = new TrainingConfig(model, epochs, batch, lr, weightDecay, labelSmoothing, warmupEpochs, dtMs * 1000,
                    seed, !fixedTau, noAugment ? Augmentation.none() : Augmentation.standard());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cmd, e.getMessage());
        }
        if (model.numClasses() != StreamingConfig.DVS128_GESTURE_CLASSES.size()) {
            throw new CommandLine.ParameterException(cmd, "--config must have 11 classes for DVS128 Gesture data");
        }
        var meta = new WeightFileConfig(model, new StreamingConfig(StreamingConfig.WindowMode.RESET, cfg.dtUs(),
                model.T(), StreamingConfig.DVS128_GESTURE_CLASSES));
        var ds = GestureDataset.open(data);
        List<GestureClip> train = GestureClips.load(ds, GestureDataset.Split.TRAIN);
        List<GestureClip> test = GestureClips.load(ds, GestureDataset.Split.TEST);
        PrintWriter o = cmd.getOut();
        o.printf("data %s: %d training clips, %d test clips (%s)%n", data, train.size(), test.size(),
                "labelled gestures of trials_to_train.txt / trials_to_test.txt");
        o.printf("config %s (taw %d, nsad %s, decay %s%s), T = %d, dt = %d ms, batch %d, lr %g, epochs %d, seed %d%n",
                config, model.taw(), model.nsad() ? "on" : "off", model.decay().key(), fixedTau ? ", fixed tau" : "",
                model.T(), dtMs, batch, lr, epochs, seed);
        o.flush();
        var trainer = new Trainer(cfg, meta);
        try (Progress bar = new Progress(cmd.getErr(), "train", (long) epochs * ((train.size() + batch - 1) / batch), "")) {
            int perEpoch = (train.size() + batch - 1) / batch;
            trainer.train(train, test, out, resume, new TrainingListener() {
                @Override
                public void onStep(int epoch, int step, int steps, double loss, double acc, double sps) {
                    bar.stepTo((long) (epoch - 1) * perEpoch + step);
                    bar.message(String.format("epoch %d loss %.3f acc %.1f%% %.1f samples/s", epoch, loss, 100 * acc, sps));
                }

                @Override
                public void onEpoch(EpochResult r) {
                    synchronized (cmd.getErr()) {
                        o.printf("epoch %3d  loss %.4f  train acc %5.1f %%  test acc %5.1f %%  %.1f samples/s  %.0f s%n",
                                r.epoch(), r.trainLoss(), 100 * r.trainAccuracy(), 100 * r.testAccuracy(),
                                r.samplesPerSecond(), r.seconds());
                        o.flush();
                    }
                }
            });
        }
        o.printf("weights: %s (log %s)%n", out.resolve("last.safetensors"), out.resolve(Trainer.LOG));
        o.flush();
        return 0;
    }
}
