package io.dvstream.jobs.inference;

import io.dvstream.model.Ds2ta;
import io.dvstream.model.Ds2taState;
import io.dvstream.model.ModelConfig;
import io.dvstream.model.Nd4jThreads;
import io.dvstream.model.StepResult;
import io.dvstream.model.StreamingConfig;
import io.dvstream.model.weights.Ds2taWeights;
import io.dvstream.model.weights.SafetensorsFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The DS2TA runtime ({@link Ds2ta}) behind the job's {@link StepClassifier} plug point: one call is
 * one {@link Ds2ta#step} of one camera on its live {@link Ds2taState}, which the job keeps in Flink
 * keyed state with {@link Ds2taStateSerializer} (bytes only at checkpoints, not per step).
 *
 * <p><b>How the weights reach the task managers:</b> the safetensors bytes of the weight file are a
 * field of this object, so they travel inside the serialized job graph (a few hundred KB for
 * small-1-64, about 10 MB for gesture-2-256) and no task manager needs the file or a shared file
 * system. {@link #open()} parses and validates them once per operator instance; the {@link Ds2ta}
 * is transient. Every parallel instance owns its own {@code Ds2ta} (one thread per instance).
 *
 * <p>ND4J's native threads: {@link Nd4jThreads#ensureConfigured()} in {@link #open()}, 1 by default
 * (parallelism comes from Flink slots), or the system property {@value Nd4jThreads#PROPERTY}.
 *
 * <p>The model id is {@code NAME#HASH}: the weight file's name (or {@code random:PRESET:seed=N}) and
 * the first 12 hex digits of the SHA-256 of the weight bytes, so that decisions name the exact weights.
 */
public final class Ds2taClassifier implements StepClassifier<Ds2taState> {

    private static final long serialVersionUID = 1L;

    private final byte[] weightBytes;
    private final String modelId;
    private final int inputWidth;
    private final int inputHeight;
    private final List<String> classes;

    private transient Ds2ta model;

    private Ds2taClassifier(byte[] weightBytes, String name, Ds2ta parsed) {
        this.weightBytes = weightBytes;
        this.modelId = name + "#" + shortHash(weightBytes);
        this.inputWidth = parsed.config().inputWidth();
        this.inputHeight = parsed.config().inputHeight();
        this.classes = List.copyOf(parsed.streaming().classes());
        this.model = parsed;
    }

    /**
     * The weights of {@code file}, read and validated here (a malformed file fails before the job is
     * built, with the file and field named).
     */
    public static Ds2taClassifier load(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        Ds2ta parsed = new Ds2ta(Ds2taWeights.fromFile(SafetensorsFile.parse(bytes, file.toString())));
        return new Ds2taClassifier(bytes, file.getFileName().toString(), parsed);
    }

    /** An in-memory model, named {@code name} in the model id. */
    public static Ds2taClassifier of(Ds2ta model, String name) {
        return new Ds2taClassifier(model.weights().toBytes(), name, model);
    }

    /** Seeded random weights of a preset ({@link Ds2ta#random}): synthetic, chance-level, not a trained model. */
    public static Ds2taClassifier random(String preset, long seed) {
        return of(Ds2ta.random(ModelConfig.preset(preset), seed), "random:" + preset + ":seed=" + seed);
    }

    /** Whether the id names seeded random weights. */
    public boolean isRandom() {
        return modelId.startsWith("random:");
    }

    public ModelConfig config() {
        return model().config();
    }

    /** Frame length, window mode, stride and class names recorded in the weight file. */
    public StreamingConfig streaming() {
        return model().streaming();
    }

    /** The weight file's bytes as they travel with the job graph. */
    public int weightBytes() {
        return weightBytes.length;
    }

    @Override
    public String modelId() {
        return modelId;
    }

    @Override
    public int inputWidth() {
        return inputWidth;
    }

    @Override
    public int inputHeight() {
        return inputHeight;
    }

    @Override
    public List<String> classNames() {
        return classes;
    }

    @Override
    public void open() throws IOException {
        Nd4jThreads.ensureConfigured();
        if (model == null) {
            model = new Ds2ta(Ds2taWeights.fromFile(SafetensorsFile.parse(weightBytes, modelId)));
        }
        warmUp(model, Integer.getInteger(WARMUP_PROPERTY, DEFAULT_WARMUP_STEPS));
    }

    /** System property: steps {@link #open()} runs on a scratch state before the first frame (0: none). */
    public static final String WARMUP_PROPERTY = "dvstream.inference.warmup.steps";
    static final int DEFAULT_WARMUP_STEPS = 8;

    /**
     * Steps a throw-away state on a few synthetic frames (empty and sparse) so that ND4J's native
     * start-up and the JIT happen in {@code open()}, not on a camera's first frames: without it the
     * first windows of a job came out 1-2 s late (docs/benchmarks.md, gesture job latency). The
     * cameras' states are not touched.
     */
    private static void warmUp(Ds2ta m, int steps) {
        if (steps <= 0) {
            return;
        }
        Ds2taState scratch = m.newState();
        float[] frame = new float[2 * m.config().inputHeight() * m.config().inputWidth()];
        for (int i = 0; i < steps; i++) {
            java.util.Arrays.fill(frame, 0f);
            if (i % 2 == 1) {
                for (int j = (i * 7919) % 13; j < frame.length; j += 13) { // about 8% of the cells: a busy frame
                    frame[j] = 1f;
                }
            }
            m.step(frame, scratch);
        }
    }

    @Override
    public Ds2taState newState() {
        return model().newState();
    }

    @Override
    public Step step(float[] frame, Ds2taState state) {
        Ds2ta m = model();
        if (state.config() != m.config() && !state.config().equals(m.config())) {
            throw new IllegalArgumentException("DS2TA state of another model configuration than " + modelId + "'s");
        }
        StepResult r = m.step(frame, state);
        return new Step(r.logits(), r.firingRate(), r.energy().joules());
    }

    /**
     * All streams in one {@link Ds2ta#step(List, List)}: their states are stacked into {@code [B, ...]}
     * arrays, so each layer runs once for the batch (what the micro-batched operator buys, about
     * 1.2-1.7x CPU per camera step at B = 4-8, docs/benchmarks.md). A batch of one is the same call
     * as {@link #step}.
     */
    @Override
    public List<Step> stepBatch(List<float[]> frames, List<Ds2taState> states) {
        Ds2ta m = model();
        for (int i = 0; i < states.size(); i++) {
            Ds2taState s = states.get(i);
            if (s.config() != m.config() && !s.config().equals(m.config())) {
                throw new IllegalArgumentException("DS2TA state " + i + " of the batch is of another model configuration than "
                        + modelId + "'s");
            }
        }
        List<StepResult> results = m.step(frames, states);
        List<Step> out = new ArrayList<>(results.size());
        for (StepResult r : results) {
            out.add(new Step(r.logits(), r.firingRate(), r.energy().joules()));
        }
        return out;
    }

    @Override
    public Ds2taStateSerializer stateSerializer() {
        return new Ds2taStateSerializer(model().config());
    }

    /** The runtime, parsed on first use when {@link #open()} has not run (offline use). */
    private Ds2ta model() {
        if (model == null) {
            try {
                open();
            } catch (IOException e) {
                throw new IllegalStateException("cannot parse the weights of " + modelId, e);
            }
        }
        return model;
    }

    private static String shortHash(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
