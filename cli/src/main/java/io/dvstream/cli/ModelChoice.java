package io.dvstream.cli;

import io.dvstream.jobs.inference.Ds2taClassifier;
import io.dvstream.jobs.inference.StandInClassifier;
import io.dvstream.jobs.inference.StepClassifier;
import io.dvstream.model.ModelConfig;
import io.dvstream.model.StreamingConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What {@code --model} of {@code job run} and {@code demo} names, resolved to the job's classifier:
 * <ul>
 *   <li>{@code FILE.safetensors}: DS2TA weights ({@link Ds2taClassifier#load});</li>
 *   <li>{@code random:PRESET[:SEED]}: seeded random DS2TA weights of a preset (synthetic, chance level);</li>
 *   <li>{@code stand-in}: the stand-in read-out (not a model; for binning benchmarks);</li>
 *   <li>nothing: the first {@code .safetensors} file in {@code models/} (the shipped model) if there
 *       is one, else {@code random:small-1-64:}{@value #DEFAULT_SEED}.</li>
 * </ul>
 * A weight file may have the decider settings calibrated for it beside it
 * ({@code NAME.decision.properties}, {@code decision.*} keys); they become the job's defaults.
 * Random weights and the stand-in are announced loudly: their gestures are chance-level.
 */
record ModelChoice(StepClassifier classifier, String origin, Path weights) {

    /** Suffix of the decider settings calibrated for a weight file, next to it ({@code NAME.decision.properties}). */
    static final String DECISION_SIDECAR = ".decision.properties";

    ModelChoice(StepClassifier classifier, String origin) {
        this(classifier, origin, null);
    }

    /** The random model's seed when nothing else is given, so that two runs agree. */
    static final long DEFAULT_SEED = 1;
    static final String DEFAULT_PRESET = ModelConfig.SMALL_1_64;

    /**
     * @param spec the --model value, or null for the default
     * @throws IllegalArgumentException for a spec that names nothing loadable, with the reason
     */
    static ModelChoice resolve(String spec) throws IOException {
        if (spec == null || spec.isBlank()) {
            Path shipped = shippedModel();
            if (shipped != null) {
                return new ModelChoice(Ds2taClassifier.load(shipped), "the shipped model " + shipped, shipped);
            }
            return new ModelChoice(Ds2taClassifier.random(DEFAULT_PRESET, DEFAULT_SEED),
                    "no --model and no shipped model in models/: random weights");
        }
        if (spec.equals("stand-in")) {
            return new ModelChoice(StandInClassifier.of(JobRunCommand.STAND_IN_SEED, StreamingConfig.DVS128_GESTURE_CLASSES),
                    "--model stand-in");
        }
        if (spec.startsWith("random:")) {
            String[] parts = spec.split(":", -1);
            if (parts.length < 2 || parts.length > 3 || parts[1].isBlank()) {
                throw new IllegalArgumentException("--model " + spec + ": expected random:PRESET or random:PRESET:SEED, e.g. random:"
                        + DEFAULT_PRESET + ":" + DEFAULT_SEED);
            }
            long seed = DEFAULT_SEED;
            if (parts.length == 3) {
                try {
                    seed = Long.parseLong(parts[2]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--model " + spec + ": seed '" + parts[2] + "' is not an integer", e);
                }
            }
            return new ModelChoice(Ds2taClassifier.random(parts[1], seed), "--model " + spec + ": random weights");
        }
        Path file = Path.of(spec);
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("--model " + spec + ": no such readable file (give a DS2TA .safetensors weight file, "
                    + "random:PRESET[:SEED] or stand-in)");
        }
        return new ModelChoice(Ds2taClassifier.load(file), "--model " + file, file);
    }

    /** The first weight file in models/ next to the repository (dvstream.home), or null. */
    static Path shippedModel() throws IOException {
        Path dir = Path.of(System.getProperty("dvstream.home", ".")).resolve("models").normalize();
        if (!Files.isDirectory(dir)) {
            return null;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".safetensors")).sorted().findFirst().orElse(null);
        }
    }

    /** Whether the classifier's gestures are chance level by construction. */
    boolean untrained() {
        return classifier instanceof StandInClassifier || classifier instanceof Ds2taClassifier d && d.isRandom();
    }

    /** Says which model runs; loudly when it is not trained. */
    void announce(PrintWriter err) {
        if (classifier instanceof StandInClassifier) {
            err.println("*** STAND-IN classifier " + classifier.modelId() + " (" + origin + ").");
            err.println("*** It is NOT a trained model (not DS2TA at all); its gesture records exercise the pipeline and mean nothing.");
        } else if (untrained()) {
            err.println("*** RANDOM WEIGHTS: DS2TA " + classifier.modelId() + " (" + origin + ").");
            err.println("*** Not a trained model: its gestures are chance level (about 1 in " + classifier.classNames().size()
                    + " right). Give trained weights with --model W.safetensors.");
        } else {
            err.println("Model: DS2TA " + classifier.modelId() + " (" + origin + ")");
            Path sidecar = decisionSidecar();
            if (sidecar != null) {
                err.println("Decision thresholds calibrated for this model: " + sidecar + " (--set decision.KEY=VALUE overrides)");
            }
        }
        err.flush();
    }

    /**
     * Job settings the weight file implies, for keys the user did not set: frame length, window
     * mode and stride from its streaming section, T from its configuration.
     */
    void addDefaults(Map<String, String> settings) throws IOException {
        Path sidecar = decisionSidecar();
        if (sidecar != null) {
            // the decider's thresholds were calibrated for these weights (docs/training.md): they replace the job's generic defaults
            var p = new java.util.Properties();
            try (var in = Files.newBufferedReader(sidecar)) {
                p.load(in);
            }
            for (String k : p.stringPropertyNames()) {
                if (!k.startsWith("decision.")) {
                    throw new IllegalArgumentException(sidecar + ": only decision.* keys belong in a decision file, found " + k);
                }
                settings.putIfAbsent(k, p.getProperty(k).trim());
            }
        }
        if (classifier instanceof Ds2taClassifier d) {
            StreamingConfig s = d.streaming();
            settings.putIfAbsent("bin.width.us", Long.toString(s.dtUs()));
            settings.putIfAbsent("window.steps", Integer.toString(d.config().T()));
            settings.putIfAbsent("window.stride", Integer.toString(s.stride()));
            settings.putIfAbsent("window.mode", s.mode().key());
        }
    }

    /** {@code NAME.decision.properties} beside the weight file {@code NAME.safetensors}, or null if there is none. */
    Path decisionSidecar() {
        if (weights == null) {
            return null;
        }
        String name = weights.getFileName().toString();
        String stem = name.endsWith(".safetensors") ? name.substring(0, name.length() - ".safetensors".length()) : name;
        Path p = weights.resolveSibling(stem + DECISION_SIDECAR);
        return Files.isRegularFile(p) ? p : null;
    }
}
