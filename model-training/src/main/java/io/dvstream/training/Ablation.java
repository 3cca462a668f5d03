package io.dvstream.training;

import io.dvstream.ingest.gesture.GestureTrial;
import io.dvstream.jobs.decisions.DecisionConfig;
import io.dvstream.model.Ds2ta;
import io.dvstream.model.ModelConfig;
import io.dvstream.model.StreamingConfig;
import io.dvstream.model.StreamingConfig.WindowMode;
import io.dvstream.model.weights.WeightFileConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The ablations from one call: each variant of the model (TAW 1..5, NSAD off, fixed tau,
 * TAW 1 with NSAD off) is trained with the same recipe and budget as the base, then evaluated on the
 * test users: clip accuracy (runtime, reset, centred window) and, on the whole test recordings
 * replayed as the job does in carry mode, per-window accuracy, onset latency and false starts with
 * the job's decider, and energy per decision. Carry vs reset is a deployment choice of one trained
 * model: the base is evaluated in both modes.
 *
 * <p>Each variant trains into its own folder under the output; a folder whose log already holds the
 * full number of epochs is evaluated without retraining (so a long base run can be reused, and an
 * interrupted ablation resumes).
 */
public final class Ablation {

    public static final String TABLE_MD = "ablation.md";
    public static final String TABLE_CSV = "ablation.csv";

    private Ablation() {
    }

    /** One model variant: a name and what it changes in the base configuration. */
    public record Variant(String name, ModelConfig model, boolean learnableTau) {
    }

    /** One line of the table. */
    public record Row(String variant, String mode, int taw, boolean nsad, boolean learnableTau, double clipAccuracy,
                      StreamingMetrics metrics, double joulesPerDecision, double trainSeconds) {
    }

    /** base, taw1..taw5 (the base's own TAW skipped), nsad-off, fixed-tau, taw1-nsad-off. */
    public static List<Variant> standard(ModelConfig base) {
        var out = new ArrayList<Variant>();
        out.add(new Variant("base", base, true));
        for (int w = 1; w <= 5; w++) {
            if (w != base.taw()) {
                out.add(new Variant("taw" + w, withTawNsad(base, w, base.nsad()), true));
            }
        }
        out.add(new Variant("nsad-off", withTawNsad(base, base.taw(), false), true));
        out.add(new Variant("fixed-tau", base, false));
        out.add(new Variant("taw1-nsad-off", withTawNsad(base, 1, false), true));
        return out;
    }

    /** Only the named variants of {@link #standard}, in the given order; unknown names are rejected with the known ones. */
    public static List<Variant> select(ModelConfig base, List<String> names) {
        Map<String, Variant> all = new LinkedHashMap<>();
        for (Variant v : standard(base)) {
            all.put(v.name(), v);
        }
        var out = new ArrayList<Variant>();
        for (String n : names) {
            Variant v = all.get(n);
            if (v == null) {
                throw new IllegalArgumentException("Unknown ablation variant " + n + ": known are " + all.keySet());
            }
            out.add(v);
        }
        return out;
    }

    static ModelConfig withTawNsad(ModelConfig p, int taw, boolean nsad) {
        return new ModelConfig(p.inputHeight(), p.inputWidth(), p.stemChannels(), p.stemPool(), p.blocks(), p.heads(),
                p.mlpRatio(), p.numClasses(), p.T(), taw, p.tauInit(), p.decay(), nsad, p.lifTau(), p.vth(), p.vthAttn(),
                p.bnEps());
    }

    /**
     * Trains (or reuses) and evaluates every variant, writing {@value #TABLE_MD} and {@value #TABLE_CSV}
     * into {@code out} after each one.
     *
     * @param recipe the base recipe; each variant replaces its model and learnable-tau switch
     * @param stride steps between windows of the streaming replay
     * @param log one line per finished phase
     */
    public static List<Row> run(TrainingConfig recipe, List<Variant> variants, List<GestureClip> train,
                                List<GestureClip> test, List<GestureTrial> testTrials, DecisionConfig decisions, int stride,
                                Path out, TrainingListener listener, Consumer<String> log) throws IOException {
        Files.createDirectories(out);
        var rows = new ArrayList<Row>();
        for (Variant v : variants) {
            Path dir = out.resolve(v.name());
            var cfg = new TrainingConfig(v.model(), recipe.epochs(), recipe.batch(), recipe.lr(), recipe.weightDecay(),
                    recipe.labelSmoothing(), recipe.warmupEpochs(), recipe.dtUs(), recipe.seed(), v.learnableTau(),
                    recipe.augmentation());
            int done = epochsLogged(dir);
            double trainSeconds = 0;
            if (done < recipe.epochs()) {
                var meta = new WeightFileConfig(v.model(), new StreamingConfig(WindowMode.RESET, recipe.dtUs(),
                        v.model().T(), StreamingConfig.DVS128_GESTURE_CLASSES));
                log.accept(String.format("%s: training %d epochs%s", v.name(), recipe.epochs(),
                        done > 0 ? " (resuming after epoch " + done + ")" : ""));
                long t0 = System.nanoTime();
                new Trainer(cfg, meta).train(train, test, dir, done > 0, listener);
                trainSeconds = (System.nanoTime() - t0) / 1e9;
            } else {
                log.accept(v.name() + ": reusing the finished run in " + dir);
                trainSeconds = loggedSeconds(dir);
            }
            Ds2ta model = Ds2ta.load(dir.resolve(Checkpoint.WEIGHTS));
            double clip = RuntimeClipEvaluator.evaluate(model, test, 16).accuracy();
            List<WindowMode> modes = v.name().equals("base") ? List.of(WindowMode.CARRY, WindowMode.RESET)
                    : List.of(WindowMode.CARRY);
            for (WindowMode m : modes) {
                var r = StreamReplay.replay(model, testTrials, m, stride);
                var sm = StreamingMetrics.measure(r.trials(), decisions, model.streaming().classes());
                rows.add(new Row(v.name(), m.key(), v.model().taw(), v.model().nsad(), v.learnableTau(), clip, sm,
                        r.activity().joulesPerDecision(), trainSeconds));
                log.accept(String.format(Locale.ROOT, "%s (%s): clip %.1f %%, window %.1f %%, onset median %.0f ms",
                        v.name(), m.key(), 100 * clip, 100 * sm.windows().accuracy(), sm.latencyMedianMs()));
            }
            writeTables(rows, out, recipe, decisions, stride);
        }
        return rows;
    }

    static int epochsLogged(Path dir) throws IOException {
        Path log = dir.resolve(Trainer.LOG);
        if (!Files.isRegularFile(log) || !Files.isRegularFile(dir.resolve(Checkpoint.WEIGHTS))) {
            return 0;
        }
        return Trainer.readLog(log).size();
    }

    private static double loggedSeconds(Path dir) throws IOException {
        double s = 0;
        for (String line : Files.readAllLines(dir.resolve(Trainer.LOG), StandardCharsets.UTF_8)) {
            int i = line.indexOf("\"seconds\":");
            if (i >= 0) {
                int j = i + 10;
                int k = j;
                while (k < line.length() && (Character.isDigit(line.charAt(k)) || ".eE-+".indexOf(line.charAt(k)) >= 0)) {
                    k++;
                }
                s += Double.parseDouble(line.substring(j, k));
            }
        }
        return s;
    }

    /** The table as Markdown (for the docs) and CSV. */
    static void writeTables(List<Row> rows, Path out, TrainingConfig recipe, DecisionConfig d, int stride)
            throws IOException {
        var md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Recipe: %d epochs, batch %d, lr %g, seed %d, dt %d ms; streaming: carry unless "
                        + "stated, stride %d, decider on %.2f off %.2f on-windows %d off-windows %d min-events %d.%n%n",
                recipe.epochs(), recipe.batch(), recipe.lr(), recipe.seed(), recipe.dtUs() / 1000, stride, d.onThreshold(),
                d.offThreshold(), d.onWindows(), d.offWindows(), d.minEventsPerWindow()));
        md.append("| variant | mode | TAW | NSAD | tau | clip acc | window acc | onsets found | onset median ms | onset p90 ms "
                + "| false / idle min | energy / decision uJ | train s |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        var csv = new StringBuilder("variant,mode,taw,nsad,learnable_tau,clip_accuracy,window_accuracy,onsets_found,gestures,"
                + "onset_median_ms,onset_p90_ms,false_per_idle_minute,wrong_starts,energy_per_decision_j,train_seconds\n");
        for (Row r : rows) {
            StreamingMetrics m = r.metrics();
            md.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %s | %.1f %% | %.1f %% | %d/%d | %.0f | %.0f | %.2f | %.3f | %.0f |%n",
                    r.variant(), r.mode(), r.taw(), r.nsad() ? "on" : "off", r.learnableTau() ? "learnable" : "fixed",
                    100 * r.clipAccuracy(), 100 * m.windows().accuracy(), m.detected(), m.gestures(), m.latencyMedianMs(),
                    m.latencyP90Ms(), m.falseStartsPerIdleMinute(), r.joulesPerDecision() * 1e6, r.trainSeconds()));
            csv.append(String.format(Locale.ROOT, "%s,%s,%d,%b,%b,%.4f,%.4f,%d,%d,%.1f,%.1f,%.3f,%d,%.4e,%.0f%n", r.variant(),
                    r.mode(), r.taw(), r.nsad(), r.learnableTau(), r.clipAccuracy(), m.windows().accuracy(), m.detected(),
                    m.gestures(), m.latencyMedianMs(), m.latencyP90Ms(), m.falseStartsPerIdleMinute(), m.wrongStarts(),
                    r.joulesPerDecision(), r.trainSeconds()));
        }
        Files.writeString(out.resolve(TABLE_MD), md.toString(), StandardCharsets.UTF_8);
        Files.writeString(out.resolve(TABLE_CSV), csv.toString(), StandardCharsets.UTF_8);
    }
}
