package io.dvstream.cli;

import static io.dvstream.cli.CommandLineTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.dvstream.model.Ds2ta;
import io.dvstream.model.Ds2taState;
import io.dvstream.model.ModelConfig;
import io.dvstream.model.StepResult;
import io.dvstream.model.weights.SafetensorsFile;
import io.dvstream.model.weights.SafetensorsWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dvstream model random | info | run} on random (synthetic) weights. */
class ModelCommandTest {

    /** Synthetic frames [s, 2, h, w]: 90 % of pixels empty, else 1..3 events. */
    private static float[] frames(int s, int h, int w, long seed) {
        var rnd = new SplittableRandom(seed);
        float[] f = new float[s * 2 * h * w];
        for (int i = 0; i < f.length; i++) {
            f[i] = rnd.nextDouble() < 0.9 ? 0 : 1 + rnd.nextInt(3);
        }
        return f;
    }

    private static void roundTrip(Path dir, String preset, int steps) throws Exception {
        Path w = dir.resolve(preset + ".safetensors");
        Object[] r = run("model", "random", "--config", preset, "--seed", "3", "--out", w.toString());
        assertThat(r[0]).as((String) r[2]).isEqualTo(0);
        Ds2ta model = Ds2ta.load(w);
        ModelConfig c = model.config();
        assertThat(c).isEqualTo(ModelConfig.preset(preset));

        Object[] info = run("model", "info", w.toString());
        assertThat(info[0]).as((String) info[2]).isEqualTo(0);
        assertThat((String) info[1])
                .contains(String.format("parameters  %,d", model.weights().parameterCount()))
                .contains(String.format("state       %,d bytes per stream", model.newState().sizeBytes()))
                .contains(String.format("dense MACs  %,d per step", model.costModel().denseMacs()))
                .contains("blocks.0.attn.q(");

        int h = c.inputHeight();
        int wd = c.inputWidth();
        float[] f = frames(steps, h, wd, 5);
        Path framesFile = dir.resolve("frames.safetensors");
        new SafetensorsWriter().put("frames", new long[] {steps, 2, h, wd}, f).write(framesFile);
        Path out = dir.resolve("out.safetensors");
        Object[] ran = run("model", "run", "--weights", w.toString(), "--frames", framesFile.toString(), "--out", out.toString());
        assertThat(ran[0]).as((String) ran[2]).isEqualTo(0);
        assertThat((String) ran[1]).contains(steps + " steps in").contains("wrote " + out);

        SafetensorsFile o = SafetensorsFile.read(out);
        int layers = model.stateLayout().lifLayers();
        assertThat(o.info("logits").shape()).containsExactly(steps, c.numClasses());
        assertThat(o.info("spikes").shape()).containsExactly(steps, layers);
        assertThat(o.metadata().get("layers")).isEqualTo(String.join(",", model.stateLayout().lifLayerNames()));
        float[] logits = o.floats("logits");
        float[] spikes = o.floats("spikes");
        Ds2taState s = model.newState();
        int size = 2 * h * wd;
        for (int t = 0; t < steps; t++) {
            StepResult expected = model.step(Arrays.copyOfRange(f, t * size, (t + 1) * size), s);
            assertThat(Arrays.copyOfRange(logits, t * c.numClasses(), (t + 1) * c.numClasses()))
                    .containsExactly(expected.logits());
            for (int j = 0; j < layers; j++) {
                assertThat(spikes[t * layers + j]).isEqualTo(expected.spikeCounts()[j]);
            }
        }
    }

    @Test
    void shouldWriteDescribeAndRunTheSmallPreset(@TempDir Path dir) throws Exception {
        roundTrip(dir, "small-1-64", 4);
    }

    @Test
    void shouldWriteDescribeAndRunThePaperScalePreset(@TempDir Path dir) throws Exception {
        roundTrip(dir, "gesture-2-256", 2);
    }

    @Test
    void shouldNameAMalformedWeightFile(@TempDir Path dir) throws Exception {
        Path w = dir.resolve("w.safetensors");
        assertThat(run("model", "random", "--config", "small-1-64", "--out", w.toString())[0]).isEqualTo(0);
        byte[] bytes = Files.readAllBytes(w);
        Path cut = dir.resolve("cut.safetensors");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length - 100));
        Object[] r = run("model", "info", cut.toString());
        assertThat(r[0]).isEqualTo(1);
        assertThat((String) r[2]).contains("cut.safetensors").contains("tensor head.weight").contains("point outside");
    }

    @Test
    void shouldNameFramesOfTheWrongShape(@TempDir Path dir) throws Exception {
        Path w = dir.resolve("w.safetensors");
        assertThat(run("model", "random", "--config", "small-1-64", "--out", w.toString())[0]).isEqualTo(0);
        Path framesFile = dir.resolve("frames.safetensors");
        new SafetensorsWriter().put("frames", new long[] {1, 2, 32, 32}, new float[2 * 32 * 32]).write(framesFile);
        Object[] r = run("model", "run", "--weights", w.toString(), "--frames", framesFile.toString(), "--out",
                dir.resolve("o.safetensors").toString());
        assertThat(r[0]).isEqualTo(1);
        assertThat((String) r[2]).contains("frames.safetensors").contains("[1, 2, 32, 32]").contains("[S, 2, 64, 64]");
    }

    @Test
    void shouldRejectAnUnknownPreset(@TempDir Path dir) {
        Object[] r = run("model", "random", "--config", "huge", "--out", dir.resolve("w").toString());
        assertThat(r[0]).isEqualTo(2);
        assertThat((String) r[2]).contains("Unknown model preset huge");
    }
}
