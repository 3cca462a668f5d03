package io.dvstream.model.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvstream.model.Configs;
import io.dvstream.model.ModelConfig;
import io.dvstream.model.StreamingConfig;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Ds2taWeightsTest {

    private static final Ds2taWeights TINY = Ds2taWeights.random(Configs.tinyFile(), 7);

    /** The tiny weights written with one tensor changed by {@code edit}. */
    private static byte[] tinyFileWith(java.util.function.BiConsumer<SafetensorsWriter, String> edit) {
        var w = new SafetensorsWriter().metadata("config", Configs.tinyFile().toJson());
        for (String n : TINY.names()) {
            edit.accept(w, n);
        }
        return w.toBytes();
    }

    private static MalformedWeightFileException loadError(byte[] bytes) {
        try {
            Ds2taWeights.fromFile(SafetensorsFile.parse(bytes, "w.safetensors"));
        } catch (MalformedWeightFileException e) {
            return e;
        }
        throw new AssertionError("expected a MalformedWeightFileException");
    }

    /** Replaces {@code from} by {@code to} (same byte length) inside the JSON header. */
    private static byte[] patchHeader(byte[] file, String from, String to) {
        long n = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong();
        String header = new String(file, 8, (int) n, StandardCharsets.UTF_8);
        assertThat(header).contains(from);
        byte[] patched = header.replace(from, to).getBytes(StandardCharsets.UTF_8);
        assertThat(patched.length).isEqualTo((int) n);
        byte[] out = file.clone();
        System.arraycopy(patched, 0, out, 8, patched.length);
        return out;
    }

    @Test
    void shouldFollowTheSpecNamingContract() {
        var shapes = WeightContract.expectedShapes(ModelConfig.gesture2x256());
        assertThat(shapes.get("stem.0.conv.weight")).containsExactly(32, 2, 3, 3);
        assertThat(shapes.get("stem.3.bn.running_var")).containsExactly(256);
        assertThat(shapes.get("rpe.conv.weight")).containsExactly(256, 256, 3, 3);
        assertThat(shapes.get("blocks.1.attn.k.weight")).containsExactly(256, 256);
        assertThat(shapes.get("blocks.1.attn.tau_a")).containsExactly(1);
        assertThat(shapes.get("blocks.0.attn.nsad.lut")).containsExactly(8, 33);
        assertThat(shapes.get("blocks.0.mlp.fc1.weight")).containsExactly(1024, 256);
        assertThat(shapes.get("blocks.0.mlp.fc2.bn.weight")).containsExactly(256);
        assertThat(shapes.get("head.weight")).containsExactly(11, 256);
        // stem 4 x (conv + 4 bn) + rpe 5 + per block (3 x 5 + 4 tau + lut + 6 proj + 2 x 6 mlp) + head 2
        assertThat(shapes).hasSize(20 + 5 + 2 * 38 + 2);
        assertThat(shapes.keySet()).doesNotContain("blocks.2.attn.q.weight");
    }

    @Test
    void shouldRoundTripThroughAFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("tiny.safetensors");
        TINY.write(f);
        Ds2taWeights back = Ds2taWeights.read(f);
        assertThat(back.config()).isEqualTo(TINY.config());
        assertThat(back.names()).containsExactlyElementsOf(TINY.names());
        for (String n : TINY.names()) {
            assertThat(back.get(n)).as(n).containsExactly(TINY.get(n));
        }
        assertThat(SafetensorsFile.read(f).metadata().get("config")).isEqualTo(Configs.tinyFile().toJson());
    }

    @Test
    void shouldCountPaperScaleParameters() {
        var w = Ds2taWeights.random(new WeightFileConfig(ModelConfig.gesture2x256(), StreamingConfig.dvsGesture()), 1);
        // stem convs 576 + 18432 + 73728 + 294912, rpe 589824, BN 4 x (480 + 256),
        // blocks 2 x (4 x 65536 + 2 x 262144 + biases 256 + 1024 + 256 + BN 4 x (5 x 256 + 1024) + tau 4 + LUT 264), head 2827
        long stem = 576 + 18432 + 73728 + 294912 + 4 * 480;
        long rpe = 589824 + 4 * 256;
        long block = 4 * 65536 + 2 * 262144 + 256 + 1024 + 256 + 4 * (5 * 256 + 1024) + 4 + 8 * 33;
        assertThat(w.parameterCount()).isEqualTo(stem + rpe + 2 * block + 11 * 256 + 11);
    }

    @Test
    void shouldKeepRandomWeightsLegal() {
        float[] lut = TINY.get("blocks.0.attn.nsad.lut");
        assertThat(lut[0]).isZero();
        assertThat(lut[5]).isZero(); // head 1, entry 0 (d_h + 1 = 5 entries per head)
        for (float v : TINY.get("stem.1.bn.running_var")) {
            assertThat(v).isPositive();
        }
        assertThat(Ds2taWeights.random(Configs.tinyFile(), 7).get("head.weight")).containsExactly(TINY.get("head.weight"));
    }

    @Test
    void shouldRejectMissingTensorNamingIt() {
        byte[] f = tinyFileWith((w, n) -> {
            if (!n.equals("blocks.0.attn.tau_k")) {
                w.put(n, TINY.shape(n), TINY.get(n));
            }
        });
        assertThat(loadError(f)).hasMessage("w.safetensors: missing tensor blocks.0.attn.tau_k");
    }

    @Test
    void shouldRejectUnexpectedTensorNamingIt() {
        byte[] f = tinyFileWith((w, n) -> {
            w.put(n, TINY.shape(n), TINY.get(n));
            if (n.equals("head.bias")) {
                w.put("blocks.0.attn.qkv.weight", new long[] {1}, new float[1]);
                w.put("head.num_batches_tracked", new long[] {1}, new float[1]);
            }
        });
        assertThat(loadError(f)).hasMessage("w.safetensors: unexpected tensors blocks.0.attn.qkv.weight,"
                + " head.num_batches_tracked (not part of the contract for this configuration)");
    }

    @Test
    void shouldRejectWrongShapeNamingTheTensor() {
        byte[] f = tinyFileWith((w, n) -> w.put(n, n.equals("stem.1.conv.weight") ? new long[] {8, 4, 9} : TINY.shape(n),
                TINY.get(n)));
        assertThat(loadError(f))
                .hasMessage("w.safetensors: tensor stem.1.conv.weight: shape [8, 4, 9] where the configuration needs [8, 4, 3, 3]");
    }

    @Test
    void shouldRejectWrongDtypeNamingTheTensor() {
        byte[] f = patchHeader(TINY.toBytes(), "\"head.bias\":{\"dtype\":\"F32\"", "\"head.bias\":{\"dtype\":\"I32\"");
        assertThat(loadError(f)).hasMessage("w.safetensors: tensor head.bias: dtype I32 where F32 is required");
    }

    @Test
    void shouldRejectTruncatedFileNamingTheTensorOutsideIt() {
        byte[] full = TINY.toBytes();
        byte[] cut = Arrays.copyOf(full, full.length - 4);
        assertThat(loadError(cut)).hasMessageStartingWith("w.safetensors: tensor head.bias: data_offsets [")
                .hasMessageContaining("point outside the data buffer");
    }

    @Test
    void shouldRejectFileWithoutConfig() {
        var w = new SafetensorsWriter();
        TINY.names().forEach(n -> w.put(n, TINY.shape(n), TINY.get(n)));
        assertThat(loadError(w.toBytes())).hasMessage(
                "w.safetensors: __metadata__ has no config entry: a DS2TA weight file carries its configuration there");
    }

    @Test
    void shouldRejectNonZeroLutEntryZero() {
        byte[] f = tinyFileWith((w, n) -> {
            float[] d = TINY.get(n).clone();
            if (n.equals("blocks.0.attn.nsad.lut")) {
                d[5] = 0.01f;
            }
            w.put(n, TINY.shape(n), d);
        });
        assertThat(loadError(f)).hasMessage(
                "w.safetensors: tensor blocks.0.attn.nsad.lut: LUT[1][0] = 0.01 but entry 0 is fixed at 0 (spec 4.3)");
    }

    @Test
    void shouldRejectNegativeVarianceAndNonFiniteValues() {
        byte[] neg = tinyFileWith((w, n) -> {
            float[] d = TINY.get(n).clone();
            if (n.equals("rpe.bn.running_var")) {
                d[3] = -1f;
            }
            w.put(n, TINY.shape(n), d);
        });
        assertThat(loadError(neg)).hasMessage("w.safetensors: tensor rpe.bn.running_var: negative variance -1.0 at channel 3");
        byte[] nan = tinyFileWith((w, n) -> {
            float[] d = TINY.get(n).clone();
            if (n.equals("blocks.0.mlp.fc1.weight")) {
                d[2] = Float.NaN;
            }
            w.put(n, TINY.shape(n), d);
        });
        assertThat(loadError(nan)).hasMessage("w.safetensors: tensor blocks.0.mlp.fc1.weight: non-finite value NaN at flat index 2");
    }

    @Test
    void shouldRejectInMemoryWeightsThatBreakTheContract() {
        var tensors = new java.util.LinkedHashMap<String, float[]>();
        TINY.names().forEach(n -> tensors.put(n, TINY.get(n)));
        tensors.put("head.bias", new float[2]);
        assertThatThrownBy(() -> new Ds2taWeights(Configs.tinyFile(), tensors))
                .hasMessage("tensor head.bias has 2 values but shape [3] needs 3");
    }
}
