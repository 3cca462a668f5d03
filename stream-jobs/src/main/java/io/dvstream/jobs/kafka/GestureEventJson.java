package io.dvstream.jobs.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dvstream.jobs.decisions.GestureEvent;
import io.dvstream.jobs.decisions.GestureEvent.Kind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The JSON form of a {@code dvs.gestures} record (docs/gestures-topic.md): {@link #write} for the
 * job, {@link #read} for consumers and tests. Field names are a contract: add, never rename.
 * Floats are written with their shortest exact decimal form, so a record reads back bit for bit.
 */
public final class GestureEventJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private GestureEventJson() {
    }

    public static byte[] write(GestureEvent e) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("camera", e.camera());
        n.put("kind", e.kind().key());
        n.put("gesture", e.gesture());
        n.put("classIndex", e.classIndex());
        n.put("confidence", e.confidence());
        if (e.scores() != null) {
            ArrayNode a = n.putArray("scores");
            for (float f : e.scores()) {
                a.add(f);
            }
        }
        if (e.logits() != null) {
            ArrayNode a = n.putArray("logits");
            for (float f : e.logits()) {
                a.add(f);
            }
        }
        n.put("stream", e.stream());
        n.put("window", e.window());
        n.put("startUs", e.startUs());
        n.put("endUs", e.endUs());
        n.put("emittedAtMs", e.emittedAtMs());
        n.put("modelId", e.modelId());
        n.put("firingRate", e.firingRate());
        n.put("energyJoules", e.energyJoules());
        if (!Double.isNaN(e.inferenceMs())) {
            n.put("inferenceMs", e.inferenceMs());
        }
        return n.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Parses one record.
     *
     * @throws IOException naming the field that is missing or of the wrong type, or where the JSON breaks
     */
    public static GestureEvent read(byte[] json) throws IOException {
        JsonNode n;
        try {
            n = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IOException("gesture event: not JSON: " + e.getOriginalMessage() + " at character "
                    + e.getLocation().getCharOffset(), e);
        }
        if (n == null || !n.isObject()) {
            throw new IOException("gesture event: expected a JSON object, got " + (n == null ? "nothing" : n.getNodeType()));
        }
        Kind kind;
        try {
            kind = Kind.fromKey(text(n, "kind"));
        } catch (IllegalArgumentException e) {
            throw new IOException("gesture event: field 'kind': " + e.getMessage(), e);
        }
        return new GestureEvent(text(n, "camera"), kind, text(n, "gesture"), (int) integer(n, "classIndex"),
                number(n, "confidence"), floats(n, "scores"), floats(n, "logits"), integer(n, "stream"), integer(n, "window"),
                integer(n, "startUs"), integer(n, "endUs"), integer(n, "emittedAtMs"), text(n, "modelId"),
                number(n, "firingRate"), number(n, "energyJoules"), optionalNumber(n, "inferenceMs"));
    }

    private static JsonNode field(JsonNode n, String name) throws IOException {
        JsonNode v = n.get(name);
        if (v == null || v.isNull()) {
            throw new IOException("gesture event: missing field '" + name + "'");
        }
        return v;
    }

    private static String text(JsonNode n, String name) throws IOException {
        JsonNode v = field(n, name);
        if (!v.isTextual()) {
            throw new IOException("gesture event: field '" + name + "' must be a string, was " + v);
        }
        return v.asText();
    }

    private static long integer(JsonNode n, String name) throws IOException {
        JsonNode v = field(n, name);
        if (!v.isIntegralNumber()) {
            throw new IOException("gesture event: field '" + name + "' must be an integer, was " + v);
        }
        return v.asLong();
    }

    private static double number(JsonNode n, String name) throws IOException {
        JsonNode v = field(n, name);
        if (!v.isNumber()) {
            throw new IOException("gesture event: field '" + name + "' must be a number, was " + v);
        }
        return v.asDouble();
    }

    /** A field added after the first version: NaN when absent, so older records still read. */
    private static double optionalNumber(JsonNode n, String name) throws IOException {
        JsonNode v = n.get(name);
        return v == null || v.isNull() ? Double.NaN : number(n, name);
    }

    private static float[] floats(JsonNode n, String name) throws IOException {
        JsonNode v = n.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isArray()) {
            throw new IOException("gesture event: field '" + name + "' must be an array of numbers, was " + v);
        }
        float[] out = new float[v.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode x = v.get(i);
            if (!x.isNumber()) {
                throw new IOException("gesture event: field '" + name + "' element " + i + " must be a number, was " + x);
            }
            out[i] = x.floatValue();
        }
        return out;
    }
}
