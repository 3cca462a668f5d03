package io.dvstream.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvstream.jobs.inference.Ds2taClassifier;
import io.dvstream.jobs.inference.StandInClassifier;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

/** The {@code model} argument of the cluster entry point. */
class GestureJobMainTest {

    @Test
    void shouldPickTheStandInRandomWeightsOrAWeightFile() throws Exception {
        assertThat(GestureJob.classifier(null)).isInstanceOf(StandInClassifier.class);
        assertThat(GestureJob.classifier("random:small-1-64:4")).isInstanceOfSatisfying(Ds2taClassifier.class,
                c -> assertThat(c.modelId()).startsWith("random:small-1-64:seed=4#"));
        assertThatThrownBy(() -> GestureJob.classifier("random:small-1-64:x")).hasMessageContaining("configuration model");
        assertThatThrownBy(() -> GestureJob.classifier("random:nope")).hasMessageContaining("Unknown model preset nope");
        assertThatThrownBy(() -> GestureJob.classifier("/nonexistent/w.safetensors")).isInstanceOf(NoSuchFileException.class);
    }
}
