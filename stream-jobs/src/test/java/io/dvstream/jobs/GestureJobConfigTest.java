package io.dvstream.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvstream.jobs.decisions.DecisionConfig;
import io.dvstream.jobs.inference.InferenceSettings;
import io.dvstream.jobs.inference.StandInClassifier;
import io.dvstream.model.StreamingConfig.WindowMode;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

class GestureJobConfigTest {

    private static final StandInClassifier STAND_IN = StandInClassifier.of(1, List.of("a", "b", "none"));

    @Test
    void shouldDefaultToTheGesturesTopicAndTheSpecsStreamingDefaults() {
        GestureJobConfig c = GestureJobConfig.defaults("broker:9092");
        assertThat(c.gesturesTopic()).isEqualTo("dvs.gestures");
        assertThat(c.job().inputTopic()).isEqualTo("dvs.events");
        assertThat(c.job().deadLetterTopic()).isEqualTo("dvs.deadletter");
        assertThat(c.job().groupId()).isEqualTo("dvstream-gestures");
        assertThat(c.job().transactionalIdPrefix()).isEqualTo("dvstream-gestures");
        assertThat(c.job().transactionTimeoutMs()).isEqualTo(600_000);
        assertThat(c.inference()).isEqualTo(new InferenceSettings(10, 5, WindowMode.CARRY));
        assertThat(c.decisions()).isEqualTo(DecisionConfig.defaults());
    }

    @Test
    void shouldReadEveryKey() {
        GestureJobConfig c = GestureJobConfig.fromMap(Map.ofEntries(Map.entry("bootstrap.servers", "b:1"),
                Map.entry("output.topic", "g"), Map.entry("window.steps", "8"), Map.entry("window.stride", "8"),
                Map.entry("window.mode", "reset"), Map.entry("decision.on.threshold", "0.7"),
                Map.entry("decision.off.threshold", "0.5"), Map.entry("decision.on.windows", "3"),
                Map.entry("decision.off.windows", "1"), Map.entry("decision.min.events", "0"),
                Map.entry("decision.idle.class", "none"), Map.entry("bin.width.us", "50000"), Map.entry("parallelism", "2")));
        assertThat(c.gesturesTopic()).isEqualTo("g");
        assertThat(c.inference()).isEqualTo(new InferenceSettings(8, 8, WindowMode.RESET));
        assertThat(c.decisions()).isEqualTo(new DecisionConfig(0.7, 0.5, 3, 1, 0, "none"));
        assertThat(c.job().binning().binWidthUs()).isEqualTo(50_000);
        assertThat(c.job().parallelism()).isEqualTo(2);
    }

    @Test
    void shouldNameTheKeyOfABadValue() {
        assertThatThrownBy(() -> GestureJobConfig.fromMap(Map.of("bootstrap.servers", "b:1", "window.mode", "rolling")))
                .hasMessage("Invalid value rolling for configuration window.mode: must be carry or reset");
        assertThatThrownBy(() -> GestureJobConfig.fromMap(Map.of("bootstrap.servers", "b:1", "decision.on.threshold", "high")))
                .hasMessage("Invalid value high for configuration decision.on.threshold: must be a number");
        assertThatThrownBy(() -> GestureJobConfig.fromMap(Map.of("bootstrap.servers", "b:1", "window.stride", "0")))
                .hasMessage("Invalid value 0 for configuration window.stride: must be >= 1");
        assertThatThrownBy(() -> GestureJobConfig.fromMap(Map.of("bootstrap.servers", "b:1", "window.size", "3")))
                .hasMessageStartingWith("Invalid value 3 for configuration window.size: unknown configuration key; known keys are [");
        assertThatThrownBy(() -> GestureJobConfig.fromMap(Map.of("window.steps", "3")))
                .hasMessage("Invalid value null for configuration bootstrap.servers: is required (host:port of the Kafka brokers)");
    }

    @Test
    void shouldRefuseFramesThatDoNotPoolOntoTheClassifierAndIdleClassesItDoesNotHave() {
        GestureJobConfig c = GestureJobConfig.fromMap(Map.of("bootstrap.servers", "b:1", "frame.width", "100"));
        assertThatThrownBy(() -> new GestureJob(c, STAND_IN))
                .hasMessage("Invalid value 100x128 for configuration frame.width/frame.height: must be an integer multiple of the"
                        + " classifier's input 32x32 (" + STAND_IN.modelId() + ")");
        GestureJobConfig idle = GestureJobConfig.fromMap(Map.of("bootstrap.servers", "b:1", "decision.idle.class", "rest"));
        assertThatThrownBy(() -> new GestureJob(idle, STAND_IN))
                .hasMessageStartingWith("Invalid value rest for configuration decision.idle.class: the model");
    }

    @Test
    void shouldBuildAGraphWithStableUidsAndNoGenericTypes() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        new GestureJob(GestureJobConfig.defaults("localhost:9092"), STAND_IN).build(env);
        assertThat(env.getConfig().getSerializerConfig().hasGenericTypesDisabled()).isTrue();
        StreamGraph graph = env.getStreamGraph();
        List<String> uids = StreamSupport.stream(graph.getStreamNodes().spliterator(), false)
                .map(StreamNode::getTransformationUID).toList();
        assertThat(uids).contains(BinningJob.SOURCE_UID, BinningJob.DECODE_UID, "per-camera-binning", "stateful-inference",
                "gesture-decisions");
    }
}
