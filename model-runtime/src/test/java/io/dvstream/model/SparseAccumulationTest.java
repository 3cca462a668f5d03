package io.dvstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Event-driven accumulation gives the dense results (up to float rounding of the sums). */
class SparseAccumulationTest {

    @BeforeAll
    static void startNd4j() {
        Nd4jFixture.start();
    }

    @Test
    void shouldComputeTheSameConvolutionAsTheDenseDefinition() {
        var rnd = new SplittableRandom(1);
        int out = 5;
        int in = 3;
        int h = 6;
        int w = 7;
        float[] weight = new float[out * in * 9];
        for (int i = 0; i < weight.length; i++) {
            weight[i] = (float) rnd.nextGaussian();
        }
        float[] x = new float[2 * in * h * w];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextDouble() < 0.8 ? 0 : 1 + rnd.nextInt(2);
        }
        float[] got = new SparseAccumulator(weight, out, in, 3).apply(Nd4j.create(x, new long[] {2, in, h, w}, 'c'), h, w)
                .data().asFloat();
        for (int b = 0; b < 2; b++) {
            for (int o = 0; o < out; o++) {
                for (int y = 0; y < h; y++) {
                    for (int xx = 0; xx < w; xx++) {
                        double acc = 0;
                        for (int i = 0; i < in; i++) {
                            for (int ky = 0; ky < 3; ky++) {
                                for (int kx = 0; kx < 3; kx++) {
                                    int iy = y + ky - 1;
                                    int ix = xx + kx - 1;
                                    if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                                        acc += weight[((o * in + i) * 3 + ky) * 3 + kx] * x[((b * in + i) * h + iy) * w + ix];
                                    }
                                }
                            }
                        }
                        assertThat(got[((b * out + o) * h + y) * w + xx]).isCloseTo((float) acc, within(1e-5f));
                    }
                }
            }
        }
    }

    @Test
    void shouldGiveTheDenseSpikesAndLogitsOnTheSmallPreset() {
        Ds2ta dense = Ds2ta.random(ModelConfig.small1x64(), 42).withAccumulation(Accumulation.DENSE);
        Ds2ta sparse = dense.withAccumulation(Accumulation.SPARSE);
        Ds2ta auto = dense.withAccumulation(Accumulation.AUTO);
        Ds2taState sd = dense.newState();
        Ds2taState ss = sparse.newState();
        Ds2taState sa = auto.newState();
        var rnd = new SplittableRandom(8);
        for (int t = 0; t < 4; t++) {
            float[] f = new float[2 * 64 * 64];   // synthetic: ~5 % of pixels hold 1..3 events
            for (int i = 0; i < f.length; i++) {
                f[i] = rnd.nextDouble() < 0.95 ? 0 : 1 + rnd.nextInt(3);
            }
            List<INDArray> spikesDense = new ArrayList<>();
            List<INDArray> spikesSparse = new ArrayList<>();
            StepResult rd = dense.step(List.of(f), List.of(sd), spikesDense).get(0);
            StepResult rs = sparse.step(List.of(f), List.of(ss), spikesSparse).get(0);
            StepResult ra = auto.step(f, sa);
            for (int j = 0; j < spikesDense.size(); j++) {
                assertThat(spikesSparse.get(j).data().asFloat()).as("step %d layer %d", t, j)
                        .containsExactly(spikesDense.get(j).data().asFloat());
            }
            assertThat(ra.spikeCounts()).containsExactly(rd.spikeCounts());
            assertThat(rs.logits()).containsExactly(rd.logits(), within(1e-4f));
            assertThat(ra.logits()).containsExactly(rd.logits(), within(1e-4f));
        }
    }
}
