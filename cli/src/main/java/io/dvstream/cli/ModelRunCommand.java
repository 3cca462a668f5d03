package io.dvstream.cli;

import io.dvstream.model.Ds2ta;
import io.dvstream.model.Ds2taState;
import io.dvstream.model.ModelConfig;
import io.dvstream.model.StepEnergy;
import io.dvstream.model.StepResult;
import io.dvstream.model.weights.SafetensorsFile;
import io.dvstream.model.weights.SafetensorsWriter;
import io.dvstream.model.weights.TensorInfo;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dvstream model run}: S consecutive steps of one stream, carry mode from a resting state,
 * written out so that another implementation of docs/ds2ta-spec.md can be compared step by step.
 */
@Command(name = "run",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Run S consecutive steps of one stream (state carried from rest) through a DS2TA weight file.",
                "Input: a safetensors file with tensor 'frames' [S, 2, H, W] float32 (channel 0 OFF, 1 ON event counts).",
                "Output: a safetensors file with 'logits' [S, numClasses], 'spikes' [S, layers] (spike count per LIF "
                        + "layer per step, layer names in the metadata key 'layers'), 'firing_rate' [S] and "
                        + "'energy' [S, 3] (SOPs, MACs, joules by the 45 nm figures)."},
        footer = {"", "Example:",
                "  ./dvstream model run --weights /tmp/w.safetensors --frames f.safetensors --out o.safetensors"})
final class ModelRunCommand implements Callable<Integer> {

    /** The input tensor name. */
    static final String FRAMES = "frames";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--weights", required = true, paramLabel = "W", description = "The weight file.")
    Path weights;

    @Option(names = "--frames", required = true, paramLabel = "F", description = "Frames [S, 2, H, W] (safetensors).")
    Path frames;

    @Option(names = "--out", required = true, paramLabel = "O", description = "Output file (safetensors).")
    Path out;

    @Override
    public Integer call() throws Exception {
        Ds2ta m = Ds2ta.load(weights);
        ModelConfig c = m.config();
        SafetensorsFile in = SafetensorsFile.read(frames);
        if (!in.tensors().containsKey(FRAMES)) {
            throw new IllegalArgumentException(frames + ": no tensor '" + FRAMES + "' (has " + in.tensors().keySet() + ")");
        }
        TensorInfo info = in.info(FRAMES);
        long[] shape = info.shape();
        if (shape.length != 4 || shape[1] != 2 || shape[2] != c.inputHeight() || shape[3] != c.inputWidth()) {
            throw new IllegalArgumentException(frames + ": tensor '" + FRAMES + "' has shape " + info.shapeString()
                    + " where the model needs [S, 2, " + c.inputHeight() + ", " + c.inputWidth() + "]");
        }
        float[] all = in.floats(FRAMES);
        int s = (int) shape[0];
        int size = 2 * c.inputHeight() * c.inputWidth();
        int layers = m.stateLayout().lifLayers();
        int k = c.numClasses();
        float[] logits = new float[s * k];
        float[] spikes = new float[s * layers];
        float[] rates = new float[s];
        float[] energy = new float[s * 3];
        Ds2taState state = m.newState();
        StepEnergy total = StepEnergy.ZERO;
        long t0 = System.nanoTime();
        for (int t = 0; t < s; t++) {
            StepResult r = m.step(Arrays.copyOfRange(all, t * size, (t + 1) * size), state);
            System.arraycopy(r.logits(), 0, logits, t * k, k);
            for (int j = 0; j < layers; j++) {
                spikes[t * layers + j] = r.spikeCounts()[j];
            }
            rates[t] = (float) r.firingRate();
            energy[t * 3] = (float) r.energy().sops();
            energy[t * 3 + 1] = (float) r.energy().macs();
            energy[t * 3 + 2] = (float) r.energy().joules();
            total = total.plus(r.energy());
        }
        double ms = (System.nanoTime() - t0) / 1e6;
        new SafetensorsWriter()
                .metadata("layers", String.join(",", m.stateLayout().lifLayerNames()))
                .metadata("weights", weights.getFileName().toString())
                .put("logits", new long[] {s, k}, logits)
                .put("spikes", new long[] {s, layers}, spikes)
                .put("firing_rate", new long[] {s}, rates)
                .put("energy", new long[] {s, 3}, energy)
                .write(out);
        var w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "%d steps in %.1f ms (%.2f ms/step); mean firing rate %.4f; %.3g SOP, %.3g MAC, %.4f mJ%n", s,
                ms, s == 0 ? 0 : ms / s, mean(rates), total.sops(), total.macs(), total.joules() * 1e3);
        w.printf(Locale.ROOT, "wrote %s%n", out);
        w.flush();
        return 0;
    }

    private static double mean(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += x;
        }
        return v.length == 0 ? 0 : sum / v.length;
    }
}
