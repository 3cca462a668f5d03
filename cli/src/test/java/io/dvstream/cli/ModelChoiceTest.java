package io.dvstream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvstream.model.Ds2ta;
import io.dvstream.training.TrainingPresets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The decider settings calibrated for a weight file ({@code NAME.decision.properties}) become the job's defaults. */
class ModelChoiceTest {

    @Test
    void decisionFileBesideTheWeightsSetsDefaultsThatExplicitSettingsOverride(@TempDir Path dir) throws Exception {
        Path w = dir.resolve("m.safetensors");
        Ds2ta.random(TrainingPresets.tiny1x32(), 3).save(w);
        ModelChoice bare = ModelChoice.resolve(w.toString());
        Map<String, String> none = new LinkedHashMap<>();
        bare.addDefaults(none);
        assertThat(none).doesNotContainKey("decision.on.threshold").containsKey("window.stride");

        Files.writeString(dir.resolve("m.decision.properties"), "# calibrated\ndecision.on.threshold=0.5\ndecision.min.events=1682\n");
        ModelChoice calibrated = ModelChoice.resolve(w.toString());
        Map<String, String> s = new LinkedHashMap<>();
        s.put("decision.min.events", "7");
        calibrated.addDefaults(s);
        assertThat(s).containsEntry("decision.on.threshold", "0.5").containsEntry("decision.min.events", "7");

        Files.writeString(dir.resolve("m.decision.properties"), "bin.width.us=1\n");
        assertThatThrownBy(() -> ModelChoice.resolve(w.toString()).addDefaults(new LinkedHashMap<>()))
                .hasMessageContaining("only decision.* keys").hasMessageContaining("bin.width.us");
    }
}
