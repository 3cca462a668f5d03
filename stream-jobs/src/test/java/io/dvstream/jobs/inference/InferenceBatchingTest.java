package io.dvstream.jobs.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvstream.jobs.GestureJob;
import io.dvstream.jobs.GestureJobConfig;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

/** The micro-batching settings (inference.batch.*) and what they select in the job graph. */
class InferenceBatchingTest {

    private static final StandInClassifier STAND_IN = StandInClassifier.of(1, List.of("a", "b", "none"));

    private static GestureJobConfig config(Map<String, String> settings) {
        var m = new java.util.HashMap<>(settings);
        m.put("bootstrap.servers", "b:1");
        return GestureJobConfig.fromMap(m);
    }

    @Test
    void shouldBeOffByDefaultAndReadBothKeys() {
        assertThat(GestureJobConfig.defaults("b:1").batching()).isEqualTo(new InferenceBatching(1, 5)).isEqualTo(InferenceBatching.off());
        assertThat(InferenceBatching.off().enabled()).isFalse();
        InferenceBatching b = config(Map.of("inference.batch.max", "8", "inference.batch.max.wait.ms", "20")).batching();
        assertThat(b).isEqualTo(new InferenceBatching(8, 20));
        assertThat(b.enabled()).isTrue();
        assertThat(config(Map.of("inference.batch.max", " 4 ")).batching()).isEqualTo(new InferenceBatching(4, 5));
        // The with-ers keep it.
        GestureJobConfig c = config(Map.of("inference.batch.max", "8"));
        assertThat(c.withGesturesTopic("g").withInference(InferenceSettings.defaults()).batching().maxBatch()).isEqualTo(8);
    }

    @Test
    void shouldNameTheKeyAndTheRuleOfABadValue() {
        assertThatThrownBy(() -> config(Map.of("inference.batch.max", "0")))
                .hasMessage("Invalid value 0 for configuration inference.batch.max: must be between 1 (no batching) and 64");
        assertThatThrownBy(() -> config(Map.of("inference.batch.max", "65")))
                .hasMessage("Invalid value 65 for configuration inference.batch.max: must be between 1 (no batching) and 64");
        assertThatThrownBy(() -> config(Map.of("inference.batch.max", "eight")))
                .hasMessage("Invalid value eight for configuration inference.batch.max: must be an integer");
        assertThatThrownBy(() -> config(Map.of("inference.batch.max", "4294967297")))
                .hasMessage("Invalid value 4294967297 for configuration inference.batch.max: must be a 32-bit integer");
        assertThatThrownBy(() -> config(Map.of("inference.batch.max", "8", "inference.batch.max.wait.ms", "0")))
                .hasMessageStartingWith("Invalid value 0 for configuration inference.batch.max.wait.ms: must be between 1 and 1000 ms");
        assertThatThrownBy(() -> config(Map.of("inference.batch.max.wait.ms", "1001")))
                .hasMessageStartingWith("Invalid value 1001 for configuration inference.batch.max.wait.ms: must be between 1 and 1000");
        assertThatThrownBy(() -> config(Map.of("inference.batch.max.wait.ms", "5ms")))
                .hasMessage("Invalid value 5ms for configuration inference.batch.max.wait.ms: must be an integer");
        assertThatThrownBy(() -> config(Map.of("inference.batch.size", "8")))
                .hasMessageStartingWith("Invalid value 8 for configuration inference.batch.size: unknown configuration key")
                .hasMessageContaining("inference.batch.max, inference.batch.max.wait.ms");
    }

    /** Batching swaps the operator, not the graph: same uid, and still chained with binning and decisions. */
    @Test
    void shouldRunTheBatchedOperatorUnderTheSameUidInTheSameChain() {
        for (String max : List.of("1", "8")) {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(2);
            new GestureJob(config(Map.of("inference.batch.max", max)), STAND_IN).build(env);
            StreamGraph graph = env.getStreamGraph(false);
            StreamNode inference = StreamSupport.stream(graph.getStreamNodes().spliterator(), false)
                    .filter(n -> InferenceFunction.UID.equals(n.getTransformationUID())).findFirst().orElseThrow();
            Class<?> operator = inference.getOperatorFactory().getStreamOperatorClass(getClass().getClassLoader());
            assertThat(operator.getSimpleName()).as("batch.max " + max)
                    .isEqualTo(max.equals("1") ? "KeyedProcessOperator" : "BatchedInferenceOperator");
            JobGraph job = graph.getJobGraph();
            JobVertex chain = StreamSupport.stream(job.getVertices().spliterator(), false)
                    .filter(v -> v.getName().contains(InferenceFunction.UID)).findFirst().orElseThrow();
            assertThat(chain.getName()).as("batch.max " + max).contains("per-camera-binning").contains("gesture-decisions");
        }
    }
}
