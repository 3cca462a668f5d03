package io.dvstream.jobs.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dvstream.jobs.decisions.GestureEvent;
import io.dvstream.jobs.decisions.GestureEvent.Kind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GestureEventJsonTest {

    private static final GestureEvent WINDOW = new GestureEvent("cam-1", Kind.WINDOW, "wave", 1, 0.7310585975646973,
            new float[] {0.1f, 0.7310586f, 0.16894142f}, new float[] {-1.5f, 0.49999997f, 0f}, 2, 17, 850_000, 950_000,
            1_764_640_000_123L, "stand-in:spatial-leaky:seed=7", 0.0123, 3.4e-7, 4.217);
    private static final GestureEvent START = new GestureEvent("cam-1", Kind.START, "wave", 1, 0.8, null, null, 2, 18,
            850_000, 1_000_000, 1_764_640_000_200L, "m", 0.02, 1e-6, 3.5);

    @Test
    void shouldRoundTripEveryFieldBitForBit() throws IOException {
        assertThat(GestureEventJson.read(GestureEventJson.write(WINDOW))).isEqualTo(WINDOW);
        assertThat(GestureEventJson.read(GestureEventJson.write(START))).isEqualTo(START);
    }

    @Test
    void shouldWriteTheDocumentedFieldNamesAndLeaveScoresOutOfStartAndEnd() throws IOException {
        JsonNode w = new ObjectMapper().readTree(GestureEventJson.write(WINDOW));
        assertThat(w.fieldNames()).toIterable().containsExactly("camera", "kind", "gesture", "classIndex", "confidence",
                "scores", "logits", "stream", "window", "startUs", "endUs", "emittedAtMs", "modelId", "firingRate",
                "energyJoules", "inferenceMs");
        assertThat(w.get("kind").asText()).isEqualTo("window");
        JsonNode s = new ObjectMapper().readTree(GestureEventJson.write(START));
        assertThat(s.get("kind").asText()).isEqualTo("start");
        assertThat(s.has("scores")).isFalse();
        assertThat(s.has("logits")).isFalse();
    }

    @Test
    void shouldReadRecordsWrittenBeforeTheInferenceTimeExistedAsNotSaying() throws IOException {
        String withoutField = new String(GestureEventJson.write(START), StandardCharsets.UTF_8).replace(",\"inferenceMs\":3.5", "");
        assertThat(withoutField).doesNotContain("inferenceMs");

        GestureEvent old = read(withoutField);

        assertThat(old.inferenceMs()).isNaN();
        assertThat(new ObjectMapper().readTree(GestureEventJson.write(old)).has("inferenceMs")).isFalse();
        assertThat(old.withoutWallTime()).isEqualTo(START.withoutWallTime());
    }

    @Test
    void shouldNameTheFieldThatIsMissingOrWrong() {
        assertThatThrownBy(() -> read("{\"kind\":\"end\"}")).hasMessage("gesture event: missing field 'camera'");
        String ok = new String(GestureEventJson.write(START), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> read(ok.replace("\"classIndex\":1", "\"classIndex\":\"1\"")))
                .hasMessage("gesture event: field 'classIndex' must be an integer, was \"1\"");
        assertThatThrownBy(() -> read(ok.replace("\"kind\":\"start\"", "\"kind\":\"begin\"")))
                .hasMessage("gesture event: field 'kind': unknown gesture event kind 'begin', expected one of window, start, end");
        assertThatThrownBy(() -> read(ok.replace("\"stream\":2", "\"scores\":[1,\"x\"],\"stream\":2")))
                .hasMessage("gesture event: field 'scores' element 1 must be a number, was \"x\"");
        assertThatThrownBy(() -> read(ok.replace("\"inferenceMs\":3.5", "\"inferenceMs\":\"fast\"")))
                .hasMessage("gesture event: field 'inferenceMs' must be a number, was \"fast\"");
        assertThatThrownBy(() -> read("[1]")).hasMessage("gesture event: expected a JSON object, got ARRAY");
        assertThatThrownBy(() -> read("{\"camera\": ")).isInstanceOf(IOException.class)
                .hasMessageStartingWith("gesture event: not JSON: ");
    }

    private static GestureEvent read(String s) throws IOException {
        return GestureEventJson.read(s.getBytes(StandardCharsets.UTF_8));
    }
}
