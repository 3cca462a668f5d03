package io.dvstream.jobs.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvstream.jobs.OperatorMetrics;
import io.dvstream.jobs.binning.SparseFrame;
import io.dvstream.model.Ds2ta;
import io.dvstream.model.Ds2taState;
import io.dvstream.model.ModelConfig;
import io.dvstream.model.StreamingConfig.WindowMode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

/**
 * DS2TA behind the micro-batched operator: one {@code Ds2ta.step(List, List)} for the waiting
 * cameras against one {@code Ds2ta.step} per frame (the {@code inference.batch.max=1} path), on
 * the same interleaved frames of four cameras.
 */
class BatchedInferenceDs2taTest {

    private static final Ds2ta MODEL = Ds2ta.random(ModelConfig.small1x64(), 7);
    /** Events per 128x128 frame: pooled input densities of about 1%, 5%, 14% and 26% (AUTO's crossover is 10%). */
    private static final int[] CELLS = {100, 400, 1200, 2500};
    private static final InferenceSettings CARRY = new InferenceSettings(MODEL.config().T(), 5, WindowMode.CARRY);

    private static List<WindowScores> run(OneInputStreamOperator<SparseFrame, WindowScores> operator, List<SparseFrame> frames,
                                          OperatorMetrics metrics) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(operator, (SparseFrame f) -> f.cameraId, Types.STRING,
                metrics.environment());
        h.setup(WindowScores.TYPE.createSerializer(h.getExecutionConfig().getSerializerConfig()));
        h.open();
        for (SparseFrame f : frames) {
            h.processElement(f, 0);
        }
        h.close();
        return new ArrayList<>(h.extractOutputValues());
    }

    /**
     * What "the same" means for DS2TA, measured here: a batched step does not do the single step's
     * float arithmetic bit for bit (the stacked [B, ...] layers, and AUTO choosing sparse or dense
     * accumulation on the batch's density, sum in another order: about 4% of the membrane floats
     * differ, by at most about 1e-6), but the spikes do not change, and logits, firing rate and
     * energy are computed from spikes: those are bit for bit the same. A membrane within rounding of
     * its threshold could flip a spike; these frames (densities 1% to 26% of the input, mixed in
     * each batch so that AUTO picks another path for the batch than for the sparse cameras alone)
     * never do.
     */
    @Test
    void shouldGiveTheSingleStepsSpikeResultsBitForBitAndTheirMembranesWithinRounding() {
        Ds2taClassifier c = Ds2taClassifier.of(MODEL, "test");
        List<SparseFrame> frames = fourCameras(21);
        List<Ds2taState> batch = new ArrayList<>();
        List<Ds2taState> single = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            batch.add(c.newState());
            single.add(c.newState());
        }
        int differing = 0;
        float maxDiff = 0;
        for (int t = 0; t < 21; t++) {
            List<float[]> in = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                in.add(FramePooling.pool(frames.get(4 * t + i), 64, 64, new float[2 * 64 * 64]));
            }
            List<StepClassifier.Step> rb = c.stepBatch(in, batch);
            for (int i = 0; i < 4; i++) {
                StepClassifier.Step rs = c.step(in.get(i), single.get(i));
                String as = "step " + t + ", camera " + i;
                assertThat(rb.get(i).logits()).as(as).containsExactly(rs.logits());
                assertThat(rb.get(i).firingRate()).as(as).isEqualTo(rs.firingRate());
                assertThat(rb.get(i).energyJoules()).as(as).isEqualTo(rs.energyJoules());
                float[] a = floats(single.get(i));
                float[] b = floats(batch.get(i));
                for (int k = 0; k < a.length; k++) {
                    if (Float.compare(a[k], b[k]) != 0) {
                        differing++;
                        maxDiff = Math.max(maxDiff, Math.abs(a[k] - b[k]));
                    }
                }
            }
        }
        System.out.printf("BatchedInferenceDs2taTest: state floats differing after a step, summed over 84 steps: %d of %d,"
                + " max |difference| %g%n", differing, 84 * floats(single.get(0)).length, maxDiff);
        assertThat(maxDiff).isLessThanOrEqualTo(1e-5f);
    }

    /** The state as floats: its byte form after the 24-byte header, without the CRC (the slot lengths are equal in both). */
    private static float[] floats(Ds2taState s) {
        byte[] bytes = s.toBytes();
        FloatBuffer f = ByteBuffer.wrap(bytes, 24, bytes.length - 28).slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        float[] out = new float[f.remaining()];
        f.get(out);
        return out;
    }

    /** Four cameras round robin (a0 b0 c0 d0 a1 ...), 128x128 frames pooled onto the model's 64x64, busy and sparse ones. */
    static List<SparseFrame> fourCameras(int perCamera) {
        List<List<SparseFrame>> cams = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            cams.add(SyntheticFrames.frames("cam-" + c, 0, 0, perCamera, 128, 128, CELLS[c], 90 + c));
        }
        List<SparseFrame> out = new ArrayList<>();
        for (int i = 0; i < perCamera; i++) {
            for (List<SparseFrame> cam : cams) {
                out.add(cam.get(i));
            }
        }
        return out;
    }

    @Test
    void shouldGiveThePerFrameWindowsWhenFourCamerasAreSteppedTogether() throws Exception {
        List<SparseFrame> frames = fourCameras(21);
        StepClassifier<?> shipped = InstantiationUtil.clone(Ds2taClassifier.of(MODEL, "test"));
        List<WindowScores> single = run(new KeyedProcessOperator<>(new InferenceFunction<>(shipped, CARRY)), frames,
                new OperatorMetrics());
        OperatorMetrics metrics = new OperatorMetrics();
        List<WindowScores> batched = run(new BatchedInferenceOperator<>(InstantiationUtil.clone(shipped), CARRY,
                new InferenceBatching(4, 5), 0), frames, metrics);

        assertThat(metrics.counter("batches")).as("every batch holds the four cameras").isEqualTo(21);
        assertThat(single).hasSize(4 * 3);
        assertThat(batched).hasSameSizeAs(single);
        int exact = 0;
        float maxDiff = 0;
        for (int w = 0; w < single.size(); w++) {
            WindowScores s = single.get(w);
            WindowScores b = batched.get(w);
            assertThat(b.cameraId + "/" + b.window).isEqualTo(s.cameraId + "/" + s.window);
            if (Arrays.equals(b.logits, s.logits)) {
                exact++;
            }
            for (int c = 0; c < s.logits.length; c++) {
                maxDiff = Math.max(maxDiff, Math.abs(b.logits[c] - s.logits[c]));
            }
        }
        System.out.printf("BatchedInferenceDs2taTest: %d of %d windows bit for bit, max |logit difference| %g%n", exact,
                single.size(), maxDiff);
        assertThat(batched).containsExactlyElementsOf(single); // logits bit for bit, firing rate and energy exactly
    }
}
