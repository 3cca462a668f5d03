package io.dvstream.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvstream.jobs.inference.Ds2taClassifier;
import io.dvstream.jobs.inference.StandInClassifier;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

/** The arguments of the cluster entry point: {@code model} and the configuration keys. */
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

    @Test
    void shouldBuildFromArgumentsAsMainDoesAndRejectUnknownKeys() throws Exception {
        GestureJob job = GestureJob.fromArguments("bootstrap.servers=kafka:9092", "window.steps=4", "model=random:small-1-64:2");
        assertThat(job.config().job().bootstrapServers()).isEqualTo("kafka:9092");
        assertThat(job.config().inference().windowSteps()).isEqualTo(4);
        assertThat(job.classifier().modelId()).startsWith("random:small-1-64:seed=2#");
        assertThatThrownBy(() -> GestureJob.fromArguments("bootstrap.servers=kafka:9092", "window.step=4"))
                .hasMessageContaining("window.step").hasMessageContaining("unknown configuration key");
    }
}
