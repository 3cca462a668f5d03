package io.dvstream.model.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsFileTest {

    /** A file with the given header JSON and {@code dataBytes} zero bytes of data. */
    static byte[] file(String header, int dataBytes) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + json.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(json.length).put(json).array();
    }

    static String entry(String name, String dtype, String shape, long begin, long end) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":[" + begin + ","
                + end + "]}";
    }

    static MalformedWeightFileException parseError(byte[] bytes) {
        try {
            SafetensorsFile.parse(bytes, "w.safetensors");
        } catch (MalformedWeightFileException e) {
            return e;
        }
        throw new AssertionError("expected a MalformedWeightFileException");
    }

    @Test
    void shouldRoundTripTensorsAndMetadata(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("t.safetensors");
        new SafetensorsWriter().metadata("config", "{\"a\":1}")
                .put("b.weight", new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, -6.5f})
                .put("a.scalar", new long[] {}, new float[] {Float.MIN_VALUE})
                .put("empty", new long[] {0, 4}, new float[0])
                .write(f);
        SafetensorsFile s = SafetensorsFile.read(f);
        assertThat(s.metadata()).containsExactly(java.util.Map.entry("config", "{\"a\":1}"));
        assertThat(s.tensors().keySet()).containsExactly("b.weight", "a.scalar", "empty");
        assertThat(s.info("b.weight").shape()).containsExactly(2, 3);
        assertThat(s.info("b.weight").dtype()).isEqualTo(Dtype.F32);
        assertThat(s.floats("b.weight")).containsExactly(1, 2, 3, 4, 5, -6.5f);
        assertThat(s.floats("a.scalar")).containsExactly(Float.MIN_VALUE);
        assertThat(s.floats("empty")).isEmpty();
        assertThat(s.info("a.scalar").begin()).isEqualTo(24);
    }

    @Test
    void shouldPadHeaderToEightBytesWithSpaces() {
        byte[] b = new SafetensorsWriter().put("x", new long[] {1}, new float[] {1f}).toBytes();
        long n = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(n % 8).isZero();
        assertThat(b[(int) (8 + n - 1)]).isEqualTo((byte) ' ');
        assertThat(b.length).isEqualTo(8 + n + 4);
    }

    @Test
    void shouldRejectFileShorterThanLengthField() {
        assertThat(parseError(new byte[5]))
                .hasMessage("w.safetensors: file has 5 bytes, fewer than the 8-byte header length field");
    }

    @Test
    void shouldRejectHeaderLengthBeyondFile() {
        byte[] b = file("{}", 0);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1000);
        assertThat(parseError(b))
                .hasMessage("w.safetensors: header length 1000 exceeds the 2 bytes that follow the length field");
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -1);
        assertThat(parseError(b)).hasMessageContaining("header length 18446744073709551615 exceeds");
    }

    @Test
    void shouldRejectHeaderThatIsNotAJsonObject() {
        assertThat(parseError(file("[1, 2]", 0))).hasMessageContaining("header must be a JSON object starting with '{'");
        assertThat(parseError(file("{\"a\": ", 0))).hasMessageContaining("header is not valid JSON");
        assertThat(parseError(file("{} {}", 0))).hasMessageContaining("header is not valid JSON");
    }

    @Test
    void shouldRejectDuplicateTensorNames() {
        String h = "{" + entry("x", "F32", "[1]", 0, 4) + "," + entry("x", "F32", "[1]", 4, 8) + "}";
        assertThat(parseError(file(h, 8))).hasMessageContaining("header is not valid JSON").hasMessageEndingWith("Duplicate field 'x'");
    }

    @Test
    void shouldRejectEntryWithMissingField() {
        String h = "{\"x\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}";
        assertThat(parseError(file(h, 4))).hasMessage("w.safetensors: tensor x: missing field shape");
    }

    @Test
    void shouldRejectEntryWithUnexpectedField() {
        String h = "{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"stride\":[1]}}";
        assertThat(parseError(file(h, 4))).hasMessage(
                "w.safetensors: tensor x: unexpected field stride (an entry has exactly dtype, shape and data_offsets)");
    }

    @Test
    void shouldRejectUnknownDtypeNamingTheTensor() {
        assertThat(parseError(file("{" + entry("x", "F33", "[1]", 0, 4) + "}", 4)))
                .hasMessage("w.safetensors: tensor x: unknown dtype F33");
    }

    @Test
    void shouldRejectFloatAccessToOtherDtypeNamingTheTensor() throws Exception {
        SafetensorsFile s = SafetensorsFile.parse(file("{" + entry("ids", "I64", "[2]", 0, 16) + "}", 16), "w.safetensors");
        assertThatThrownBy(() -> s.floats("ids"))
                .hasMessage("w.safetensors: tensor ids: dtype I64 where F32 is required");
    }

    @Test
    void shouldRejectNegativeOrFractionalShape() {
        assertThat(parseError(file("{" + entry("x", "F32", "[-1]", 0, 4) + "}", 4)))
                .hasMessage("w.safetensors: tensor x: shape[0] = -1 is not a non-negative integer");
        assertThat(parseError(file("{" + entry("x", "F32", "[1.5]", 0, 4) + "}", 4)))
                .hasMessage("w.safetensors: tensor x: shape[0] = 1.5 is not a non-negative integer");
    }

    @Test
    void shouldRejectOffsetsOutsideTheFile() {
        String h = "{" + entry("a", "F32", "[1]", 0, 4) + "," + entry("b", "F32", "[2]", 4, 12) + "}";
        assertThat(parseError(file(h, 8)))
                .hasMessage("w.safetensors: tensor b: data_offsets [4, 12] point outside the data buffer of 8 bytes");
    }

    @Test
    void shouldRejectReversedOffsets() {
        assertThat(parseError(file("{" + entry("x", "F32", "[0]", 4, 0) + "}", 4)))
                .hasMessage("w.safetensors: tensor x: data_offsets [4, 0] end before they begin");
    }

    @Test
    void shouldRejectOffsetsOfWrongLength() {
        assertThat(parseError(file("{" + entry("x", "F32", "[3]", 0, 8) + "}", 8)))
                .hasMessage("w.safetensors: tensor x: data_offsets [0, 8] span 8 bytes but F32 [3] needs 12");
    }

    @Test
    void shouldRejectOverlappingTensors() {
        String h = "{" + entry("a", "F32", "[2]", 0, 8) + "," + entry("b", "F32", "[2]", 4, 12) + "}";
        assertThat(parseError(file(h, 12)))
                .hasMessage("w.safetensors: tensors a [0, 8) and b [4, 12) overlap");
    }

    @Test
    void shouldRejectBytesThatBelongToNoTensor() {
        String gap = "{" + entry("a", "F32", "[1]", 0, 4) + "," + entry("b", "F32", "[1]", 8, 12) + "}";
        assertThat(parseError(file(gap, 12)))
                .hasMessage("w.safetensors: data bytes [4, 8) before tensor b belong to no tensor");
        String tail = "{" + entry("a", "F32", "[1]", 0, 4) + "}";
        assertThat(parseError(file(tail, 6)))
                .hasMessage("w.safetensors: data bytes [4, 6) after the last tensor belong to no tensor");
    }

    @Test
    void shouldRejectNonStringMetadata() {
        assertThat(parseError(file("{\"__metadata__\":{\"config\":{\"T\":10}}}", 0)))
                .hasMessage("w.safetensors: __metadata__.config must be a JSON string, got object");
    }

    @Test
    void shouldNameMissingTensor() throws Exception {
        SafetensorsFile s = SafetensorsFile.parse(file("{}", 0), "w.safetensors");
        assertThatThrownBy(() -> s.info("head.weight")).hasMessage("w.safetensors: missing tensor head.weight");
    }
}
