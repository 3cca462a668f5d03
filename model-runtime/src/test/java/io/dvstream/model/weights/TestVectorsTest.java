package io.dvstream.model.weights;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvstream.model.Configs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Keeps the files of docs/test-vectors/ identical to what this code writes (see the README there).
 * Regenerate after an intended format change with {@code -Ddvstream.regenerateVectors=true}.
 */
class TestVectorsTest {

    /** The minimal file documented byte by byte in docs/test-vectors/README.md. */
    static final String MINIMAL_HEX = "9000000000000000"
            + HexFormat.of().formatHex("{\"__metadata__\":{\"config\":\"{}\"},\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[8,12]}}      ".getBytes(java.nio.charset.StandardCharsets.UTF_8))
            + "0000803f" + "000000c0" + "0000003f";

    private static Path dir() {
        String root = System.getProperty("dvstream.root", "..");
        return Path.of(root, "docs", "test-vectors");
    }

    private static void check(String name, byte[] expected) throws IOException {
        Path f = dir().resolve(name);
        if (Boolean.getBoolean("dvstream.regenerateVectors")) {
            Files.createDirectories(f.getParent());
            Files.write(f, expected);
        }
        assertThat(f).as("%s (regenerate with -Ddvstream.regenerateVectors=true)", f).exists();
        assertThat(Files.readAllBytes(f)).as(name).isEqualTo(expected);
    }

    @Test
    void shouldWriteTheDocumentedMinimalFile() throws IOException {
        byte[] bytes = new SafetensorsWriter().metadata("config", "{}")
                .put("a", new long[] {2}, new float[] {1.0f, -2.0f})
                .put("b", new long[] {}, new float[] {0.5f})
                .toBytes();
        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(MINIMAL_HEX);
        check("safetensors-minimal.safetensors", bytes);
    }

    @Test
    void shouldKeepTheTinyWeightFileVector() throws IOException {
        Ds2taWeights w = Ds2taWeights.random(Configs.tinyFile(), 7);
        check("ds2ta-tiny-seed7.safetensors", w.toBytes());
        Ds2taWeights back = Ds2taWeights.read(dir().resolve("ds2ta-tiny-seed7.safetensors"));
        assertThat(back.config()).isEqualTo(Configs.tinyFile());
        assertThat(back.parameterCount()).isEqualTo(w.parameterCount());
    }
}
