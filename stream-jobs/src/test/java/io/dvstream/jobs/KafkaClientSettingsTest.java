package io.dvstream.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvstream.jobs.inference.StandInClassifier;
import io.dvstream.kafka.clientconfig.KafkaClientConfig;
import io.dvstream.model.StreamingConfig;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A --kafka-config file reaches the job's KafkaSource and every KafkaSink; the job's own bootstrap and group stay. */
class KafkaClientSettingsTest {

    private static final Map<String, String> SASL = Map.of(
            "bootstrap.servers", "from-file:9093",
            "security.protocol", "SASL_SSL",
            "sasl.mechanism", "SCRAM-SHA-512",
            "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"job\" password=\"p\";",
            "isolation.level", "read_committed",
            "linger.ms", "7");

    @Test
    void shouldGiveTheSourceAndEverySinkTheFilesSettingsOverTheJobsDefaults() throws Exception {
        KafkaClientConfig clients = KafkaClientConfig.of(SASL, "test");
        GestureJob job = new GestureJob(GestureJobConfig.defaults("job:9092"),
                StandInClassifier.of(1, StreamingConfig.DVS128_GESTURE_CLASSES), clients);
        BinningJob binning = new BinningJob(BinningJobConfig.defaults("job:9092"), clients);

        Properties source = field(binning.source(), "props");
        assertThat(source).containsEntry("bootstrap.servers", "job:9092").containsEntry("group.id", "dvstream-binning")
                .containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("isolation.level", "read_committed").doesNotContainKey("linger.ms");
        for (KafkaSink<?> sink : List.of(job.gestureSink(), binning.frameSink(), binning.deadLetterSink())) {
            Method m = KafkaSink.class.getDeclaredMethod("getKafkaProducerConfig");
            m.setAccessible(true);
            Properties producer = (Properties) m.invoke(sink);
            assertThat(producer).containsEntry("bootstrap.servers", "job:9092").containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("sasl.jaas.config", SASL.get("sasl.jaas.config")).containsEntry("linger.ms", "7")
                    .containsEntry("transaction.timeout.ms", "600000").doesNotContainKey("isolation.level");
        }
    }

    @Test
    void shouldReadKafkaConfigArgumentOfMainAndTakeItsBootstrapOnlyWhenNoneIsGiven(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, "bootstrap.servers=from-file:9093\nsecurity.protocol=SSL\n");
        Map<String, String> values = new LinkedHashMap<>(Map.of("kafka.config", file.toString()));

        KafkaClientConfig clients = BinningJob.clientConfig(values);

        assertThat(clients.securityProtocol()).isEqualTo("SSL");
        assertThat(values).containsExactly(Map.entry("bootstrap.servers", "from-file:9093"));
        Map<String, String> given = new LinkedHashMap<>(Map.of("kafka.config", file.toString(), "bootstrap.servers", "cli:1"));
        BinningJob.clientConfig(given);
        assertThat(given).containsExactly(Map.entry("bootstrap.servers", "cli:1"));
    }

    @SuppressWarnings("unchecked")
    private static <T> T field(Object o, String name) throws ReflectiveOperationException {
        Field f = KafkaSource.class.getDeclaredField(name);
        f.setAccessible(true);
        return (T) f.get(o);
    }
}
