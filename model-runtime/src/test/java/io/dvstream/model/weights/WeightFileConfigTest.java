package io.dvstream.model.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dvstream.model.Configs;
import io.dvstream.model.ModelConfig;
import io.dvstream.model.StreamingConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeightFileConfigTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode paperJson() throws Exception {
        var c = new WeightFileConfig(ModelConfig.gesture2x256(), StreamingConfig.dvsGesture());
        return (ObjectNode) JSON.readTree(c.toJson());
    }

    @Test
    void shouldWriteEverySpecKeyExceptDerivedOnes() throws Exception {
        ObjectNode o = paperJson();
        assertThat(o.properties()).extracting(java.util.Map.Entry::getKey).containsExactlyElementsOf(WeightFileConfig.REQUIRED_KEYS);
        assertThat(o.get("stemChannels").toString()).isEqualTo("[32,64,128,256]");
        assertThat(o.get("decay").textValue()).isEqualTo("exp");
        assertThat(o.get("mode").textValue()).isEqualTo("carry");
        assertThat(o.get("classes").get(10).textValue()).isEqualTo("other_gestures");
    }

    @Test
    void shouldRoundTripPresets() throws Exception {
        for (ModelConfig m : ModelConfig.presets().values()) {
            var c = new WeightFileConfig(m, new StreamingConfig(StreamingConfig.WindowMode.RESET, 33_000, 10,
                    StreamingConfig.numberedClasses(m.numClasses())));
            assertThat(WeightFileConfig.fromJson(c.toJson(), "w")).isEqualTo(c);
        }
        assertThat(WeightFileConfig.fromJson(Configs.tinyFile().toJson(), "w")).isEqualTo(Configs.tinyFile());
    }

    @Test
    void shouldNameMissingRequiredKey() throws Exception {
        ObjectNode o = paperJson();
        o.remove("lifTau");
        assertThatThrownBy(() -> WeightFileConfig.fromJson(o.toString(), "w.safetensors"))
                .isInstanceOf(MalformedWeightFileException.class)
                .hasMessage("w.safetensors: config metadata is missing required key lifTau");
    }

    @Test
    void shouldWarnAboutUnknownKeysAndIgnoreThem() throws Exception {
        ObjectNode o = paperJson();
        o.put("dropout", 0.1);
        o.put("D", 256);
        o.put("N", 64);
        List<String> warnings = new ArrayList<>();
        var c = WeightFileConfig.fromJson(o.toString(), "w.safetensors", warnings::add);
        assertThat(c.model()).isEqualTo(ModelConfig.gesture2x256());
        assertThat(warnings).containsExactly("w.safetensors: ignoring unknown key dropout in the config metadata");
    }

    @Test
    void shouldRejectDerivedKeyThatContradictsTheOthers() throws Exception {
        ObjectNode o = paperJson();
        o.put("N", 256);
        assertThatThrownBy(() -> WeightFileConfig.fromJson(o.toString(), "w"))
                .hasMessage("w: config metadata: N = 256 contradicts the value 64 derived from the other keys");
    }

    @Test
    void shouldRejectWrongTypesInKafkaShape() throws Exception {
        ObjectNode o = paperJson();
        o.put("heads", 8.5);
        assertThatThrownBy(() -> WeightFileConfig.fromJson(o.toString(), "w"))
                .hasMessage("w: config metadata: Invalid value 8.5 for configuration heads: must be an integer");
        ObjectNode p = paperJson();
        p.put("mode", "sliding");
        assertThatThrownBy(() -> WeightFileConfig.fromJson(p.toString(), "w"))
                .hasMessage("w: config metadata: Invalid value sliding for configuration mode: must be carry or reset");
    }

    @Test
    void shouldAcceptOnOffForNsad() throws Exception {
        ObjectNode o = paperJson();
        o.put("nsad", "off");
        assertThat(WeightFileConfig.fromJson(o.toString(), "w").model().nsad()).isFalse();
    }

    @Test
    void shouldPassModelValidationMessagesThrough() throws Exception {
        ObjectNode o = paperJson();
        o.put("heads", 7);
        assertThatThrownBy(() -> WeightFileConfig.fromJson(o.toString(), "w"))
                .hasMessageStartingWith("w: config metadata: D 256 (the last stemChannels entry) must be divisible by heads 7");
    }

    @Test
    void shouldRejectClassListOfWrongLength() throws Exception {
        ObjectNode o = paperJson();
        o.putArray("classes").add("a").add("b");
        assertThatThrownBy(() -> WeightFileConfig.fromJson(o.toString(), "w"))
                .hasMessage("w: config metadata: classes names 2 classes but numClasses is 11: give one name per output class");
    }
}
