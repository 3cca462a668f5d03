package io.dvstream.training;

import io.dvstream.model.weights.Ds2taWeights;
import io.dvstream.model.weights.SafetensorsFile;
import io.dvstream.model.weights.SafetensorsWriter;
import io.dvstream.model.weights.WeightFileConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * A training checkpoint in a folder: {@code last.safetensors}, a weight file of the runtime's
 * contract (spec section 6; {@code Ds2ta.load} reads it), and {@code last.optim.safetensors}, the
 * AdamW moments ({@code m.NAME}, {@code v.NAME}) with the epoch and step in its metadata. Both are
 * written to a temporary name and moved into place, weights first, optimizer last, so a crash
 * leaves either the old or the new pair's optimizer file naming the epoch it belongs to.
 * Every epoch's weights are also kept as {@code epoch-NNN.safetensors}.
 *
 * <p>Weights are float32 in the file and double in training: a resumed run continues from the
 * rounded values, so it matches an uninterrupted run closely, not bit for bit.
 */
public final class Checkpoint {

    public static final String WEIGHTS = "last.safetensors";
    public static final String OPTIMIZER = "last.optim.safetensors";

    private Checkpoint() {
    }

    /** Writes the pair for the end of {@code epoch} (1-based). */
    public static void write(Path dir, int epoch, TrainableDs2ta model, AdamW opt, WeightFileConfig meta) throws IOException {
        Files.createDirectories(dir);
        Ds2taWeights w = model.toWeights(meta);
        Path tmp = dir.resolve(WEIGHTS + ".tmp");
        w.write(tmp);
        Files.copy(tmp, dir.resolve(String.format("epoch-%03d.safetensors", epoch)), StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, dir.resolve(WEIGHTS), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        var sw = new SafetensorsWriter();
        for (Map.Entry<String, Node> e : model.parameters().entrySet()) {
            long[] shape = {e.getValue().size()};
            sw.put("m." + e.getKey(), shape, floats(opt.m.get(e.getKey())));
            sw.put("v." + e.getKey(), shape, floats(opt.v.get(e.getKey())));
        }
        sw.metadata("epoch", Integer.toString(epoch));
        sw.metadata("step", Long.toString(opt.step));
        Path otmp = dir.resolve(OPTIMIZER + ".tmp");
        sw.write(otmp);
        Files.move(otmp, dir.resolve(OPTIMIZER), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Restores weights and optimizer state; returns the epoch the checkpoint ended. */
    public static int restore(Path dir, TrainableDs2ta model, AdamW opt) throws IOException {
        Path wf = dir.resolve(WEIGHTS);
        Path of = dir.resolve(OPTIMIZER);
        if (!Files.exists(wf) || !Files.exists(of)) {
            throw new IOException("no checkpoint to resume in " + dir + ": need " + WEIGHTS + " and " + OPTIMIZER);
        }
        model.load(Ds2taWeights.read(wf));
        SafetensorsFile f = SafetensorsFile.read(of);
        for (String name : model.parameters().keySet()) {
            copy(f.floats("m." + name), opt.m.get(name), of, name);
            copy(f.floats("v." + name), opt.v.get(name), of, name);
        }
        String epoch = f.metadata().get("epoch");
        String step = f.metadata().get("step");
        if (epoch == null || step == null) {
            throw new IOException(of + ": metadata needs epoch and step");
        }
        opt.step = Long.parseLong(step);
        return Integer.parseInt(epoch);
    }

    private static void copy(float[] src, double[] dst, Path file, String name) throws IOException {
        if (src.length != dst.length) {
            throw new IOException(file + ": optimizer state of " + name + " has " + src.length + " values, the model "
                    + dst.length);
        }
        for (int i = 0; i < dst.length; i++) {
            dst[i] = src[i];
        }
    }

    private static float[] floats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }
}
