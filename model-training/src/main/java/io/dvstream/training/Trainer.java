package io.dvstream.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dvstream.model.weights.WeightFileConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Training in clip mode ({@link #train}) or stream mode ({@link #trainStream}, state carried across
 * consecutive windows of continuous recordings; docs/training.md).
 *
 * <p>Clip mode (spec sections 5 and 8): each sample is one window of T causal fixed-dt frames
 * drawn at a random position inside a labelled gesture, augmented, with the state reset; AdamW on
 * the label-smoothed cross-entropy of the window logits, cosine schedule with warm-up, BPTT over
 * the window with the surrogate gradient. After every epoch: clip accuracy on the test split, a
 * checkpoint ({@link Checkpoint}), a JSON line in {@code train-log.jsonl} and the curves redrawn in
 * {@code curves.png}.
 *
 * <p>Deterministic per seed: the order, the window positions and the augmentation of epoch e
 * come from a random stream derived from (seed, e) alone, so a resumed run sees the same data as an
 * uninterrupted one.
 */
public final class Trainer {

    public static final String LOG = "train-log.jsonl";
    public static final String CURVES = "curves.png";
    private static final Logger LOG_ = LoggerFactory.getLogger(Trainer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TrainingConfig cfg;
    private final WeightFileConfig meta;
    private final TrainableDs2ta model;
    private final AdamW opt;
    private final Set<String> frozen;

    public Trainer(TrainingConfig cfg, WeightFileConfig meta) {
        if (!meta.model().equals(cfg.model())) {
            throw new IllegalArgumentException("weight-file metadata and training configuration name different models");
        }
        this.cfg = cfg;
        this.meta = meta;
        this.model = new TrainableDs2ta(cfg.model(), cfg.seed());
        this.opt = new AdamW(model.parameters(), cfg.weightDecay());
        var fz = new java.util.HashSet<String>();
        if (!cfg.learnableTau()) {
            model.parameters().keySet().stream().filter(n -> n.contains(".attn.rho_")).forEach(fz::add);
        }
        if (!cfg.model().nsad()) {
            model.parameters().keySet().stream().filter(n -> n.endsWith(".nsad.lut")).forEach(fz::add);
        }
        this.frozen = Set.copyOf(fz);
    }

    public TrainableDs2ta model() {
        return model;
    }

    /**
     * Trains for the configured epochs, writing checkpoints and the log to {@code out}.
     *
     * @param resume continue from the checkpoint in {@code out} (its epoch count is kept)
     * @return the per-epoch results of this call
     */
    public List<EpochResult> train(List<GestureClip> trainClips, List<GestureClip> testClips, Path out, boolean resume,
                                   TrainingListener listener) throws IOException {
        if (trainClips.isEmpty()) {
            throw new IllegalArgumentException("no training clips");
        }
        int first = firstEpoch(out, resume);
        int b = cfg.batch();
        int stepsPerEpoch = (trainClips.size() + b - 1) / b;
        var schedule = new CosineSchedule(cfg.lr(), (long) cfg.warmupEpochs() * stepsPerEpoch,
                (long) cfg.epochs() * stepsPerEpoch);
        var loss = new SmoothedCrossEntropy(cfg.labelSmoothing());
        var c = cfg.model();
        var results = new ArrayList<EpochResult>();
        for (int epoch = first; epoch <= cfg.epochs(); epoch++) {
            long t0 = System.nanoTime();
            var rnd = new SplittableRandom(cfg.seed() * 0x9E3779B97F4A7C15L + epoch);
            int[] order = permutation(trainClips.size(), rnd);
            double lossSum = 0;
            long correct = 0;
            long seen = 0;
            double lr = 0;
            for (int s = 0; s < stepsPerEpoch; s++) {
                int from = s * b;
                int n = Math.min(b, order.length - from);
                double[][][] x = new double[n][][];
                int[] labels = new int[n];
                for (int i = 0; i < n; i++) {
                    GestureClip clip = trainClips.get(order[from + i]);
                    long span = clip.durationUs() - cfg.dtUs() * c.T();
                    long start = span > 0 ? rnd.nextLong(span + 1) : 0;
                    x[i] = ClipFrames.frames(clip, start, cfg.dtUs(), c.T(), c.inputHeight(), c.inputWidth(),
                            cfg.augmentation().draw(rnd));
                    labels[i] = clip.label();
                }
                for (Node p : model.parameters().values()) {
                    p.zeroGrad();
                }
                var fwd = model.forward(x, TrainableDs2ta.Mode.train());
                double l = loss.loss(fwd.logits(), labels);
                fwd.tape().backward();
                lr = schedule.lr(opt.steps());
                opt.step(lr, frozen);
                double[] z = fwd.logits().value();
                for (int i = 0; i < n; i++) {
                    if (ClipEvaluator.argmax(z, i * c.numClasses(), c.numClasses()) == labels[i]) {
                        correct++;
                    }
                }
                lossSum += l * n;
                seen += n;
                double secs = (System.nanoTime() - t0) / 1e9;
                listener.onStep(epoch, s + 1, stepsPerEpoch, lossSum / seen, (double) correct / seen, seen / secs);
            }
            results.add(endEpoch(epoch, t0, lr, lossSum, correct, seen, seen, testClips, out, listener));
        }
        return results;
    }

    /**
     * Stream-mode training (spec section 5, "a model meant for carry must be trained with carried
     * state"): each step trains one window of a batch of segments of continuous recordings; the state
     * the window ends with is carried into the segment's next window as a constant (truncated BPTT,
     * no gradient across the border); windows in idle gaps and the burn-in windows are masked (no
     * loss). One optimizer step per window that has a labelled sample. The augmentation is drawn
     * once per segment and applied to all its windows. Checkpoints, log, test clip accuracy and
     * determinism per (seed, epoch) as {@link #train}.
     */
    public List<EpochResult> trainStream(List<GestureRecording> recordings, StreamTrainingConfig sc,
                                         List<GestureClip> testClips, Path out, boolean resume,
                                         TrainingListener listener) throws IOException {
        var c = cfg.model();
        long perEpoch = StreamSegments.count(recordings, sc.windows(), c.T());
        if (perEpoch == 0) {
            throw new IllegalArgumentException("no recording holds a segment of " + sc.windows() + " windows of "
                    + c.T() + " frames");
        }
        int first = firstEpoch(out, resume);
        int b = cfg.batch();
        int batches = (int) ((perEpoch + b - 1) / b);
        int trained = sc.windows() - sc.burnIn();
        long slotsPerEpoch = (long) batches * trained;              // the schedule runs over window slots, skipped or not
        var schedule = new CosineSchedule(cfg.lr(), cfg.warmupEpochs() * slotsPerEpoch, cfg.epochs() * slotsPerEpoch);
        var loss = new SmoothedCrossEntropy(cfg.labelSmoothing());
        long windowUs = cfg.dtUs() * c.T();
        var results = new ArrayList<EpochResult>();
        for (int epoch = first; epoch <= cfg.epochs(); epoch++) {
            long t0 = System.nanoTime();
            var rnd = new SplittableRandom(cfg.seed() * 0x9E3779B97F4A7C15L + epoch);
            List<StreamSegments.Segment> segments = StreamSegments.draw(recordings, sc.windows(), c.T(), rnd);
            double lossSum = 0;
            long correct = 0;
            long seen = 0;
            double lr = 0;
            for (int bi = 0; bi < batches; bi++) {
                int from = bi * b;
                int n = Math.min(b, segments.size() - from);
                var augs = new Augmentation.Draw[n];
                for (int i = 0; i < n; i++) {
                    augs[i] = cfg.augmentation().draw(rnd);
                }
                StreamState state = null;
                for (int w = 0; w < sc.windows(); w++) {
                    double[][][] x = new double[n][][];
                    int[] labels = new int[n];
                    for (int i = 0; i < n; i++) {
                        StreamSegments.Segment seg = segments.get(from + i);
                        GestureRecording rec = recordings.get(seg.recording());
                        long start = (seg.firstFrame() + (long) w * c.T()) * cfg.dtUs();
                        x[i] = ClipFrames.frames(rec, start, cfg.dtUs(), c.T(), c.inputHeight(), c.inputWidth(), augs[i]);
                        labels[i] = w < sc.burnIn() ? SmoothedCrossEntropy.MASKED : rec.windowLabel(start, windowUs);
                    }
                    var fwd = model.forward(x, TrainableDs2ta.Mode.train(), state);
                    state = fwd.state();
                    if (w < sc.burnIn()) {
                        continue;
                    }
                    int labelled = SmoothedCrossEntropy.labelled(labels);
                    if (labelled > 0) {
                        for (Node p : model.parameters().values()) {
                            p.zeroGrad();
                        }
                        double l = loss.loss(fwd.logits(), labels);
                        fwd.tape().backward();
                        lr = schedule.lr(((long) (epoch - 1) * batches + bi) * trained + (w - sc.burnIn()));
                        opt.step(lr, frozen);
                        double[] z = fwd.logits().value();
                        for (int i = 0; i < n; i++) {
                            if (labels[i] != SmoothedCrossEntropy.MASKED
                                    && ClipEvaluator.argmax(z, i * c.numClasses(), c.numClasses()) == labels[i]) {
                                correct++;
                            }
                        }
                        lossSum += l * labelled;
                        seen += labelled;
                    }
                }
                double secs = (System.nanoTime() - t0) / 1e9;
                listener.onStep(epoch, bi + 1, batches, seen == 0 ? Double.NaN : lossSum / seen,
                        seen == 0 ? Double.NaN : (double) correct / seen, (double) (bi + 1) * b * sc.windows() / secs);
            }
            long run = (long) segments.size() * sc.windows();
            results.add(endEpoch(epoch, t0, lr, lossSum, correct, seen, run, testClips, out, listener));
        }
        return results;
    }

    /**
     * Test accuracy, checkpoint, log line and curves at the end of an epoch; {@code seen} = labelled
     * samples trained, {@code samples} = windows run (stream mode also runs masked ones).
     */
    private EpochResult endEpoch(int epoch, long t0, double lr, double lossSum, long correct, long seen, long samples,
                                 List<GestureClip> testClips, Path out, TrainingListener listener) throws IOException {
        var c = cfg.model();
        double trainSecs = (System.nanoTime() - t0) / 1e9;
        double testAcc = testClips.isEmpty() ? Double.NaN
                : ClipEvaluator.evaluate(model, testClips, cfg.dtUs(), cfg.batch(), meta.streaming().classes())
                        .accuracy();
        Checkpoint.write(out, epoch, model, opt, meta);
        var tau = new LinkedHashMap<String, Double>();
        for (int l = 0; l < c.blocks(); l++) {
            for (String p : List.of("q", "k", "v", "a")) {
                String name = "blocks." + l + ".attn.tau_" + p;
                tau.put(name, model.tau(name));
            }
        }
        var r = new EpochResult(epoch, opt.steps(), lr, seen == 0 ? Double.NaN : lossSum / seen,
                seen == 0 ? Double.NaN : (double) correct / seen, testAcc, samples / trainSecs,
                (System.nanoTime() - t0) / 1e9, tau);
        appendLog(out.resolve(LOG), r);
        Plots.curves(readLog(out.resolve(LOG)), out.resolve(CURVES));
        listener.onEpoch(r);
        return r;
    }

    private static void appendLog(Path file, EpochResult r) throws IOException {
        ObjectNode o = JSON.createObjectNode();
        o.put("epoch", r.epoch());
        o.put("steps", r.steps());
        o.put("lr", r.lr());
        putOrNull(o, "train_loss", r.trainLoss());                   // NaN: a stream epoch with no labelled window
        putOrNull(o, "train_accuracy", r.trainAccuracy());
        if (Double.isNaN(r.testAccuracy())) {
            o.putNull("test_accuracy");
        } else {
            o.put("test_accuracy", r.testAccuracy());
        }
        o.put("samples_per_s", r.samplesPerSecond());
        o.put("seconds", r.seconds());
        ObjectNode tau = o.putObject("tau");
        for (Map.Entry<String, Double> e : r.tau().entrySet()) {
            tau.put(e.getKey(), e.getValue());
        }
        Files.writeString(file, JSON.writeValueAsString(o) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    private static void putOrNull(ObjectNode o, String key, double v) {
        if (Double.isNaN(v)) {
            o.putNull(key);
        } else {
            o.put(key, v);
        }
    }

    /** The plot points of a training log (all epochs, resumed ones included). */
    static List<Plots.Point> readLog(Path file) throws IOException {
        var out = new ArrayList<Plots.Point>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            var o = JSON.readTree(line);
            var test = o.get("test_accuracy");
            out.add(new Plots.Point(o.get("epoch").asInt(), o.get("train_loss").asDouble(),
                    o.get("train_accuracy").asDouble(), test == null || test.isNull() ? Double.NaN : test.asDouble()));
        }
        return out;
    }

    private static int[] permutation(int n, SplittableRandom rnd) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** Creates {@code out}; on resume restores the model and optimizer from it and returns the next epoch, else starts a new log. */
    private int firstEpoch(Path out, boolean resume) throws IOException {
        Files.createDirectories(out);
        if (!resume) {
            Files.deleteIfExists(out.resolve(LOG));
            return 1;
        }
        int first = Checkpoint.restore(out, model, opt) + 1;
        LOG_.info("resuming after epoch {} (step {})", first - 1, opt.steps());
        return first;
    }
}
