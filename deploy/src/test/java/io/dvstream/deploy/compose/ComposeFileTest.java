package io.dvstream.deploy.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dvstream.deploy.Repository;
import io.dvstream.deploy.checks.CliArguments;
import io.dvstream.deploy.checks.FlinkOptions;
import io.dvstream.deploy.checks.KafkaConfigNames;
import io.dvstream.deploy.docker.ImageRef;
import io.dvstream.events.wire.Topics;
import io.dvstream.jobs.GestureJob;
import io.dvstream.jobs.GestureJobConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParseResult;

/** deploy/compose/compose.yaml, parsed into {@link ComposeFile} and checked against the Dockerfiles and the code. */
class ComposeFileTest {

    /** A stand-in for the secret the file requires from the environment. */
    private static final String TEST_TOKEN = "test-token-not-a-secret";

    private static Path dir;
    private static Map<String, String> env;
    private static ComposeFile compose;

    @BeforeAll
    static void read() throws IOException {
        dir = Repository.deploy().resolve("compose");
        env = new LinkedHashMap<>(ComposeFile.readEnvFile(dir.resolve(".env")));
        env.put("DASHBOARD_TOKEN", TEST_TOKEN);
        compose = ComposeFile.read(dir.resolve("compose.yaml"), env);
    }

    private static ComposeFile.Service service(String name) {
        assertThat(compose.services()).as("services of compose.yaml").containsKey(name);
        return compose.services().get(name);
    }

    /** Containers reach the broker at the PLAINTEXT advertised listener of the kafka service. */
    private static String bootstrap() {
        String advertised = service("kafka").env().get("KAFKA_ADVERTISED_LISTENERS");
        for (String listener : advertised.split(",")) {
            if (listener.startsWith("PLAINTEXT://")) {
                return listener.substring("PLAINTEXT://".length());
            }
        }
        throw new AssertionError("kafka has no PLAINTEXT advertised listener: " + advertised);
    }

    @Test
    void theDashboardTokenIsRequiredFromTheEnvironment() throws IOException {
        assertThat(ComposeFile.readEnvFile(dir.resolve(".env"))).doesNotContainKey("DASHBOARD_TOKEN");
        Map<String, String> withoutToken = ComposeFile.readEnvFile(dir.resolve(".env"));
        assertThatThrownBy(() -> ComposeFile.read(dir.resolve("compose.yaml"), withoutToken))
                .hasMessageContaining("required variable DASHBOARD_TOKEN");
    }

    @Test
    void aMisspelledServiceKeyIsRejected(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("compose.yaml");
        Files.writeString(file, "services:\n  kafka:\n    image: apache/kafka:4.2.0\n    comand: [x]\n");
        assertThatThrownBy(() -> ComposeFile.read(file, Map.of())).hasMessageContaining("comand");
    }

    @Test
    void projectImagesAreBuiltFromTheirDockerfilesAndTaggedWithTheProjectVersion() {
        assertThat(env.get("DVSTREAM_TAG")).as(".env DVSTREAM_TAG").isEqualTo(Repository.version());
        Map<String, Path> built = new HashMap<>();
        compose.services().forEach((name, s) -> {
            assertThat(s.image()).as("image of service %s", name).isNotBlank();
            ImageRef image = ImageRef.parse(s.image());
            if (s.build() != null) {
                assertThat(image.isProjectImage()).as("service %s builds %s, which is not a dvstream/ image", name, image).isTrue();
                assertThat(dir.resolve(s.build().context()).normalize()).as("build context of %s", name).isEqualTo(Repository.root());
                assertThat(Path.of(s.build().dockerfile())).as("Dockerfile of %s", name).isEqualTo(image.dockerfile());
                built.put(image.name(), image.dockerfile());
            }
        });
        compose.services().forEach((name, s) -> {
            ImageRef image = ImageRef.parse(s.image());
            if (image.isProjectImage()) {
                assertThat(image.tag()).as("tag of %s in service %s", image.name(), name).isEqualTo(Repository.version());
                assertThat(built).as("a service builds %s (used by %s)", image.name(), name).containsKey(image.name());
                assertThat(image.dockerfileIn(Repository.root())).as("Dockerfile of %s", image).isRegularFile();
            }
        });
    }

    @Test
    void kafkaIsTheClientsVersionAndItsSettingsAreBrokerConfigs() {
        ComposeFile.Service kafka = service("kafka");
        assertThat(ImageRef.parse(kafka.image())).isEqualTo(new ImageRef("apache/kafka", KafkaConfigNames.clientVersion()));
        assertThat(ImageRef.parse(service("topics").image())).isEqualTo(ImageRef.parse(kafka.image()));
        Set<String> known = KafkaConfigNames.broker();
        kafka.env().forEach((variable, value) -> {
            // The apache/kafka image turns KAFKA_A_B into a.b (__ into _, ___ into -).
            String key = variable.substring("KAFKA_".length()).replace("___", "-").replace("__", "\u0000").replace('_', '.')
                    .replace('\u0000', '_').toLowerCase(Locale.ROOT);
            assertThat(known).as("%s (%s) is a Kafka %s broker config", variable, key, KafkaConfigNames.clientVersion()).contains(key);
        });
        assertThat(Integer.parseInt(kafka.env().get("KAFKA_TRANSACTION_MAX_TIMEOUT_MS")))
                .as("transaction.max.timeout.ms must admit the job's transaction timeout")
                .isGreaterThanOrEqualTo((int) GestureJobConfig.defaults("x:1").job().transactionTimeoutMs());
        assertThat(bootstrap()).isEqualTo("kafka:9092");
        String listeners = kafka.env().get("KAFKA_LISTENERS");
        assertThat(listeners).contains("PLAINTEXT://:" + bootstrap().split(":")[1]);
    }

    @Test
    void theTopicsServiceCreatesEveryTopicTheCodeUses() {
        ComposeFile.Service topics = service("topics");
        assertThat(topics.env().get("BOOTSTRAP")).isEqualTo(bootstrap());
        Map<String, Integer> partitions = new TreeMap<>();
        for (String spec : topics.env().get("TOPICS").trim().split("\\s+")) {
            String[] nameAndCount = spec.split(":");
            assertThat(nameAndCount).as("topic spec %s", spec).hasSize(2);
            assertThat(partitions.put(nameAndCount[0], Integer.parseInt(nameAndCount[1]))).as("%s twice", nameAndCount[0]).isNull();
        }
        assertThat(partitions.keySet()).containsExactlyInAnyOrderElementsOf(Topics.ALL);
        assertThat(partitions.values()).allMatch(n -> n > 0);
        assertThat(String.join("\n", topics.commandLine())).contains("$TOPICS", "$BOOTSTRAP", "kafka-topics.sh");
        assertThat(topics.dependencies()).containsExactly("kafka");
    }

    @Test
    void theJobManagerRunsTheGestureJobWithArgumentsTheJobAccepts() throws IOException {
        ComposeFile.Service jm = service("jobmanager");
        StandaloneJobCommand command = StandaloneJobCommand.parse(jm.commandLine());
        assertThat(command.jobClassName()).isEqualTo(GestureJob.class.getName());
        GestureJob job = GestureJob.fromArguments(command.jobArguments().toArray(String[]::new));
        assertThat(job.config().job().bootstrapServers()).isEqualTo(bootstrap());
        assertThat(job.config().job().inputTopic()).isEqualTo(Topics.EVENTS);
        assertThat(job.config().gesturesTopic()).isEqualTo(Topics.GESTURES);
        assertThat(job.config().job().deadLetterTopic()).isEqualTo(Topics.DEADLETTER);
    }

    @Test
    void flinkPropertiesAreFlinkOptionsAndCheckpointsLandOnASharedVolume() throws IOException {
        ComposeFile.Service jm = service("jobmanager");
        ComposeFile.Service tm = service("taskmanager");
        assertThat(tm.env().get("FLINK_PROPERTIES")).isEqualTo(jm.env().get("FLINK_PROPERTIES"));
        assertThat(tm.image()).isEqualTo(jm.image());
        assertThat(tm.commandLine()).containsExactly("taskmanager");
        Map<String, String> props = flinkProperties(jm.env().get("FLINK_PROPERTIES"));
        FlinkOptions.check(props, "compose.yaml FLINK_PROPERTIES");
        assertThat(props.get("jobmanager.rpc.address")).isEqualTo("jobmanager");
        assertThat(props.get("state.backend.type")).isEqualTo("rocksdb");
        for (String key : List.of("execution.checkpointing.dir", "execution.checkpointing.savepoint-dir")) {
            URI uri = URI.create(props.get(key));
            assertThat(uri.getScheme()).as(key).isEqualTo("file");
            for (ComposeFile.Service s : List.of(jm, tm)) {
                assertThat(s.volumes()).as("%s must be on a volume every Flink process mounts", key)
                        .anyMatch(v -> uri.getPath().startsWith(v.split(":")[1] + "/") && compose.volumes().containsKey(v.split(":")[0]));
            }
        }
        int eventPartitions = Integer.parseInt(java.util.Arrays.stream(service("topics").env().get("TOPICS").trim().split("\\s+"))
                .filter(t -> t.startsWith(Topics.EVENTS + ":")).findFirst().orElseThrow().split(":")[1]);
        assertThat(Integer.parseInt(props.get("parallelism.default"))).as("source subtasks beyond the partitions of %s idle", Topics.EVENTS)
                .isLessThanOrEqualTo(eventPartitions);
        int slots = Integer.parseInt(props.get("taskmanager.numberOfTaskSlots"));
        assertThat(slots * tm.deploy().replicas()).as("slots for parallelism.default")
                .isGreaterThanOrEqualTo(Integer.parseInt(props.get("parallelism.default")));
    }

    @Test
    void theIngestCommandParsesAndItsPortsArePublished() {
        ComposeFile.Service ingest = service("ingest");
        assertThat(ImageRef.parse(ingest.image()).name()).isEqualTo("dvstream/cli");
        ParseResult parsed = CliArguments.parse(ingest.commandLine());
        assertThat(parsed.subcommand().commandSpec().name()).isEqualTo("ingest");
        assertThat(CliArguments.option(parsed, "--kafka")).isEqualTo(bootstrap());
        assertThat(CliArguments.option(parsed, "--camera")).isEqualTo(env.get("CAMERA_ID"));
        URI source = URI.create(CliArguments.option(parsed, "--source"));
        assertThat(source.getScheme()).isEqualTo("jaer-udp");
        assertThat(source.getHost()).as("listen on every interface of the container").isEqualTo("0.0.0.0");
        assertThat(ingest.portMappings()).as("the jAER UDP port is published")
                .anyMatch(p -> p.containerPort() == source.getPort() && p.protocol().equals("udp"));
        int metrics = Integer.parseInt(CliArguments.option(parsed, "--metrics-port"));
        assertThat(CliArguments.option(parsed, "--metrics-host")).isEqualTo("0.0.0.0");
        assertThat(ingest.portMappings()).anyMatch(p -> p.containerPort() == metrics && p.protocol().equals("tcp"));
    }

    @Test
    void theReplayCommandParsesAndItsRecordingIsInTheImage() {
        ComposeFile.Service replay = service("replay");
        assertThat(replay.profiles()).containsExactly("replay");
        ParseResult parsed = CliArguments.parse(replay.commandLine());
        assertThat(parsed.subcommand().commandSpec().name()).isEqualTo("replay");
        assertThat(CliArguments.option(parsed, "--kafka")).isEqualTo(bootstrap());
        // The cli image copies recordings/ into its working directory (deploy/docker/cli/Dockerfile).
        List<String> files = new ArrayList<>();
        files.add(parsed.subcommand().matchedPositional(0).getValue().toString());
        files.add(CliArguments.option(parsed, "--labels"));
        for (String f : files) {
            assertThat(f).startsWith("recordings/");
            assertThat(Repository.root().resolve(f)).as("%s ships in recordings/", f).isRegularFile();
        }
    }

    @Test
    void theDashboardCommandParsesAndItsPortIsPublished() {
        ComposeFile.Service dashboard = service("dashboard");
        assertThat(dashboard.commandLine()).contains("--token", TEST_TOKEN);
        int port = Integer.parseInt(dashboard.commandLine().get(dashboard.commandLine().indexOf("--port") + 1));
        assertThat(dashboard.portMappings()).anyMatch(p -> p.containerPort() == port);
        assumeTrue(CliArguments.hasSubcommand("dashboard"), "dvstream dashboard is not in this build yet: its options are not checked");
        ParseResult parsed = CliArguments.parse(dashboard.commandLine());
        assertThat(CliArguments.option(parsed, "--kafka")).isEqualTo(bootstrap());
        assertThat(CliArguments.option(parsed, "--port")).isEqualTo(String.valueOf(port));
        assertThat(CliArguments.option(parsed, "--bind")).isEqualTo("0.0.0.0");
    }

    @Test
    void dependenciesNameServicesOfTheFile() {
        compose.services().forEach((name, s) ->
                assertThat(compose.services().keySet()).as("depends_on of %s", name).containsAll(s.dependencies()));
    }

    static Map<String, String> flinkProperties(String yaml) throws IOException {
        Map<String, Object> raw = new ObjectMapper(new YAMLFactory()).readValue(yaml, Map.class);
        Map<String, String> out = new LinkedHashMap<>();
        raw.forEach((k, v) -> out.put(k, String.valueOf(v)));
        return out;
    }
}
