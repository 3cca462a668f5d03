package io.dvstream.cli;

import io.dvstream.ingest.gesture.GestureDataset;
import io.dvstream.model.ModelConfig;
import io.dvstream.model.StreamingConfig;
import io.dvstream.model.weights.Ds2taWeights;
import io.dvstream.model.weights.WeightFileConfig;
import io.dvstream.training.Augmentation;
import io.dvstream.training.EpochResult;
import io.dvstream.training.GestureClip;
import io.dvstream.training.GestureClips;
import io.dvstream.training.GestureRecording;
import io.dvstream.training.StreamSegments;
import io.dvstream.training.StreamTrainingConfig;
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

/** {@code dvstream train}: surrogate-gradient training of DS2TA in clip or stream mode (docs/training.md). */
@Command(name = "train",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Train DS2TA on a DVS128 Gesture layout folder (real or simulated) in clip mode: one window of T "
                + "causal fixed-dt frames per labelled gesture, state reset, surrogate-gradient BPTT, AdamW, cosine "
                + "schedule, label smoothing. Every epoch: clip accuracy on the test users, a checkpoint "
                + "(last.safetensors, loadable by the runtime, + last.optim.safetensors) and a line in train-log.jsonl.",
                "--mode stream trains consecutive windows of the continuous recordings instead, state carried across "
                + "window borders and detached there, idle-gap windows masked (no loss)."},
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

    @Option(names = "--init", paramLabel = "W.safetensors",
            description = "Start from these weights (same configuration) instead of a fresh initialisation, with a "
                    + "fresh optimizer and schedule: fine-tuning, e.g. a clip-trained model in --mode stream.")
    Path init;

    @Option(names = "--mode", defaultValue = "clip", paramLabel = "clip|stream",
            description = "clip: one window per labelled gesture, state reset; stream: segments of consecutive windows "
                    + "of the whole recordings, state carried (detached at window borders), gap windows masked. "
                    + "Default: ${DEFAULT-VALUE}.")
    String mode;

    @Option(names = "--stream-windows", defaultValue = "8", paramLabel = "K",
            description = "Stream mode: consecutive windows per segment. Default: ${DEFAULT-VALUE}.")
    int streamWindows;

    @Option(names = "--burn-in", defaultValue = "1", paramLabel = "WINDOWS",
            description = "Stream mode: leading windows of a segment that only warm the state up (no loss). "
                    + "Default: ${DEFAULT-VALUE}.")
    int burnIn;

    @Override
    public Integer call() throws Exception {
        CommandLine cmd = spec.commandLine();
        ModelConfig model;
        TrainingConfig cfg;
        StreamTrainingConfig streamCfg = null;
        try {
            if (!mode.equals("clip") && !mode.equals("stream")) {
                throw new IllegalArgumentException("--mode must be clip or stream, got " + mode);
            }
            if (mode.equals("stream")) {
                streamCfg = new StreamTrainingConfig(streamWindows, burnIn);
            }
            if (init != null && resume) {
                throw new IllegalArgumentException("--init and --resume exclude each other: --resume continues the run in --out");
            }
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
        // A stream-trained model is meant for carry mode (spec section 5); its windows did not overlap.
        var meta = new WeightFileConfig(model, new StreamingConfig(streamCfg == null ? StreamingConfig.WindowMode.RESET
                : StreamingConfig.WindowMode.CARRY, cfg.dtUs(), model.T(), StreamingConfig.DVS128_GESTURE_CLASSES));
        var ds = GestureDataset.open(data);
        List<GestureClip> test = GestureClips.load(ds, GestureDataset.Split.TEST);
        PrintWriter o = cmd.getOut();
        if (streamCfg != null) {
            return trainStream(cmd, o, ds, test, model, cfg, meta, streamCfg);
        }
        List<GestureClip> train = GestureClips.load(ds, GestureDataset.Split.TRAIN);
        o.printf("data %s: %d training clips, %d test clips (%s)%n", data, train.size(), test.size(),
                "labelled gestures of trials_to_train.txt / trials_to_test.txt");
        o.printf("config %s (taw %d, nsad %s, decay %s%s), T = %d, dt = %d ms, batch %d, lr %g, epochs %d, seed %d%n",
                config, model.taw(), model.nsad() ? "on" : "off", model.decay().key(), fixedTau ? ", fixed tau" : "",
                model.T(), dtMs, batch, lr, epochs, seed);
        o.flush();
        var trainer = new Trainer(cfg, meta);
        initialise(trainer, o);
        try (Progress bar = new Progress(cmd.getErr(), "train", (long) epochs * ((train.size() + batch - 1) / batch), "")) {
            int perEpoch = (train.size() + batch - 1) / batch;
            trainer.train(train, test, out, resume, listener(bar, perEpoch, o, cmd, "samples/s"));
        }
        o.printf("weights: %s (log %s)%n", out.resolve("last.safetensors"), out.resolve(Trainer.LOG));
        o.flush();
        return 0;
    }

    private int trainStream(CommandLine cmd, PrintWriter o, GestureDataset ds, List<GestureClip> test, ModelConfig model,
                            TrainingConfig cfg, WeightFileConfig meta, StreamTrainingConfig sc) throws Exception {
        List<GestureRecording> train = GestureRecording.load(ds, GestureDataset.Split.TRAIN, cfg.dtUs());
        long segments = StreamSegments.count(train, sc.windows(), model.T());
        long frames = train.stream().mapToLong(GestureRecording::frames).sum();
        o.printf("data %s: %d training recordings (%d frames, %d segments of %d windows per epoch, %d burn-in), "
                + "%d test clips%n", data, train.size(), frames, segments, sc.windows(), sc.burnIn(), test.size());
        o.printf("mode stream, config %s (taw %d, nsad %s, decay %s%s), T = %d, dt = %d ms, batch %d segments, lr %g, "
                + "epochs %d, seed %d%n", config, model.taw(), model.nsad() ? "on" : "off", model.decay().key(),
                fixedTau ? ", fixed tau" : "", model.T(), dtMs, batch, lr, epochs, seed);
        o.flush();
        if (segments == 0) {
            throw new CommandLine.ParameterException(cmd, "no training recording is as long as one segment ("
                    + sc.windows() + " windows of " + model.T() + " frames); lower --stream-windows");
        }
        var trainer = new Trainer(cfg, meta);
        initialise(trainer, o);
        int perEpoch = (int) ((segments + batch - 1) / batch);
        try (Progress bar = new Progress(cmd.getErr(), "train", (long) epochs * perEpoch, "")) {
            trainer.trainStream(train, sc, test, out, resume, listener(bar, perEpoch, o, cmd, "windows/s"));
        }
        o.printf("weights: %s (log %s)%n", out.resolve("last.safetensors"), out.resolve(Trainer.LOG));
        o.flush();
        return 0;
    }

    private static TrainingListener listener(Progress bar, int perEpoch, PrintWriter o, CommandLine cmd, String unit) {
        return new TrainingListener() {
            @Override
            public void onStep(int epoch, int step, int steps, double loss, double acc, double sps) {
                bar.stepTo((long) (epoch - 1) * perEpoch + step);
                bar.message(String.format("epoch %d loss %.3f acc %.1f%% %.1f %s", epoch, loss, 100 * acc, sps, unit));
            }

            @Override
            public void onEpoch(EpochResult r) {
                synchronized (cmd.getErr()) {
                    o.printf("epoch %3d  loss %.4f  train acc %5.1f %%  test acc %5.1f %%  %.1f %s  %.0f s%n",
                            r.epoch(), r.trainLoss(), 100 * r.trainAccuracy(), 100 * r.testAccuracy(),
                            r.samplesPerSecond(), unit, r.seconds());
                    o.flush();
                }
            }
        };
    }

    /** --init: the weights (and BatchNorm running statistics) of an existing file of the same configuration. */
    private void initialise(Trainer trainer, PrintWriter o) throws java.io.IOException {
        if (init == null) {
            return;
        }
        try {
            trainer.model().load(Ds2taWeights.read(init));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--init " + init + ": " + e.getMessage());
        }
        o.printf("initialised from %s%n", init);
        o.flush();
    }
}
