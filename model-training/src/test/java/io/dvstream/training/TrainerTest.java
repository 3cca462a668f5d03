package io.dvstream.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvstream.ingest.gesture.GestureDataset;
import io.dvstream.model.Ds2ta;
import io.dvstream.model.ModelConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training loop on the repository's tiny synthetic corpus ({@code recordings/}: user01 train,
 * user02 test): determinism per seed, checkpoints the runtime loads, resume, the JSON-lines log,
 * and that the loss falls when the model fits a handful of clips.
 */
class TrainerTest {

    static List<GestureClip> train;
    static List<GestureClip> test;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() throws Exception {
        var ds = GestureDataset.open(Path.of("..", "recordings"));
        train = GestureClips.load(ds, GestureDataset.Split.TRAIN);
        test = GestureClips.load(ds, GestureDataset.Split.TEST);
    }

    private static TrainingConfig config(int epochs, long seed) {
        ModelConfig c = TinyConfigs.small();
        ModelConfig m = new ModelConfig(c.inputHeight(), c.inputWidth(), c.stemChannels(), c.stemPool(), 1, c.heads(),
                c.mlpRatio(), 11, c.T(), c.taw(), c.tauInit(), c.decay(), c.nsad(), c.lifTau(), c.vth(), c.vthAttn(),
                c.bnEps());
        return new TrainingConfig(m, epochs, 2, 3e-3, 0.06, 0.1, 0, 50_000, seed, true, Augmentation.standard());
    }

    private static io.dvstream.model.weights.WeightFileConfig meta(TrainingConfig t) {
        return new io.dvstream.model.weights.WeightFileConfig(t.model(), new io.dvstream.model.StreamingConfig(
                io.dvstream.model.StreamingConfig.WindowMode.RESET, t.dtUs(), t.model().T(),
                io.dvstream.model.StreamingConfig.DVS128_GESTURE_CLASSES));
    }

    @Test
    void clipsComeFromTheLabels() {
        assertThat(train).isNotEmpty();
        assertThat(test).isNotEmpty();
        assertThat(train).allSatisfy(c -> {
            assertThat(c.trial()).isEqualTo("user01_lab");
            assertThat(c.events()).isPositive();
            assertThat(c.tUs()[c.events() - 1]).isLessThan((int) c.durationUs());
        });
    }

    @Test
    void sameSeedSameRunAndCheckpointsLoadAndResume() throws Exception {
        TrainingConfig cfg = config(2, 4);
        List<EpochResult> a = new Trainer(cfg, meta(cfg)).train(train, test, dir.resolve("a"), false, TrainingListener.NONE);
        List<EpochResult> b = new Trainer(cfg, meta(cfg)).train(train, test, dir.resolve("b"), false, TrainingListener.NONE);
        assertThat(a).hasSize(2);
        assertThat(b.get(1).trainLoss()).isEqualTo(a.get(1).trainLoss());
        assertThat(Files.readAllLines(dir.resolve("a").resolve(Trainer.LOG))).hasSize(2)
                .allSatisfy(l -> assertThat(l).contains("\"train_loss\"", "\"test_accuracy\"", "\"tau\""));
        Ds2ta loaded = Ds2ta.load(dir.resolve("a").resolve("epoch-002.safetensors"));
        assertThat(loaded.config()).isEqualTo(cfg.model());

        // resume: one epoch, then continue to two from the checkpoint
        TrainingConfig one = config(1, 4);
        new Trainer(one, meta(one)).train(train, test, dir.resolve("c"), false, TrainingListener.NONE);
        List<EpochResult> rest = new Trainer(cfg, meta(cfg)).train(train, test, dir.resolve("c"), true, TrainingListener.NONE);
        assertThat(rest).extracting(EpochResult::epoch).containsExactly(2);
        assertThat(rest.get(0).steps()).isEqualTo(a.get(1).steps());
        assertThat(Files.readAllLines(dir.resolve("c").resolve(Trainer.LOG))).hasSize(2);
        // float32 checkpoint rounding and the one-epoch run's different schedule: close, not identical
        assertThat(rest.get(0).trainLoss()).isCloseTo(a.get(1).trainLoss(), org.assertj.core.data.Offset.offset(0.5));
    }

    @Test
    void lossFallsWhenFittingAFewClips() throws Exception {
        List<GestureClip> few = train.subList(0, Math.min(4, train.size()));
        TrainingConfig base = config(25, 1);
        TrainingConfig cfg = new TrainingConfig(base.model(), 25, 4, 1e-2, 0, 0, 0, 50_000, 1, true, Augmentation.none());
        List<EpochResult> r = new Trainer(cfg, meta(cfg)).train(few, List.of(), dir.resolve("f"), false,
                TrainingListener.NONE);
        assertThat(r.get(r.size() - 1).trainLoss()).as(r.stream().map(e -> String.format("%.3f/%.2f", e.trainLoss(), e.trainAccuracy())).toList().toString()).isLessThan(0.75 * r.get(0).trainLoss());
    }
}
