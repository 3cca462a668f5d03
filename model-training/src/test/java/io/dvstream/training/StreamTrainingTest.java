package io.dvstream.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvstream.ingest.gesture.GestureDataset;
import io.dvstream.model.Ds2ta;
import io.dvstream.model.ModelConfig;
import io.dvstream.model.StreamingConfig;
import io.dvstream.model.weights.WeightFileConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stream-mode training: masked windows take no part in the loss, window targets come from the
 * labels (gaps masked), segments tile the recordings, and the loop on the repository's synthetic
 * corpus ({@code recordings/}) is deterministic per seed and writes a carry-mode checkpoint.
 */
class StreamTrainingTest {

    static List<GestureRecording> train;
    static List<GestureClip> test;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() throws Exception {
        var ds = GestureDataset.open(Path.of("..", "recordings"));
        train = GestureRecording.load(ds, GestureDataset.Split.TRAIN, 50_000);
        test = GestureClips.load(ds, GestureDataset.Split.TEST);
    }

    @Test
    void maskedSamplesContributeNoLossAndNoGradient() {
        var rnd = new SplittableRandom(3);
        int k = 5;
        double[] z = new double[4 * k];
        for (int i = 0; i < z.length; i++) {
            z[i] = 3 * rnd.nextDouble() - 1.5;
        }
        var loss = new SmoothedCrossEntropy(0.1);
        Node all = new Node(z.clone());
        double l = loss.loss(all, new int[] {SmoothedCrossEntropy.MASKED, 2, SmoothedCrossEntropy.MASKED, 0});
        double[] kept = new double[2 * k];
        System.arraycopy(z, k, kept, 0, k);
        System.arraycopy(z, 3 * k, kept, k, k);
        Node only = new Node(kept);
        double expected = loss.loss(only, new int[] {2, 0});
        assertThat(l).isEqualTo(expected);
        for (int j = 0; j < k; j++) {
            assertThat(all.grad()[j]).as("masked row 0").isZero();
            assertThat(all.grad()[2 * k + j]).as("masked row 2").isZero();
            assertThat(all.grad()[k + j]).isEqualTo(only.grad()[j]);
            assertThat(all.grad()[3 * k + j]).isEqualTo(only.grad()[k + j]);
        }
        assertThat(expected).isPositive();

        Node none = new Node(z.clone());
        int[] masked = new int[4];
        java.util.Arrays.fill(masked, SmoothedCrossEntropy.MASKED);
        assertThat(loss.loss(none, masked)).isZero();
        assertThat(none.hasGrad()).as("an all-masked batch seeds no gradient").isFalse();
        assertThatThrownBy(() -> loss.loss(new Node(z.clone()), new int[] {0, 1, 2, -2}))
                .hasMessageContaining("label -2 of sample 3");
    }

    @Test
    void windowsTakeTheLabelCoveringAtLeastHalfOfThemElseAreMasked() {
        var rec = new GestureRecording("r", 0, 200, new int[0], new short[0], new short[0], new byte[0], 128, 128,
                List.of(new GestureRecording.Span(3, 1_000_000, 4_000_000),
                        new GestureRecording.Span(7, 4_000_000, 6_000_000)));
        long w = 500_000;
        assertThat(rec.windowLabel(0, w)).as("idle gap").isEqualTo(SmoothedCrossEntropy.MASKED);
        assertThat(rec.windowLabel(2_000_000, w)).as("inside").isEqualTo(3);
        assertThat(rec.windowLabel(750_000, w)).as("exactly half inside").isEqualTo(3);
        assertThat(rec.windowLabel(700_000, w)).as("less than half inside").isEqualTo(SmoothedCrossEntropy.MASKED);
        assertThat(rec.windowLabel(3_800_000, w)).as("200 ms of 3, 300 ms of 7").isEqualTo(7);
        assertThat(rec.windowLabel(3_700_000, w)).as("300 ms of 3, 200 ms of 7").isEqualTo(3);
        assertThat(rec.windowLabel(5_800_000, w)).as("200 ms of 7, then idle").isEqualTo(SmoothedCrossEntropy.MASKED);
    }

    @Test
    void segmentsTileEveryRecordingWithoutOverlapAndTheSameCountEveryEpoch() {
        assertThat(train).hasSize(1);
        GestureRecording r = train.get(0);
        assertThat(r.labels()).isNotEmpty();
        assertThat(r.tUs()[r.tUs().length - 1]).isGreaterThanOrEqualTo((int) (r.frames() * 50_000));
        int windows = 4;
        int t = 10;
        long n = StreamSegments.count(train, windows, t);
        assertThat(n).isEqualTo(r.frames() / (windows * t)).isPositive();
        var starts = new HashSet<Long>();
        for (long seed = 0; seed < 5; seed++) {
            List<StreamSegments.Segment> s = StreamSegments.draw(train, windows, t, new SplittableRandom(seed));
            assertThat(s).hasSize((int) n);
            var sorted = new ArrayList<>(s.stream().map(StreamSegments.Segment::firstFrame).sorted().toList());
            for (int i = 0; i < sorted.size(); i++) {
                if (i > 0) {
                    assertThat(sorted.get(i) - sorted.get(i - 1)).isEqualTo((long) windows * t);
                }
                assertThat(sorted.get(i) + windows * t).isLessThanOrEqualTo(r.frames());
            }
            starts.add(sorted.get(0));
            assertThat(StreamSegments.draw(train, windows, t, new SplittableRandom(seed))).isEqualTo(s);
        }
        assertThat(starts).as("the offset moves between epochs").hasSizeGreaterThan(1);
    }

    @Test
    void streamTrainingIsDeterministicPerSeedAndWritesCarryCheckpoints() throws Exception {
        TrainingConfig cfg = config(2, 4);
        var sc = new StreamTrainingConfig(3, 1);
        List<EpochResult> a = new Trainer(cfg, meta(cfg)).trainStream(train, sc, test, dir.resolve("a"), false,
                TrainingListener.NONE);
        List<EpochResult> b = new Trainer(cfg, meta(cfg)).trainStream(train, sc, test, dir.resolve("b"), false,
                TrainingListener.NONE);
        List<EpochResult> other = new Trainer(config(2, 5), meta(cfg)).trainStream(train, sc, test, dir.resolve("c"),
                false, TrainingListener.NONE);
        assertThat(a).hasSize(2);
        assertThat(a).extracting(EpochResult::trainLoss).doesNotContainNull().allSatisfy(l -> assertThat(l).isPositive());
        assertThat(b).extracting(EpochResult::trainLoss).containsExactlyElementsOf(a.stream().map(EpochResult::trainLoss).toList());
        assertThat(other.get(1).trainLoss()).isNotEqualTo(a.get(1).trainLoss());
        long segments = StreamSegments.count(train, 3, cfg.model().T());
        long batches = (segments + cfg.batch() - 1) / cfg.batch();
        assertThat(a.get(1).steps()).as("at most one step per trained window slot, some slots masked")
                .isPositive().isLessThanOrEqualTo(2 * batches * 2);
        assertThat(Files.readAllLines(dir.resolve("a").resolve(Trainer.LOG))).hasSize(2);
        Ds2ta loaded = Ds2ta.load(dir.resolve("a").resolve("last.safetensors"));
        assertThat(loaded.streaming().mode()).isEqualTo(StreamingConfig.WindowMode.CARRY);
        assertThat(loaded.config()).isEqualTo(cfg.model());
    }

    private static TrainingConfig config(int epochs, long seed) {
        ModelConfig c = TinyConfigs.small();
        ModelConfig m = new ModelConfig(c.inputHeight(), c.inputWidth(), c.stemChannels(), c.stemPool(), 1, c.heads(),
                c.mlpRatio(), 11, 10, c.taw(), c.tauInit(), c.decay(), c.nsad(), c.lifTau(), c.vth(), c.vthAttn(),
                c.bnEps());
        return new TrainingConfig(m, epochs, 4, 3e-3, 0.06, 0.1, 0, 50_000, seed, true, Augmentation.standard());
    }

    private static WeightFileConfig meta(TrainingConfig t) {
        return new WeightFileConfig(t.model(), new StreamingConfig(StreamingConfig.WindowMode.CARRY, t.dtUs(),
                t.model().T(), StreamingConfig.DVS128_GESTURE_CLASSES));
    }
}
