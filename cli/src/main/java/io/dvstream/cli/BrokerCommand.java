package io.dvstream.cli;

import io.dvstream.broker.BrokerConfig;
import io.dvstream.broker.BrokerStartException;
import io.dvstream.broker.EmbeddedKafkaBroker;
import io.dvstream.broker.PortInUseException;
import io.dvstream.events.wire.Topics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dvstream broker}: a local Kafka broker with the dvstream topics, until Ctrl-C. */
@Command(name = "broker",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Start a real single-node Kafka broker (KRaft, broker and controller in this process) "
                + "and create the dvstream topics. Runs until Ctrl-C.",
                "Prints \"Kafka broker ready at HOST:PORT (topics: ...)\" on stdout once clients can connect; "
                + "logs go to stderr."},
        footer = {"", "Example:",
                "  ./dvstream broker --port 19092 --data-dir /tmp/dvs-kafka",
                "  then point producers, consumers and jobs at 127.0.0.1:19092"})
final class BrokerCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--port", defaultValue = "9092", paramLabel = "PORT",
            description = "Client port (PLAINTEXT listener); 0 picks a free one. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--host", defaultValue = BrokerConfig.DEFAULT_HOST, paramLabel = "HOST",
            description = "Address to listen on and advertise to clients. Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Keep the broker's logs here; a restart on the same directory finds its records again. "
                    + "Default: a temporary directory, deleted on exit.")
    Path dataDir;

    @Option(names = "--partitions", defaultValue = "4", paramLabel = "N",
            description = "Partitions of each dvstream topic created now (existing topics are kept). "
                    + "Default: ${DEFAULT-VALUE}.")
    int partitions;

    @Override
    public Integer call() throws InterruptedException {
        BrokerConfig config = config();
        PrintWriter err = spec.commandLine().getErr();
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(config);
        try {
            broker.start();
        } catch (PortInUseException e) {
            err.println("Cannot start the Kafka broker: port " + e.port() + " on " + e.host()
                    + " is already in use (another Kafka broker?). Choose another one with --port, e.g. --port "
                    + suggestedPort(e.port()) + ".");
            return 1;
        } catch (BrokerStartException e) {
            err.println("Cannot start the Kafka broker: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "dvstream-broker-shutdown"));

        PrintWriter out = spec.commandLine().getOut();
        out.println("Kafka broker ready at " + broker.bootstrapServers()
                + " (topics: " + String.join(", ", Topics.ALL) + ")");
        out.flush();
        // The main thread has nothing else to do; Ctrl-C runs the hook, which stops the broker cleanly.
        stopped.await();
        return 0;
    }

    private BrokerConfig config() {
        try {
            return BrokerConfig.defaults().withHost(host).withPort(port).withDataDir(dataDir)
                    .withTopicPartitions(partitions);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private static int suggestedPort(int taken) {
        return taken == 19092 ? 29092 : 19092;
    }
}
