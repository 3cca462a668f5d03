package io.dvstream.cli;

import io.dvstream.broker.BrokerConfig;
import io.dvstream.broker.EmbeddedKafkaBroker;
import io.dvstream.cli.dashboard.BrowserLauncher;
import io.dvstream.cli.dashboard.DashboardServer;
import io.dvstream.cli.dashboard.DashboardSettings;
import io.dvstream.cli.demo.DemoRun;
import io.dvstream.events.wire.Topics;
import io.dvstream.kafka.clientconfig.KafkaClientConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code dvstream demo}: the whole system on this machine. An embedded Kafka broker, the gesture
 * job on a local Flink MiniCluster with a DS2TA model, recordings replayed as live cameras, and the
 * gesture events printed as they come back.
 */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Start an embedded Kafka broker and the gesture job (a local Flink MiniCluster in this process, "
                + "DS2TA inference with per-camera state), replay recordings into dvs.events as live cameras (one camera "
                + "per recording, at real pace), print each gesture start and end from dvs.gestures as it happens "
                + "(camera, gesture, confidence, event-to-decision latency), then a per-camera summary: events, windows, "
                + "gestures, window accuracy against NAME_labels.csv when one sits next to NAME.aedat, latency p50/p99. "
                + "Then it cancels the job, stops the broker and removes its temporary files.",
                "Model: --model as for 'job run'. Without a trained model in models/ it runs DS2TA small-1-64 with "
                + "seeded RANDOM weights: the pipeline is real, the gestures are chance level.",
                "Recordings: --recording FILE (repeatable), else every .aedat/.aedat4 file in recordings/ (a small "
                + "synthetic labelled corpus, two cameras). A recording shorter than one window gets no decision and "
                + "is reported as such."},
        footer = {"", "Example:",
                "  ./dvstream demo",
                "  ./dvstream demo --recording ../shared/recordings/dvs128_alex_walking_again.aedat",
                "  ./dvstream demo --recording recordings/user01_lab.aedat --speed 2 --max-seconds 10",
                "  ./dvstream demo --model models/ds2ta-small.safetensors",
                "  ./dvstream demo --dashboard"})
final class DemoCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--recording", paramLabel = "FILE",
            description = "A recording to replay as one camera; repeat for several cameras.")
    List<Path> recordings = new ArrayList<>();

    @Mixin
    RecordingOptions recording;

    @Mixin
    ReplayOptions replay;

    @Option(names = "--model", paramLabel = "W.safetensors|random:PRESET[:SEED]|stand-in",
            description = "The classifier, as for 'job run'. Default: the shipped model in models/, else random:small-1-64:1 "
                    + "(random weights: chance-level gestures).")
    String model;

    @Option(names = "--max-seconds", paramLabel = "S", defaultValue = "20",
            description = "Camera seconds replayed from each recording (0: all). Default: ${DEFAULT-VALUE}.")
    double maxSeconds;

    @Option(names = "--parallelism", paramLabel = "N", defaultValue = "2",
            description = "Parallel instances of the job's operators. Default: ${DEFAULT-VALUE}.")
    int parallelism;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A job setting (docs/gesture-job.md), repeatable.")
    List<String> settings = List.of();

    @Option(names = "--dashboard",
            description = "Also serve the live dashboard (docs/dashboard.md) on the demo's broker and topics, at "
                    + "http://127.0.0.1:8080/ (any free port if 8080 is taken); prints its URL and opens a browser when the "
                    + "desktop has one. When stdin is a terminal it stays up after the summary until Enter.")
    boolean dashboard;

    @Option(names = "--kafka", paramLabel = "HOST:PORT",
            description = "Use this Kafka instead of starting an embedded broker; the demo then creates its own topics "
                    + "(dvs.events.demo-ID, ...) and deletes them at the end.")
    String kafka;

    @Mixin
    KafkaConfigOption kafkaConfig;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<Path> files = recordings.isEmpty() ? discover() : recordings;
        if (files.isEmpty()) {
            spec.commandLine().getErr().println("No recordings to replay: none given with --recording, and no .aedat/.aedat4 "
                    + "files in " + String.join(" or ", searchedFolders().stream().map(Path::toString).toList())
                    + ". Pass one: ./dvstream demo --recording FILE");
            return 2;
        }
        if (!(maxSeconds >= 0) || parallelism < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--max-seconds must be >= 0 and --parallelism >= 1");
        }
        ModelChoice choice;
        try {
            choice = ModelChoice.resolve(model);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        KafkaClientConfig clients = kafkaConfig.load(spec);
        String external = clients.bootstrapServers(kafka, null);
        if (!clients.isEmpty() && external == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--kafka-config is for an external broker: give "
                    + "--kafka HOST:PORT or bootstrap.servers in " + kafkaConfig.file + " (the embedded broker is PLAINTEXT)");
        }
        choice.announce(spec.commandLine().getErr());
        Map<String, String> jobSettings = new LinkedHashMap<>();
        for (String s : settings) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--set expects KEY=VALUE, got '" + s + "'");
            }
            jobSettings.put(s.substring(0, eq).trim(), s.substring(eq + 1).trim());
        }
        choice.addDefaults(jobSettings);
        DemoRun run;
        try {
            run = new DemoRun(files, recording::open, replay.timedReplay(spec), replay.packetUs(),
                    Math.round(maxSeconds * 1e6), choice.classifier(), jobSettings, out);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        boolean ok;
        if (external != null) {
            if (!KafkaConfigOption.accessible(external, clients, spec.commandLine().getErr())) {
                return 1;
            }
            String id = "demo-" + UUID.randomUUID().toString().substring(0, 8);
            DemoRun.Topics topics = new DemoRun.Topics(Topics.EVENTS + "." + id, Topics.GESTURES + "." + id,
                    Topics.DEADLETTER + "." + id);
            List<String> names = List.of(topics.events(), topics.gestures(), topics.deadLetters());
            try (Admin admin = Admin.create(clients.admin(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, external)))) {
                admin.createTopics(names.stream().map(n -> new NewTopic(n, parallelism, (short) 1)).toList()).all().get();
                try {
                    ok = withDashboard(external, topics, Topics.LABELS + "." + id, out,
                            () -> run.against(external, clients, topics, parallelism));
                } finally {
                    admin.deleteTopics(names).all().get();
                }
            }
        } else {
            try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(BrokerConfig.defaults().withPort(0)).start()) {
                out.println("Embedded Kafka broker at " + broker.bootstrapServers()
                        + " (started in " + broker.startupTime().toMillis() + " ms)");
                out.flush();
                DemoRun.Topics topics = new DemoRun.Topics(Topics.EVENTS, Topics.GESTURES, Topics.DEADLETTER);
                ok = withDashboard(broker.bootstrapServers(), topics, Topics.LABELS, out,
                        () -> run.against(broker.bootstrapServers(), topics, parallelism));
            }
            out.println("Broker stopped.");
        }
        if (choice.untrained()) {
            out.println("Reminder: " + choice.classifier().modelId() + " is not a trained model; the gestures above are chance level.");
        }
        out.flush();
        return ok ? 0 : 1;
    }

    /** Runs the demo, with the dashboard around it when --dashboard asks for one. */
    private boolean withDashboard(String bootstrap, DemoRun.Topics topics, String labelsTopic, PrintWriter out,
                                  Callable<Boolean> demo) throws Exception {
        if (!dashboard) {
            return demo.call();
        }
        // The dashboard's clients get the same --kafka-config as the demo's.
        DashboardSettings settings = DashboardSettings.defaults(bootstrap).withTopics(topics.events(), topics.gestures(), labelsTopic)
                .withKafka(kafkaConfig.file == null ? KafkaClientConfig.none() : KafkaClientConfig.load(kafkaConfig.file));
        DashboardServer server;
        try {
            server = DashboardServer.start(settings);
        } catch (BindException e) {
            server = DashboardServer.start(settings.withAddress(settings.bind(), 0, null));
        }
        try (DashboardServer s = server) {
            String url = s.url(true);
            out.println("Dashboard at " + url + (BrowserLauncher.open(url) ? " (opened in your browser)" : ""));
            out.flush();
            boolean ok = demo.call();
            if (System.console() != null) {
                out.println("Dashboard still at " + url + "; press Enter to stop it.");
                out.flush();
                System.console().readLine();
            }
            return ok;
        }
    }

    /**
     * Only the bundled corpus: it is labelled (so accuracy means something) and two cameras keep up
     * in real time on a 2-core machine; other recordings are one --recording away.
     */
    private static List<Path> searchedFolders() {
        Path home = Path.of(System.getProperty("dvstream.home", "."));
        return List.of(home.resolve("recordings").normalize());
    }

    private static List<Path> discover() throws IOException {
        List<Path> found = new ArrayList<>();
        for (Path folder : searchedFolders()) {
            if (Files.isDirectory(folder)) {
                try (Stream<Path> files = Files.list(folder)) {
                    files.filter(f -> f.toString().endsWith(".aedat") || f.toString().endsWith(".aedat4"))
                            .sorted().forEach(found::add);
                }
            }
        }
        return found;
    }
}
