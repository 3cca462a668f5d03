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
                + "mode): per labelled gesture of the split, the window of T frames centred in the label."},
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
        if (png != null) {
            io.dvstream.training.Plots.confusion(cm, model.streaming().classes(), png);
            o.printf("wrote %s%n", png);
        }
        o.flush();
        return 0;
    }
}
