package io.dvstream.cli;

import io.dvstream.ingest.gesture.GestureDataset;
import io.dvstream.model.Ds2ta;
import io.dvstream.training.ConfusionMatrix;
import io.dvstream.training.GestureClip;
import io.dvstream.training.GestureClips;
import io.dvstream.training.RuntimeClipEvaluator;
import io.dvstream.training.DecisionCalibration;
import io.dvstream.training.StreamReplay;
import io.dvstream.training.StreamingFigures;
import io.dvstream.training.StreamingMetrics;
import io.dvstream.jobs.decisions.DecisionConfig;
import io.dvstream.model.StreamingConfig;
import io.dvstream.model.StreamingConfig.WindowMode;
import io.dvstream.model.weights.Ds2taWeights;
import io.dvstream.model.weights.WeightFileConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dvstream eval}: clip accuracy and confusion matrix of a weight file on the test users. */
@Command(name = "eval",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Clip accuracy and confusion matrix of a DS2TA weight file, run by the runtime (float32, reset "
                + "mode): per labelled gesture of the split, the window of T frames centred in the label. "
                + "Also prints the learned TASA constants and NSAD tables."},
        footer = {"", "Example:", "  ./dvstream eval --weights /tmp/run/last.safetensors --data /tmp/corpus"})
final class EvalCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--weights", required = true, paramLabel = "W", description = "The weight file.")
    Path weights;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "DVS128 Gesture layout folder.")
    Path data;

    @Option(names = "--split", defaultValue = "TEST", description = "TRAIN or TEST. Default: ${DEFAULT-VALUE}.")
    GestureDataset.Split split;

    @Option(names = "--png", paramLabel = "FILE", description = "Also draw the confusion matrix as a PNG.")
    Path png;

    @Option(names = "--stream", description = "Also replay the split's whole recordings frame by frame as the Flink job "
            + "does (windows of T steps every --stride steps, state carried or reset per window) and run the job's gesture "
            + "decider on the windows: per-window accuracy inside gestures, accuracy vs time after onset, onset latency "
            + "(median, p90), false gesture starts per idle minute, energy per decision, firing rate per LIF layer.")
    boolean stream;

    @Option(names = "--modes", split = ",", defaultValue = "carry,reset", paramLabel = "carry|reset",
            description = "Window modes of --stream. Default: ${DEFAULT-VALUE}.")
    List<String> modes;

    @Option(names = "--stride", paramLabel = "STEPS", description = "Steps between windows of --stream. Default: the weight file's stride.")
    Integer stride;

    @CommandLine.Mixin
    DecisionOptions decision;

    @Option(names = "--calibrate", description = "Before --stream, choose the decider's thresholds on the TRAIN split's "
            + "recordings (never the test users) with the first of --modes, and use them.")
    boolean calibrate;

    @Option(names = "--max-false-per-idle-minute", defaultValue = "0.5", description = "Bound of --calibrate. Default: ${DEFAULT-VALUE}.")
    double maxFalse;

    @Option(names = "--plots", paramLabel = "DIR", description = "Write the PNG figures of --stream (and the NSAD tables) into DIR.")
    Path plots;

    @Option(names = "--export", paramLabel = "FILE", description = "Write the weights again with the first of --modes and the "
            + "stride in their streaming section (what 'job run' and 'demo' then default to).")
    Path export;

    @Option(names = "--batch", defaultValue = "16", description = "Clips per runtime step. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Override
    public Integer call() throws Exception {
        Ds2ta model = Ds2ta.load(weights);
        List<GestureClip> clips = GestureClips.load(GestureDataset.open(data), split);
        ConfusionMatrix cm = RuntimeClipEvaluator.evaluate(model, clips, batch);
        var o = spec.commandLine().getOut();
        o.printf("%s on %s (%s split, %d clips, reset mode, centred window of %d x %d ms)%n", weights, data,
                split.name().toLowerCase(java.util.Locale.ROOT), clips.size(), model.config().T(),
                model.streaming().dtUs() / 1000);
        o.print(cm.toText());
        if (stream) {
            streaming(model, o);
        }
        var c = model.config();
        for (int l = 0; l < c.blocks(); l++) {
            String a = "blocks." + l + ".attn.";
            o.printf("block %d TASA tau: q %.3f  k %.3f  v %.3f  a %.3f%n", l, model.weights().get(a + "tau_q")[0],
                    model.weights().get(a + "tau_k")[0], model.weights().get(a + "tau_v")[0],
                    model.weights().get(a + "tau_a")[0]);
            if (c.nsad()) {
                float[] lut = model.weights().get(a + "nsad.lut");
                int width = c.headDim() + 1;
                for (int h = 0; h < c.heads(); h++) {
                    var row = new StringBuilder();
                    for (int v = 0; v < width; v++) {
                        row.append(String.format(" %.3f", lut[h * width + v]));
                    }
                    o.printf("block %d head %d NSAD LUT[0..%d]:%s%n", l, h, width - 1, row);
                }
            }
        }
        if (plots != null && c.nsad()) {
            io.dvstream.training.NsadFigure.write(model, plots.resolve("nsad-tables.png"));
            o.printf("wrote %s%n", plots.resolve("nsad-tables.png"));
        }
        if (png != null) {
            io.dvstream.training.Plots.confusion(cm, model.streaming().classes(), png);
            o.printf("wrote %s%n", png);
        }
        o.flush();
        return 0;
    }
    private void streaming(Ds2ta model, PrintWriter o) throws Exception {
        int st = stride != null ? stride : model.streaming().stride();
        var ds = GestureDataset.open(data);
        List<String> classes = model.streaming().classes();
        DecisionConfig cfg = decision.config();
        List<WindowMode> ms = modes.stream().map(WindowMode::fromKey).toList();
        if (calibrate) {
            var cal = StreamReplay.replay(model, ds.trials(GestureDataset.Split.TRAIN), ms.get(0), st);
            var choice = DecisionCalibration.calibrate(cal.trials(), classes, maxFalse);
            cfg = choice.config();
            o.printf("calibration on the TRAIN split (%d recordings, %s mode, stride %d, %d settings tried, bound %s): "
                    + "on %.2f off %.2f on-windows %d off-windows %d min-events %d%n", cal.trials().size(),
                    ms.get(0).key(), st, choice.settingsTried(), choice.boundMet() ? "met" : "NOT met", cfg.onThreshold(),
                    cfg.offThreshold(), cfg.onWindows(), cfg.offWindows(), cfg.minEventsPerWindow());
            o.print(indent(choice.metrics().toText(), "  calibration split: "));
        }
        var trials = ds.trials(split);
        for (WindowMode m : ms) {
            var r = StreamReplay.replay(model, trials, m, st);
            StreamingMetrics sm = StreamingMetrics.measure(r.trials(), cfg, classes);
            var a = r.activity();
            o.printf("streaming, %s mode, window %d steps every %d steps (%d ms), decider on %.2f off %.2f on-windows %d "
                    + "off-windows %d min-events %d, %d recordings:%n", m.key(), model.config().T(), st,
                    st * model.streaming().dtUs() / 1000, cfg.onThreshold(), cfg.offThreshold(), cfg.onWindows(),
                    cfg.offWindows(), cfg.minEventsPerWindow(), r.trials().size());
            o.print(indent(sm.toText(), "  "));
            o.printf("  energy: %.3f uJ per decision, %.3f uJ per step (%d steps, %d decisions)%n",
                    a.joulesPerDecision() * 1e6, a.joulesPerStep() * 1e6, a.steps(), a.windows());
            for (int i = 0; i < a.layers().size(); i++) {
                o.printf("  firing rate %-24s %.4f%n", a.layers().get(i), a.firingRate(i));
            }
            if (plots != null) {
                for (Path f : StreamingFigures.write(sm, a, plots, m.key())) {
                    o.printf("wrote %s%n", f);
                }
            }
        }
        if (export != null) {
            var s = model.streaming();
            var meta = new WeightFileConfig(model.config(), new StreamingConfig(ms.get(0), s.dtUs(), st, s.classes()));
            var tensors = new java.util.LinkedHashMap<String, float[]>();
            for (String n : model.weights().names()) {
                tensors.put(n, model.weights().get(n));
            }
            new Ds2taWeights(meta, tensors).write(export);
            o.printf("exported %s (%s mode, stride %d)%n", export, ms.get(0).key(), st);
        }
    }

    private static String indent(String text, String prefix) {
        var b = new StringBuilder();
        for (String line : text.split("\n")) {
            b.append(prefix).append(line).append('\n');
        }
        return b.toString();
    }
}
