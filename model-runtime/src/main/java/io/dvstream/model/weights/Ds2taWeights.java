package io.dvstream.model.weights;

import io.dvstream.model.ModelConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A complete set of DS2TA weights with its configuration: exactly the tensors of
 * {@link WeightContract#expectedShapes}, as row-major float arrays. {@link #read(Path)} and
 * {@link #write(Path)} use the safetensors weight-file contract of docs/ds2ta-spec.md section 6.
 *
 * <p>Loading rejects, naming the tensor: a missing or unexpected tensor, a wrong shape or dtype, a
 * non-finite value, a negative BatchNorm {@code running_var}, an effective tau that gives no
 * attenuation factor in [0, 1), and an NSAD table whose entry 0 is not 0.
 */
public final class Ds2taWeights {

    private final WeightFileConfig config;
    private final Map<String, float[]> tensors;
    private final Map<String, long[]> shapes;

    /**
     * Wraps {@code tensors} (not copied); they must match the contract for {@code config} exactly.
     *
     * @throws IllegalArgumentException naming the first tensor that is missing, unexpected or of the wrong size
     */
    public Ds2taWeights(WeightFileConfig config, Map<String, float[]> tensors) {
        this.config = config;
        this.shapes = WeightContract.expectedShapes(config.model());
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            float[] data = tensors.get(e.getKey());
            if (data == null) {
                throw new IllegalArgumentException("missing tensor " + e.getKey());
            }
            long numel = Arrays.stream(e.getValue()).reduce(1, Math::multiplyExact);
            if (data.length != numel) {
                throw new IllegalArgumentException("tensor " + e.getKey() + " has " + data.length
                        + " values but shape " + Arrays.toString(e.getValue()) + " needs " + numel);
            }
        }
        for (String name : tensors.keySet()) {
            if (!shapes.containsKey(name)) {
                throw new IllegalArgumentException("unexpected tensor " + name + " for this configuration");
            }
        }
        var ordered = new LinkedHashMap<String, float[]>();
        shapes.keySet().forEach(n -> ordered.put(n, tensors.get(n)));
        this.tensors = Collections.unmodifiableMap(ordered);
    }

    /** Reads a weight file, validating the safetensors format, the configuration and the tensor contract. */
    public static Ds2taWeights read(Path file) throws IOException {
        return fromFile(SafetensorsFile.read(file));
    }

    /** Validates an already parsed safetensors file against the contract. */
    public static Ds2taWeights fromFile(SafetensorsFile f) throws MalformedWeightFileException {
        String src = f.source();
        String json = f.metadata().get(WeightFileConfig.METADATA_KEY);
        if (json == null) {
            throw new MalformedWeightFileException(src, "__metadata__ has no " + WeightFileConfig.METADATA_KEY
                    + " entry: a DS2TA weight file carries its configuration there");
        }
        WeightFileConfig config = WeightFileConfig.fromJson(json, src);
        Map<String, long[]> expected = WeightContract.expectedShapes(config.model());
        for (String name : expected.keySet()) {
            if (!f.tensors().containsKey(name)) {
                throw new MalformedWeightFileException(src, "missing tensor " + name);
            }
        }
        List<String> unexpected = new ArrayList<>();
        for (String name : f.tensors().keySet()) {
            if (!expected.containsKey(name)) {
                unexpected.add(name);
            }
        }
        if (!unexpected.isEmpty()) {
            throw new MalformedWeightFileException(src, "unexpected tensor" + (unexpected.size() > 1 ? "s " : " ")
                    + String.join(", ", unexpected) + " (not part of the contract for this configuration)");
        }
        var tensors = new LinkedHashMap<String, float[]>();
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            TensorInfo info = f.info(e.getKey());
            if (!Arrays.equals(info.shape(), e.getValue())) {
                throw new MalformedWeightFileException(src, "tensor " + e.getKey() + ": shape " + info.shapeString()
                        + " where the configuration needs " + Arrays.toString(e.getValue()));
            }
            float[] data = f.floats(e.getKey());
            checkValues(src, e.getKey(), data, config.model());
            tensors.put(e.getKey(), data);
        }
        return new Ds2taWeights(config, tensors);
    }

    private static void checkValues(String src, String name, float[] data, ModelConfig c)
            throws MalformedWeightFileException {
        for (int i = 0; i < data.length; i++) {
            if (!Float.isFinite(data[i])) {
                throw new MalformedWeightFileException(src, "tensor " + name + ": non-finite value " + data[i]
                        + " at flat index " + i);
            }
        }
        if (name.endsWith(".running_var")) {
            for (int i = 0; i < data.length; i++) {
                if (data[i] < 0) {
                    throw new MalformedWeightFileException(src, "tensor " + name + ": negative variance " + data[i]
                            + " at channel " + i);
                }
            }
        } else if (name.contains(".attn.tau_")) {
            double a = c.decay().factor(data[0]);
            if (!(data[0] > 0) || !(a >= 0 && a < 1)) {
                throw new MalformedWeightFileException(src, "tensor " + name + ": tau " + data[0] + " gives attenuation a = "
                        + a + " with decay " + c.decay().key() + ", outside [0, 1)");
            }
        } else if (name.endsWith(".nsad.lut")) {
            int width = c.headDim() + 1;
            for (int h = 0; h < c.heads(); h++) {
                if (data[h * width] != 0f) {
                    throw new MalformedWeightFileException(src, "tensor " + name + ": LUT[" + h + "][0] = "
                            + data[h * width] + " but entry 0 is fixed at 0 (spec 4.3)");
                }
            }
        }
    }

    /** Writes the weights and the configuration as a safetensors file, tensors in spec order. */
    public void write(Path file) throws IOException {
        writer().write(file);
    }

    /** The complete file as bytes. */
    public byte[] toBytes() {
        return writer().toBytes();
    }

    private SafetensorsWriter writer() {
        var w = new SafetensorsWriter().metadata(WeightFileConfig.METADATA_KEY, config.toJson());
        tensors.forEach((name, data) -> w.put(name, shapes.get(name), data));
        return w;
    }

    /**
     * Seeded random weights that keep every LIF layer active: He-scaled conv and linear weights,
     * BatchNorm with positive shifts, tau near {@code tauInit}, NSAD tables near the 0.125 * v
     * initialisation with entry 0 at 0. For tests, benchmarks and {@code model run} without a
     * trained model; not an initialisation for training.
     */
    public static Ds2taWeights random(WeightFileConfig config, long seed) {
        var rnd = new SplittableRandom(seed);
        ModelConfig c = config.model();
        var out = new LinkedHashMap<String, float[]>();
        for (Map.Entry<String, long[]> e : WeightContract.expectedShapes(c).entrySet()) {
            String name = e.getKey();
            long[] shape = e.getValue();
            float[] data = new float[(int) Arrays.stream(shape).reduce(1, Math::multiplyExact)];
            if (name.endsWith(".bn.weight")) {
                fill(data, () -> uniform(rnd, 0.5, 1.5));
            } else if (name.endsWith(".bn.bias")) {
                fill(data, () -> uniform(rnd, 0.2, 1.2));
            } else if (name.endsWith(".running_mean")) {
                fill(data, () -> uniform(rnd, -0.2, 0.2));
            } else if (name.endsWith(".running_var")) {
                fill(data, () -> uniform(rnd, 0.5, 1.5));
            } else if (name.contains(".attn.tau_")) {
                data[0] = (float) (c.tauInit() * uniform(rnd, 1.0, 1.25));
            } else if (name.endsWith(".nsad.lut")) {
                int width = c.headDim() + 1;
                for (int i = 0; i < data.length; i++) {
                    int v = i % width;
                    data[i] = (float) (0.125 * v * uniform(rnd, 0.5, 1.5));
                }
            } else if (name.endsWith(".bias")) {
                fill(data, () -> uniform(rnd, -0.1, 0.1));
            } else {
                long fanIn = 1;
                for (int i = 1; i < shape.length; i++) {
                    fanIn *= shape[i];
                }
                double std = StrictMath.sqrt(2.0 / fanIn);
                fill(data, () -> std * gaussian(rnd));
            }
            out.put(name, data);
        }
        return new Ds2taWeights(config, out);
    }

    private static double uniform(SplittableRandom rnd, double lo, double hi) {
        return lo + (hi - lo) * rnd.nextDouble();
    }

    /** N(0, 1) by Box-Muller with StrictMath, so the same seed gives the same bytes on every JVM. */
    private static double gaussian(SplittableRandom rnd) {
        double u = 1.0 - rnd.nextDouble();
        double v = rnd.nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u)) * StrictMath.cos(2 * StrictMath.PI * v);
    }

    private static void fill(float[] data, java.util.function.DoubleSupplier s) {
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) s.getAsDouble();
        }
    }

    public WeightFileConfig config() {
        return config;
    }

    /** Tensor names in spec order. */
    public java.util.Set<String> names() {
        return tensors.keySet();
    }

    /** The row-major data of tensor {@code name} (shared, do not modify). */
    public float[] get(String name) {
        float[] t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no tensor " + name + " in the contract for this configuration");
        }
        return t;
    }

    /** The shape of tensor {@code name}. */
    public long[] shape(String name) {
        long[] s = shapes.get(name);
        if (s == null) {
            throw new IllegalArgumentException("no tensor " + name + " in the contract for this configuration");
        }
        return s.clone();
    }

    /** Total number of parameters. */
    public long parameterCount() {
        return tensors.values().stream().mapToLong(t -> t.length).sum();
    }
}
