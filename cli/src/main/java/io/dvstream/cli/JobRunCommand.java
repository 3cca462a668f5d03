package io.dvstream.cli;

import io.dvstream.jobs.BinningJob;
import io.dvstream.jobs.GestureJob;
import io.dvstream.jobs.GestureJobConfig;
import io.dvstream.jobs.inference.StepClassifier;
import io.dvstream.kafka.clientconfig.KafkaClientConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dvstream job run}: the gesture job on a local Flink MiniCluster against any Kafka broker. */
@Command(name = "run",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Run the gesture job in this process (a local Flink MiniCluster) against a Kafka broker: "
                + "event packets from dvs.events, gesture records (JSON) to dvs.gestures, undecodable records to "
                + "dvs.deadletter, exactly once. Runs until Ctrl-C (or, with --bounded, until the records present at "
                + "start are processed).",
                "The classifier is DS2TA: --model W.safetensors, or --model random:PRESET[:SEED] for seeded random weights "
                + "(synthetic, chance-level gestures; presets small-1-64, gesture-2-256), or --model stand-in (not a model). "
                + "Default: the shipped model in models/ if there is one, else random:small-1-64:1, announced on stderr as "
                + "random weights. Frame length, window stride and mode default to the weight file's streaming settings.",
                "Settings of the job (docs/gesture-job.md) with --set KEY=VALUE or --config FILE."},
        footer = {"", "Example:",
                "  ./dvstream job run --kafka 127.0.0.1:9092 --parallelism 2 \\",
                "      --checkpoint-dir /tmp/dvs-ckpt --set bin.width.us=50000 \\",
                "      --set window.steps=10 --set window.stride=5"})
final class JobRunCommand implements Callable<Integer> {

    /** Seed of the stand-in's read-out weights, fixed so that two runs agree. */
    static final long STAND_IN_SEED = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"--kafka", "--bootstrap"}, paramLabel = "HOST:PORT", description = KafkaConfigOption.KAFKA_DESCRIPTION)
    String kafka;

    @Mixin
    KafkaConfigOption kafkaConfig;

    @Option(names = "--parallelism", paramLabel = "N", defaultValue = "1",
            description = "Parallel instances of each operator (cameras are spread over them). Default: ${DEFAULT-VALUE}.")
    int parallelism;

    @Option(names = "--checkpoint-dir", paramLabel = "DIR",
            description = "Keep checkpoints in this directory, retained when the job is cancelled, so that --restore can "
                    + "resume from one. Default: checkpoints in memory only.")
    Path checkpointDir;

    @Option(names = "--restore", paramLabel = "CHECKPOINT",
            description = "Resume from a retained checkpoint or savepoint (a chk-N directory under --checkpoint-dir).")
    Path restore;

    @Option(names = "--model", paramLabel = "W.safetensors|random:PRESET[:SEED]|stand-in",
            description = "DS2TA weights (see above). Default: the shipped model in models/, else random:small-1-64:1.")
    String model;

    @Option(names = "--bounded", description = "Stop once the records present in the input topic at start are processed.")
    boolean bounded;

    @Option(names = "--config", paramLabel = "FILE", description = "A properties file with job settings (docs/gesture-job.md).")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A job setting, e.g. --set window.steps=10 (repeatable; "
            + "overrides --config).")
    List<String> settings = List.of();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (parallelism < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--parallelism must be >= 1, was " + parallelism);
        }
        ModelChoice choice;
        try {
            choice = ModelChoice.resolve(model);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        choice.announce(err);
        KafkaClientConfig clients = kafkaConfig.load(spec);
        String bootstrap = clients.bootstrapServers(kafka, KafkaConfigOption.DEFAULT_BOOTSTRAP);
        StepClassifier classifier = choice.classifier();
        GestureJobConfig jobConfig = jobConfig(choice, bootstrap);
        GestureJob job;
        try {
            job = new GestureJob(jobConfig, classifier, clients);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        // Before the job: with wrong credentials its source would otherwise restart again and again.
        if (!KafkaConfigOption.accessible(bootstrap, clients, err)) {
            return 1;
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flinkConfiguration());
        out.println("Gesture job: " + jobConfig.job().inputTopic() + " at " + bootstrap + " -> " + jobConfig.gesturesTopic()
                + " (dead letters: " + jobConfig.job().deadLetterTopic() + "), classifier " + classifier.modelId()
                + ", parallelism " + parallelism + ", checkpoints every " + jobConfig.job().checkpointIntervalMs() + " ms"
                + (checkpointDir == null ? "" : " in " + checkpointDir.toAbsolutePath())
                + (bounded ? "; stops at the end of the input" : "; Ctrl-C stops it"));
        out.flush();
        long start = System.nanoTime();
        job.execute(env);
        out.printf("Gesture job finished after %.1f s%n", (System.nanoTime() - start) / 1e9);
        return 0;
    }

    private GestureJobConfig jobConfig(ModelChoice choice, String bootstrap) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        if (config != null) {
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(config)) {
                p.load(in);
            }
            p.stringPropertyNames().forEach(k -> values.put(k, p.getProperty(k).trim()));
        }
        for (String s : settings) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--set expects KEY=VALUE, got '" + s + "'");
            }
            values.put(s.substring(0, eq).trim(), s.substring(eq + 1).trim());
        }
        choice.addDefaults(values);
        values.put("bootstrap.servers", bootstrap);
        values.put("parallelism", Integer.toString(parallelism));
        if (bounded) {
            values.put("bounded", "true");
        }
        try {
            return GestureJobConfig.fromMap(values);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private Configuration flinkConfiguration() {
        Configuration conf = BinningJob.flinkConfiguration();
        if (checkpointDir != null) {
            conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDir.toAbsolutePath().toUri().toString());
            conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        }
        if (restore != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, restore.toAbsolutePath().toUri().toString());
        }
        return conf;
    }
}
