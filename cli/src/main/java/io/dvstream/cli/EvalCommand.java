package io.dvstream.cli;

import io.dvstream.ingest.gesture.GestureDataset;
import io.dvstream.model.Ds2ta;
import io.dvstream.training.ConfusionMatrix;
import io.dvstream.training.GestureClip;
import io.dvstream.training.GestureClips;
import io.dvstream.training.RuntimeClipEvaluator;
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

    @Option(names = "--stream", description = "Also replay the split's whole recordings frame by frame and report the "
            + "per-window accuracy inside labelled gestures, state carried (carry) and reset per window (reset).")
    boolean stream;

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
            var trials = GestureDataset.open(data).trials(split);
            for (boolean carry : new boolean[] {true, false}) {
                ConfusionMatrix sm = io.dvstream.training.StreamingWindowEvaluator.evaluate(model, trials, carry);
                o.printf("streaming, %s mode, window %d steps every %d steps: per-window accuracy inside gestures "
                        + "%d/%d = %.1f %%%n", carry ? "carry" : "reset", model.config().T(), model.streaming().stride(),
                        sm.correct(), sm.total(), 100 * sm.accuracy());
            }
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
        if (png != null) {
            io.dvstream.training.Plots.confusion(cm, model.streaming().classes(), png);
            o.printf("wrote %s%n", png);
        }
        o.flush();
        return 0;
    }
}
