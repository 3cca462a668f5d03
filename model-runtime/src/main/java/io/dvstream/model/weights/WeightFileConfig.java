package io.dvstream.model.weights;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dvstream.model.ModelConfig;
import io.dvstream.model.StreamingConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The configuration a weight file carries: the JSON string under {@code __metadata__.config}
 * (docs/ds2ta-spec.md section 6). It holds the keys of section 1 except the derived {@code D} and
 * {@code N}, plus {@code mode}, {@code dt_us}, {@code stride} and {@code classes}.
 *
 * <p>JSON types: integers for sizes, numbers for hyper-parameters, a list of integers for
 * {@code stemChannels}, a list of booleans for {@code stemPool}, a boolean for {@code nsad} (the
 * strings {@code "on"}/{@code "off"} are accepted too), strings {@code exp}/{@code linear} for
 * {@code decay} and {@code carry}/{@code reset} for {@code mode}, a list of strings for
 * {@code classes}. Unknown keys are ignored with a warning; {@code D} and {@code N}, when present,
 * must equal the derived values.
 */
public record WeightFileConfig(ModelConfig model, StreamingConfig streaming) {

    /** The metadata key holding the configuration JSON. */
    public static final String METADATA_KEY = "config";

    /** Every required key, in the order {@link #toJson()} writes them. */
    public static final List<String> REQUIRED_KEYS = List.of(
            "inputHeight", "inputWidth", "stemChannels", "stemPool", "blocks", "heads", "mlpRatio",
            "numClasses", "T", "taw", "tauInit", "decay", "nsad", "lifTau", "vth", "vthAttn", "bnEps",
            "mode", "dt_us", "stride", "classes");

    private static final Set<String> DERIVED_KEYS = Set.of("D", "N");

    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static final System.Logger LOG = System.getLogger(WeightFileConfig.class.getName());

    public WeightFileConfig {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(streaming, "streaming");
        if (streaming.classes().size() != model.numClasses()) {
            throw new IllegalArgumentException("classes names " + streaming.classes().size()
                    + " classes but numClasses is " + model.numClasses() + ": give one name per output class");
        }
    }

    /** The configuration as the weight file's {@code config} JSON string. */
    public String toJson() {
        ModelConfig m = model;
        ObjectNode o = JSON.createObjectNode();
        o.put("inputHeight", m.inputHeight());
        o.put("inputWidth", m.inputWidth());
        m.stemChannels().forEach(o.putArray("stemChannels")::add);
        m.stemPool().forEach(o.putArray("stemPool")::add);
        o.put("blocks", m.blocks());
        o.put("heads", m.heads());
        o.put("mlpRatio", m.mlpRatio());
        o.put("numClasses", m.numClasses());
        o.put("T", m.T());
        o.put("taw", m.taw());
        o.put("tauInit", m.tauInit());
        o.put("decay", m.decay().key());
        o.put("nsad", m.nsad());
        o.put("lifTau", m.lifTau());
        o.put("vth", m.vth());
        o.put("vthAttn", m.vthAttn());
        o.put("bnEps", m.bnEps());
        o.put("mode", streaming.mode().key());
        o.put("dt_us", streaming.dtUs());
        o.put("stride", streaming.stride());
        streaming.classes().forEach(o.putArray("classes")::add);
        return o.toString();
    }

    /** Parses a {@code config} JSON string, logging a warning per ignored key. */
    public static WeightFileConfig fromJson(String json, String source) throws MalformedWeightFileException {
        return fromJson(json, source, w -> LOG.log(System.Logger.Level.WARNING, w));
    }

    /** Parses a {@code config} JSON string; each ignored unknown key is reported to {@code warnings}. */
    public static WeightFileConfig fromJson(String json, String source, Consumer<String> warnings)
            throws MalformedWeightFileException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new MalformedWeightFileException(source, METADATA_KEY + " metadata is not valid JSON: "
                    + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new MalformedWeightFileException(source, METADATA_KEY + " metadata must be a JSON object");
        }
        for (String key : REQUIRED_KEYS) {
            if (!root.has(key)) {
                throw new MalformedWeightFileException(source, METADATA_KEY + " metadata is missing required key " + key);
            }
        }
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            if (!REQUIRED_KEYS.contains(e.getKey()) && !DERIVED_KEYS.contains(e.getKey())) {
                warnings.accept(source + ": ignoring unknown key " + e.getKey() + " in the " + METADATA_KEY + " metadata");
            }
        }
        var r = new Reader(source, root);
        WeightFileConfig config;
        try {
            var model = new ModelConfig(r.integer("inputHeight"), r.integer("inputWidth"),
                    r.integers("stemChannels"), r.booleans("stemPool"), r.integer("blocks"), r.integer("heads"),
                    r.integer("mlpRatio"), r.integer("numClasses"), r.integer("T"), r.integer("taw"),
                    r.number("tauInit"), ModelConfig.Decay.fromKey(r.string("decay")), r.onOff("nsad"),
                    r.number("lifTau"), r.number("vth"), r.number("vthAttn"), r.number("bnEps"));
            var streaming = new StreamingConfig(StreamingConfig.WindowMode.fromKey(r.string("mode")),
                    r.longInteger("dt_us"), r.integer("stride"), r.strings("classes"));
            config = new WeightFileConfig(model, streaming);
        } catch (IllegalArgumentException e) {
            throw new MalformedWeightFileException(source, METADATA_KEY + " metadata: " + e.getMessage(), e);
        }
        r.checkDerived("D", config.model().D());
        r.checkDerived("N", config.model().N());
        return config;
    }

    /** Typed access to the config object; a wrong type is an IllegalArgumentException in Kafka's shape. */
    private record Reader(String source, JsonNode root) {

        private IllegalArgumentException invalid(String key, String rule) {
            return new IllegalArgumentException("Invalid value " + root.get(key) + " for configuration " + key + ": " + rule);
        }

        int integer(String key) {
            JsonNode v = root.get(key);
            if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                throw invalid(key, "must be an integer");
            }
            return v.intValue();
        }

        long longInteger(String key) {
            JsonNode v = root.get(key);
            if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                throw invalid(key, "must be an integer");
            }
            return v.longValue();
        }

        double number(String key) {
            JsonNode v = root.get(key);
            if (!v.isNumber()) {
                throw invalid(key, "must be a number");
            }
            return v.doubleValue();
        }

        String string(String key) {
            JsonNode v = root.get(key);
            if (!v.isTextual()) {
                throw invalid(key, "must be a string");
            }
            return v.textValue();
        }

        boolean onOff(String key) {
            JsonNode v = root.get(key);
            if (v.isBoolean()) {
                return v.booleanValue();
            }
            if (v.isTextual() && (v.textValue().equals("on") || v.textValue().equals("off"))) {
                return v.textValue().equals("on");
            }
            throw invalid(key, "must be true/false or \"on\"/\"off\"");
        }

        List<Integer> integers(String key) {
            JsonNode v = root.get(key);
            var out = new ArrayList<Integer>();
            if (v.isArray()) {
                for (JsonNode e : v) {
                    if (!e.isIntegralNumber() || !e.canConvertToInt()) {
                        throw invalid(key, "must be a list of integers");
                    }
                    out.add(e.intValue());
                }
                return out;
            }
            throw invalid(key, "must be a list of integers");
        }

        List<Boolean> booleans(String key) {
            JsonNode v = root.get(key);
            var out = new ArrayList<Boolean>();
            if (v.isArray()) {
                for (JsonNode e : v) {
                    if (!e.isBoolean()) {
                        throw invalid(key, "must be a list of booleans");
                    }
                    out.add(e.booleanValue());
                }
                return out;
            }
            throw invalid(key, "must be a list of booleans");
        }

        List<String> strings(String key) {
            JsonNode v = root.get(key);
            var out = new ArrayList<String>();
            if (v.isArray()) {
                for (JsonNode e : v) {
                    if (!e.isTextual()) {
                        throw invalid(key, "must be a list of strings");
                    }
                    out.add(e.textValue());
                }
                return out;
            }
            throw invalid(key, "must be a list of strings");
        }

        void checkDerived(String key, int derived) throws MalformedWeightFileException {
            JsonNode v = root.get(key);
            if (v != null && !(v.isIntegralNumber() && v.canConvertToInt() && v.intValue() == derived)) {
                throw new MalformedWeightFileException(source, METADATA_KEY + " metadata: " + key + " = " + v
                        + " contradicts the value " + derived + " derived from the other keys");
            }
        }
    }
}
