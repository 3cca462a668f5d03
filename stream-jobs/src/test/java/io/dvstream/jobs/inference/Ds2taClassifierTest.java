package io.dvstream.jobs.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvstream.jobs.OperatorMetrics;
import io.dvstream.jobs.binning.SparseFrame;
import io.dvstream.model.Ds2ta;
import io.dvstream.model.Ds2taState;
import io.dvstream.model.ModelConfig;
import io.dvstream.model.Nd4jThreads;
import io.dvstream.model.StreamingConfig.WindowMode;
import io.dvstream.model.WindowClassifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DS2TA adapter in the inference operator's harness: windows through Flink keyed state (with a
 * snapshot and restore mid-stream, and the classifier serialized as the job graph ships it) equal
 * the runtime's own {@link WindowClassifier} stepping the same frames offline.
 */
class Ds2taClassifierTest {

    private static final long SEED = 7;
    private static final Ds2ta MODEL = Ds2ta.random(ModelConfig.small1x64(), SEED);
    private static final InferenceSettings CARRY = new InferenceSettings(MODEL.config().T(), 5, WindowMode.CARRY);

    private static <S> KeyedOneInputStreamOperatorTestHarness<String, SparseFrame, WindowScores> harness(StepClassifier<S> c)
            throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new InferenceFunction<>(c, CARRY)), (SparseFrame f) -> f.cameraId,
                Types.STRING, new OperatorMetrics().environment());
        h.setup(WindowScores.TYPE.createSerializer(h.getExecutionConfig().getSerializerConfig()));
        return h;
    }

    @Test
    void shouldGiveTheWindowsOfTheRuntimesWindowClassifierThroughKeyedStateAndARestore() throws Exception {
        // 128x128 frames, pooled 2x2 onto the model's 64x64 input by the operator.
        List<SparseFrame> frames = SyntheticFrames.frames("cam", 0, 0, 31, 128, 128, 300, 11);
        // As the job graph ships it: serialized, weights as bytes, the Ds2ta rebuilt in open().
        StepClassifier<?> shipped = InstantiationUtil.clone(Ds2taClassifier.of(MODEL, "test"));

        List<WindowScores> windows = new ArrayList<>();
        OperatorSubtaskState snapshot;
        try (var h = harness(shipped)) {
            h.open();
            for (SparseFrame f : frames.subList(0, 17)) {
                h.processElement(f, 0);
            }
            windows.addAll(h.extractOutputValues());
            snapshot = h.snapshot(1, 1);
        }
        try (var h = harness(InstantiationUtil.clone(shipped))) {
            h.initializeState(snapshot);
            h.open();
            for (SparseFrame f : frames.subList(17, frames.size())) {
                h.processElement(f, 0);
            }
            windows.addAll(h.extractOutputValues());
        }

        WindowClassifier offline = new WindowClassifier(MODEL, WindowMode.CARRY, 5);
        List<WindowClassifier.Classification> expected = new ArrayList<>();
        float[] input = new float[2 * 64 * 64];
        for (SparseFrame f : frames) {
            offline.accept(FramePooling.pool(f, 64, 64, input).clone()).ifPresent(expected::add);
        }
        assertThat(windows).hasSize(expected.size()).hasSize((31 - 10) / 5 + 1);
        for (int w = 0; w < windows.size(); w++) {
            WindowScores s = windows.get(w);
            assertThat(s.window).isEqualTo(w);
            assertThat(s.logits).as("window %d", w).containsExactly(expected.get(w).meanLogits());
            assertThat(s.firingRate).as("window %d", w).isCloseTo(expected.get(w).firingRate(),
                    org.assertj.core.data.Offset.offset(1e-12));
            assertThat(s.energyJoules).as("window %d", w).isCloseTo(expected.get(w).energy().joules(),
                    org.assertj.core.data.Percentage.withPercentage(1e-9));
        }
        assertThat(windows.get(0).firingRate).as("random weights keep the LIF layers firing").isPositive();
        assertThat(Nd4jThreads.configured()).isEqualTo(Nd4jThreads.DEFAULT_THREADS);
    }

    @Test
    void shouldNameTheWeightFileAndItsHashAndLoadTheSameModelAsTheRuntime(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("w.safetensors");
        MODEL.save(file);
        Ds2taClassifier loaded = Ds2taClassifier.load(file);
        Ds2taClassifier inMemory = Ds2taClassifier.of(MODEL, "w.safetensors");

        assertThat(loaded.modelId()).matches("w\\.safetensors#[0-9a-f]{12}").isEqualTo(inMemory.modelId());
        assertThat(Ds2taClassifier.of(Ds2ta.random(ModelConfig.small1x64(), SEED + 1), "w.safetensors").modelId())
                .isNotEqualTo(loaded.modelId());
        assertThat(Ds2taClassifier.random(ModelConfig.SMALL_1_64, SEED).modelId()).startsWith("random:small-1-64:seed=7#")
                .endsWith(loaded.modelId().substring(loaded.modelId().indexOf('#')));
        assertThat(loaded.classNames()).hasSize(11).contains("hand_clapping");
        assertThat(loaded.inputWidth()).isEqualTo(64);
        assertThat(loaded.weightBytes()).isEqualTo((int) Files.size(file));
        // The serialized classifier carries the weights: about the file's size.
        assertThat(InstantiationUtil.serializeObject(loaded).length).isBetween((int) Files.size(file), (int) Files.size(file) + 4096);

        float[] frame = new float[2 * 64 * 64];
        Arrays.fill(frame, 0, 500, 1f);
        Ds2taState live = loaded.newState();
        StepClassifier.Step a = loaded.step(frame, live);
        var state = MODEL.newState();
        assertThat(a.logits()).containsExactly(MODEL.step(frame, state).logits());
        assertThat(live.toBytes()).isEqualTo(state.toBytes()); // advanced in place
    }

    @Test
    void shouldRejectAMalformedWeightFileNamingIt(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.safetensors");
        Files.write(bad, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> Ds2taClassifier.load(bad)).hasMessageContaining("bad.safetensors");
    }

    @Test
    void shouldRejectTheStateOfAnotherModel() {
        Ds2taClassifier c = Ds2taClassifier.of(MODEL, "test");
        Ds2taState foreign = Ds2taState.zeros(ModelConfig.gesture2x256());
        assertThatThrownBy(() -> c.step(new float[2 * 64 * 64], foreign)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("DS2TA state of another model configuration");
    }
}
