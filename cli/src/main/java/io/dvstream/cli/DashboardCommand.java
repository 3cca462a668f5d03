package io.dvstream.cli;

import io.dvstream.cli.dashboard.DashboardServer;
import io.dvstream.cli.dashboard.DashboardSettings;
import io.dvstream.events.wire.Topics;
import io.dvstream.kafka.clientconfig.KafkaClientConfig;
import io.dvstream.kafka.clientconfig.KafkaClientConfigException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dvstream dashboard}: the live web dashboard over the Kafka topics. */
@Command(name = "dashboard",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Serve a live web page with, for each camera: the event view (ON/OFF accumulation at --fps), the "
                + "current gesture with confidence bars for all classes, a timeline of gesture events (and of labels, when "
                + "replays send them), and pipeline health (events/s, dropped events, sequence gaps, the job's Kafka lag, "
                + "event-to-decision latency). Everything comes from the topics: it reads them with a consumer of its own "
                + "(assigned partitions, no group, nothing committed) and never holds the pipeline up; slow browsers lose "
                + "frames, not the reader.",
                "It listens on 127.0.0.1 by default. Another --bind address needs a token: --token, else the "
                + "DVSTREAM_DASHBOARD_TOKEN environment variable, else a random one; the URL to open, with the token, is "
                + "printed on stdout (and nowhere else). Runs until Ctrl-C. See docs/dashboard.md."},
        footer = {"", "Example:",
                "  ./dvstream dashboard --kafka 127.0.0.1:9092",
                "  ./dvstream dashboard --kafka kafka:9093 --kafka-config client.properties --bind 0.0.0.0 --port 8080",
                "  ./dvstream demo --dashboard      the demo, with the dashboard on its embedded broker"})
final class DashboardCommand implements Callable<Integer> {

    static final String TOKEN_ENV = "DVSTREAM_DASHBOARD_TOKEN";
    static final String DEFAULT_KAFKA = "127.0.0.1:9092";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--kafka", paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers. Default: bootstrap.servers of --kafka-config, else " + DEFAULT_KAFKA + ".")
    String kafka;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "A Kafka client properties file (security.protocol, sasl.*, ssl.* ...) for every Kafka client of the "
                    + "dashboard; its values override dvstream's defaults, except bootstrap.servers when --kafka is given. "
                    + "Values are never logged.")
    Path kafkaConfig;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + DashboardSettings.DEFAULT_PORT,
            description = "Port to serve on (0: any free port). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on. Default: ${DEFAULT-VALUE} (this machine only). Any other address needs a token.")
    String bind;

    @Option(names = "--token", paramLabel = "T",
            description = "The token a browser must present (at least 16 of: letters, digits, . _ ~ -). Default: $" + TOKEN_ENV
                    + ", else none on a loopback address and a random one on any other.")
    String token;

    @Option(names = "--events-topic", paramLabel = "TOPIC", defaultValue = Topics.EVENTS, description = "Default: ${DEFAULT-VALUE}.")
    String eventsTopic;

    @Option(names = "--gestures-topic", paramLabel = "TOPIC", defaultValue = Topics.GESTURES, description = "Default: ${DEFAULT-VALUE}.")
    String gesturesTopic;

    @Option(names = "--labels-topic", paramLabel = "TOPIC", defaultValue = Topics.LABELS,
            description = "Ground-truth labels of replays (replay --labels); shown on the timeline. Default: ${DEFAULT-VALUE}.")
    String labelsTopic;

    @Option(names = "--job-group", paramLabel = "GROUP",
            description = "The gesture job's consumer group (its group.id), for its Kafka lag; repeatable. Default: every "
                    + "consumer group with offsets committed on the events topic.")
    List<String> jobGroups = List.of();

    @Option(names = "--read-uncommitted",
            description = "Show gesture records as soon as the job writes them, before its checkpoint commits them (they "
                    + "may then include records of an aborted transaction). Default: read_committed, as the topic asks.")
    boolean readUncommitted;

    @Option(names = "--fps", paramLabel = "N", defaultValue = "" + DashboardSettings.DEFAULT_FPS,
            description = "Live-view frames per second (1..60). Default: ${DEFAULT-VALUE}.")
    int fps;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        // The same loader, validation and fail-fast credentials check as every other command with --kafka-config.
        KafkaClientConfig clients;
        try {
            clients = kafkaConfig == null ? KafkaClientConfig.none() : KafkaClientConfig.load(kafkaConfig);
        } catch (KafkaClientConfigException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--kafka-config: " + e.getMessage());
        }
        String bootstrap = clients.bootstrapServers(kafka, DEFAULT_KAFKA);
        if (!KafkaConfigOption.accessible(bootstrap, clients, spec.commandLine().getErr())) {
            return 1;
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--bind " + bind + ": unknown address");
        }
        String t = token != null ? token : System.getenv(TOKEN_ENV);
        boolean generated = false;
        if (t == null && !address.isLoopbackAddress()) {
            t = DashboardServer.newToken();
            generated = true;
        }
        DashboardSettings settings;
        try {
            settings = DashboardSettings.defaults(bootstrap).withKafka(clients)
                    .withTopics(eventsTopic, gesturesTopic, labelsTopic).withAddress(address, port, t)
                    .withReadCommitted(!readUncommitted).withJobGroups(jobGroups).withFps(fps);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        DashboardServer server;
        try {
            server = DashboardServer.start(settings);
        } catch (BindException e) {
            spec.commandLine().getErr().println("Cannot serve the dashboard on " + bind + ":" + port + ": " + e.getMessage()
                    + ". Choose another port with --port (0: any free one).");
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "dvstream-dashboard-shutdown"));
        out.println("Dashboard at " + server.url(true) + " (reading " + settings.eventsTopic() + ", " + settings.gesturesTopic()
                + " and " + settings.labelsTopic() + " on " + bootstrap + ")");
        if (generated) {
            out.println("A token was generated for this run; pass --token or $" + TOKEN_ENV + " to keep one across restarts.");
        }
        out.println("Ctrl-C to stop.");
        out.flush();
        stopped.await();
        return 0;
    }
}
