package io.dvstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvstream.model.weights.Ds2taWeights;
import io.dvstream.model.weights.WeightFileConfig;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SpikingPatchSplittingTest {

    private static final int BATCH = 2;
    private static final int STEPS = 6;

    @BeforeAll
    static void startNd4j() {
        Nd4jFixture.start();
    }

    /** tiny (one pool of two), and an odd-sized input with three stages, two pools, 3-channel first stage. */
    static Stream<Arguments> configs() {
        ModelConfig odd = new ModelConfig(13, 9, List.of(3, 5, 6), List.of(true, true, false), 1, 2, 2, 3, 4, 3, 4.0,
                ModelConfig.Decay.EXP, true, 2.0, 1.0, 0.5, 1e-5);
        return Stream.of(Arguments.of("tiny", Configs.tiny(), 11L), Arguments.of("odd", odd, 5L));
    }

    private static Ds2taWeights weights(ModelConfig c, long seed) {
        return Ds2taWeights.random(new WeightFileConfig(c, new StreamingConfig(StreamingConfig.WindowMode.CARRY,
                10_000, 1, StreamingConfig.numberedClasses(c.numClasses()))), seed);
    }

    /** Sparse event counts: 70 % of pixels empty, else 1..3 events. */
    private static float[][][][] frames(ModelConfig c, SplittableRandom rnd) {
        float[][][][] f = new float[BATCH][2][c.inputHeight()][c.inputWidth()];
        for (float[][][] stream : f) {
            for (float[][] ch : stream) {
                for (float[] row : ch) {
                    for (int x = 0; x < row.length; x++) {
                        row[x] = rnd.nextDouble() < 0.7 ? 0 : 1 + rnd.nextInt(3);
                    }
                }
            }
        }
        return f;
    }

    private static float[] flat(INDArray a) {
        return a.dup('c').data().asFloat();
    }

    private static float[] flat(float[][][] a) {
        return Stream.of(a).flatMap(Stream::of).reduce(new float[0], SpikingPatchSplittingTest::concat,
                SpikingPatchSplittingTest::concat);
    }

    private static float[] flat(float[][] a) {
        return Stream.of(a).reduce(new float[0], SpikingPatchSplittingTest::concat, SpikingPatchSplittingTest::concat);
    }

    private static float[] concat(float[] a, float[] b) {
        float[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void shouldMatchScalarReferenceSpikesExactlyInCarryAndResetModes(String name, ModelConfig c, long seed) {
        Ds2taWeights w = weights(c, seed);
        var stem = new SpikingPatchSplitting(w);
        ScalarStem[] refs = {new ScalarStem(w), new ScalarStem(w)};
        var rnd = new SplittableRandom(seed);
        SpikingPatchSplitting.State state = SpikingPatchSplitting.State.zeros(c, BATCH);
        long[] spikesPerStage = new long[c.stemStages() + 1];
        long[] neuronsPerStage = new long[c.stemStages() + 1];
        for (int t = 0; t < 2 * STEPS; t++) {
            if (t == STEPS) { // second half: reset mode, a window border
                state = SpikingPatchSplitting.State.zeros(c, BATCH);
                refs[0].reset();
                refs[1].reset();
            }
            float[][][][] f = frames(c, rnd);
            SpikingPatchSplitting.Output out = stem.step(Nd4j.create(f), state);
            assertThat(out.tokens().shape()).containsExactly(BATCH, c.D(), c.N());
            for (int b = 0; b < BATCH; b++) {
                ScalarStem.Step expected = refs[b].step(f[b]);
                for (int i = 0; i < c.stemStages(); i++) {
                    float[] got = flat(out.stageSpikes().get(i).slice(b));
                    assertThat(got).as("%s stream %d step %d stage %d spikes", name, b, t, i)
                            .containsExactly(flat(expected.stageSpikes[i]));
                    spikesPerStage[i] += (long) Nd4j.createFromArray(got).sumNumber().doubleValue();
                    neuronsPerStage[i] += got.length;
                }
                float[] rpe = flat(out.rpeSpikes().slice(b));
                assertThat(rpe).as("%s stream %d step %d rpe spikes", name, b, t).containsExactly(flat(expected.rpeSpikes));
                spikesPerStage[c.stemStages()] += (long) Nd4j.createFromArray(rpe).sumNumber().doubleValue();
                neuronsPerStage[c.stemStages()] += rpe.length;
                assertThat(flat(out.tokens().slice(b))).as("%s stream %d step %d tokens", name, b, t)
                        .containsExactly(flat(expected.tokens));
                for (int i = 0; i < c.stemStages(); i++) {
                    assertThat(flat(out.state().stages().get(i).membrane().slice(b)))
                            .as("%s stream %d step %d stage %d membrane", name, b, t, i)
                            .containsExactly(flat(refs[b].v[i]), org.assertj.core.data.Offset.offset(1e-4f));
                }
            }
            state = out.state();
        }
        for (int i = 0; i <= c.stemStages(); i++) {
            double rate = (double) spikesPerStage[i] / neuronsPerStage[i];
            assertThat(rate).as("%s firing rate of LIF layer %d", name, i).isBetween(0.01, 0.9);
        }
        // The exact comparison means something only if no membrane sat within rounding of the threshold.
        assertThat(Math.min(refs[0].minMargin, refs[1].minMargin)).as("closest |H - vth|").isGreaterThan(1e-5f);
    }

    @Test
    void shouldKeepStreamsIndependentInABatch() {
        ModelConfig c = Configs.tiny();
        var stem = new SpikingPatchSplitting(weights(c, 3));
        float[][][][] f = frames(c, new SplittableRandom(1));
        var batched = stem.step(Nd4j.create(f), SpikingPatchSplitting.State.zeros(c, BATCH));
        var alone = stem.step(Nd4j.create(new float[][][][] {f[1]}), SpikingPatchSplitting.State.zeros(c, 1));
        assertThat(flat(batched.tokens().slice(1))).containsExactly(flat(alone.tokens().slice(0)));
    }

    @Test
    void shouldKeepMembranesAtPrePoolResolution() {
        ModelConfig c = ModelConfig.gesture2x256();
        var s = SpikingPatchSplitting.State.zeros(c, 1);
        assertThat(s.stages().get(0).shape()).containsExactly(1, 32, 128, 128);
        assertThat(s.stages().get(3).shape()).containsExactly(1, 256, 16, 16);
        assertThat(s.rpe().shape()).containsExactly(1, 256, 8, 8);
    }

    @Test
    void shouldRejectFramesOfWrongShape() {
        ModelConfig c = Configs.tiny();
        var stem = new SpikingPatchSplitting(weights(c, 3));
        assertThatThrownBy(() -> stem.step(Nd4j.zeros(DataType.FLOAT, 1, 2, 10, 12), SpikingPatchSplitting.State.zeros(c, 1)))
                .hasMessage("frames must be FLOAT [1, 2, 12, 10] [B, 2, H, W], got FLOAT [1, 2, 10, 12]");
    }

    /** Kernel 3, stride 2, padding 1 as the spec writes it: the max over each clipped 3 x 3 window. */
    private static float[] maxPoolByWindow(float[] in, int planes, int h, int w) {
        int oh = ModelConfig.maxPoolOut(h);
        int ow = ModelConfig.maxPoolOut(w);
        float[] out = new float[planes * oh * ow];
        for (int p = 0; p < planes; p++) {
            for (int y = 0; y < oh; y++) {
                for (int x = 0; x < ow; x++) {
                    float m = Float.NEGATIVE_INFINITY;
                    for (int iy = Math.max(0, 2 * y - 1); iy <= Math.min(h - 1, 2 * y + 1); iy++) {
                        for (int ix = Math.max(0, 2 * x - 1); ix <= Math.min(w - 1, 2 * x + 1); ix++) {
                            m = Math.max(m, in[p * h * w + iy * w + ix]);
                        }
                    }
                    out[p * oh * ow + y * ow + x] = m;
                }
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0} planes of {1} x {2}")
    @MethodSource("poolShapes")
    void shouldMaxPoolExactlyAsTheWindowDefinitionSays(int planes, int h, int w) {
        SplittableRandom random = new SplittableRandom(h * 1000L + w);
        float[] spikes = new float[planes * h * w];
        float[] values = new float[planes * h * w];
        for (int i = 0; i < spikes.length; i++) {
            spikes[i] = random.nextInt(4) == 0 ? 1f : 0f;
            values[i] = random.nextInt(16) == 0 ? -0f : (float) random.nextGaussian();
        }

        assertThat(SpikingPatchSplitting.maxPool(spikes, planes, h, w)).containsExactly(maxPoolByWindow(spikes, planes, h, w));
        assertThat(SpikingPatchSplitting.maxPool(values, planes, h, w)).containsExactly(maxPoolByWindow(values, planes, h, w));
    }

    static Stream<Arguments> poolShapes() {
        return Stream.of(Arguments.of(3, 64, 64), Arguments.of(2, 7, 5), Arguments.of(1, 1, 1), Arguments.of(2, 2, 3),
                Arguments.of(4, 33, 16));
    }

}
