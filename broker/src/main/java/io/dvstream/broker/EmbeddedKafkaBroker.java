package io.dvstream.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import io.dvstream.kafka.clientconfig.KafkaClientConfig;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker in this JVM: one KRaft node that is broker and controller at once, as
 * {@code kafka-server-start.sh} would run it with {@code process.roles=broker,controller}.
 *
 * <p>{@link #start()} formats the storage (first start on a directory only), starts the server, waits
 * until it answers an Admin request and creates the dvstream topics. {@link #close()} shuts it down and
 * removes the data directory if it was a temporary one. Usage:
 * <pre>{@code
 * try (var broker = new EmbeddedKafkaBroker(BrokerConfig.defaults()).start()) {
 *     producerProps.put("bootstrap.servers", broker.bootstrapServers());
 * }
 * }</pre>
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    private static final int NODE_ID = 1;
    private static final String PLAINTEXT_LISTENER = "PLAINTEXT";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    /** Written by the formatter; its presence means "this directory already holds a broker". */
    private static final String META_PROPERTIES = "meta.properties";
    private static final long READY_POLL_MS = 100;

    private enum State { NEW, RUNNING, CLOSED }

    private final BrokerConfig config;
    private State state = State.NEW;
    private KafkaRaftServer server;
    private Path dataDir;
    private boolean temporaryDataDir;
    private int port;
    private int controllerPort;
    private Duration startupTime;

    public EmbeddedKafkaBroker(BrokerConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("config must not be null");
        }
        this.config = config;
    }

    /**
     * Formats (if needed), starts and waits for the broker, then creates the dvstream topics with
     * {@link BrokerConfig#topicPartitions()} partitions. May be called once.
     *
     * @return this broker, for try-with-resources
     * @throws PortInUseException    if a port the config names is taken
     * @throws BrokerStartException  if the storage cannot be formatted or the broker is not ready in time
     */
    public synchronized EmbeddedKafkaBroker start() {
        if (state != State.NEW) {
            throw new IllegalStateException("start() may be called once; this broker is " + state);
        }
        long t0 = System.nanoTime();
        try {
            prepareDataDir();
            port = reservePort(config.port());
            controllerPort = reservePort(config.controllerPort());
            if (controllerPort == port) { // two probes of port 0 can return the same free port
                controllerPort = reservePort(0);
            }
            KafkaConfig kafkaConfig = KafkaConfig.fromProps(serverProperties(), false);
            formatIfNew(kafkaConfig);
            server = new KafkaRaftServer(kafkaConfig, Time.SYSTEM);
            state = State.RUNNING;
            startServer();
            awaitReady(t0 + config.startupTimeout().toNanos());
            createTopics(config.topicPartitions());
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        startupTime = Duration.ofNanos(System.nanoTime() - t0);
        LOG.info("Kafka broker ready at {} ({}) in {} ms (controller port {}, data dir {}{})", bootstrapServers(),
                securityDescription(), startupTime.toMillis(), controllerPort, dataDir,
                temporaryDataDir ? ", temporary: deleted on close" : "");
        return this;
    }

    /** Creates the dvstream topics (existing ones are kept); returns each topic's partition count. */
    public Map<String, Integer> createTopics(int partitions) {
        return new TopicAdmin(bootstrapServers(), config.startupTimeout(), ownClientConfig()).createDvstreamTopics(partitions);
    }

    /**
     * The client settings of the broker's own user: empty for a PLAINTEXT broker; with
     * {@link BrokerSecurity}, SASL_SSL, SCRAM and the trust store. Tests and tools that administer
     * this broker use them; clients of other users take {@link BrokerSecurity#clientSettings(String)}.
     */
    public Map<String, String> clientSettings() {
        return config.givenSecurity().map(s -> s.clientSettings(s.brokerUser())).orElse(Map.of());
    }

    private KafkaClientConfig ownClientConfig() {
        return config.security() == null ? KafkaClientConfig.none()
                : KafkaClientConfig.of(clientSettings(), "the embedded broker's own user");
    }

    /** "PLAINTEXT" or e.g. "SASL_SSL, SCRAM-SHA-512, users [alice, broker]": no passwords. */
    public String securityDescription() {
        return config.givenSecurity().map(s -> BrokerSecurity.LISTENER + ", " + s.mechanism().mechanismName() + ", users "
                + s.users().keySet().stream().sorted().toList()).orElse(PLAINTEXT_LISTENER);
    }

    /** {@code host:port} for the {@code bootstrap.servers} of a client. */
    public synchronized String bootstrapServers() {
        requireRunning();
        return config.host() + ":" + port;
    }

    public synchronized int port() {
        requireRunning();
        return port;
    }

    public synchronized int controllerPort() {
        requireRunning();
        return controllerPort;
    }

    public synchronized Path dataDir() {
        requireRunning();
        return dataDir;
    }

    /** From {@link #start()} called to topics created. */
    public synchronized Duration startupTime() {
        requireRunning();
        return startupTime;
    }

    public BrokerConfig config() {
        return config;
    }

    public synchronized boolean isRunning() {
        return state == State.RUNNING;
    }

    /** Shuts the broker down and waits for it; deletes a temporary data directory. Idempotent. */
    @Override
    public synchronized void close() {
        if (state == State.CLOSED) {
            return;
        }
        boolean wasRunning = state == State.RUNNING;
        state = State.CLOSED;
        long t0 = System.nanoTime();
        if (server != null && wasRunning) {
            try {
                server.shutdown();
                server.awaitShutdown();
            } catch (RuntimeException e) {
                LOG.warn("Kafka broker at {}:{} did not shut down cleanly", config.host(), port, e);
            }
        }
        if (temporaryDataDir && dataDir != null) {
            try {
                Utils.delete(dataDir.toFile());
            } catch (IOException e) {
                LOG.warn("Could not delete temporary data dir {}", dataDir, e);
            }
        }
        if (wasRunning) {
            LOG.info("Kafka broker at {}:{} stopped in {} ms", config.host(), port,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        }
    }

    private void prepareDataDir() {
        try {
            if (config.givenDataDir().isPresent()) {
                dataDir = config.givenDataDir().get().toAbsolutePath();
                Files.createDirectories(dataDir);
            } else {
                dataDir = Files.createTempDirectory("dvstream-kafka-");
                temporaryDataDir = true;
            }
        } catch (IOException e) {
            throw new BrokerStartException("cannot create data dir " + config.dataDir() + ": " + e, e);
        }
    }

    /**
     * Checks that a fixed port is free, or finds a free one for port 0. Kafka needs the number before it
     * starts (it goes into the static voter list and the advertised listener) and KafkaRaftServer does not
     * expose the ports it bound, so port 0 cannot simply be handed through. The probe is closed before
     * Kafka binds; a race for the port in between is possible but surfaces as the same clear error.
     */
    private int reservePort(int requested) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(config.host(), requested));
            return probe.getLocalPort();
        } catch (IOException e) {
            throw bindFailure(requested, e);
        }
    }

    private BrokerStartException bindFailure(int requestedPort, Throwable e) {
        // BindException also means "no such local address" (a wrong --host); only "in use" is about the port.
        if (e instanceof BindException && String.valueOf(e.getMessage()).contains("in use")) {
            return new PortInUseException(config.host(), requestedPort, e);
        }
        return new BrokerStartException("cannot listen on " + config.host() + ":" + requestedPort + ": " + e, e);
    }

    private Properties serverProperties() {
        String controller = config.host() + ":" + controllerPort;
        String listener = config.security() == null ? PLAINTEXT_LISTENER : BrokerSecurity.LISTENER;
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        // A static quorum: the voter set comes from config on every start, so a restart on the same data
        // dir works even when the controller port changed (a dynamic quorum stores the endpoint in the log).
        p.put("controller.quorum.voters", NODE_ID + "@" + controller);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", listener);
        p.put("listeners", listener + "://" + config.host() + ":" + port + ","
                + CONTROLLER_LISTENER + "://" + controller);
        p.put("advertised.listeners", listener + "://" + config.host() + ":" + port);
        // The controller listener stays PLAINTEXT: SCRAM cannot guard it (its credentials live in the
        // metadata the controller serves); it binds to config.host() only. docs/security.md says more.
        p.put("listener.security.protocol.map", listener + ":" + listener + "," + CONTROLLER_LISTENER + ":PLAINTEXT");
        if (config.security() != null) {
            config.security().addServerProperties(p);
        }
        p.put("log.dirs", dataDir.toString());
        // One node: internal topics cannot have more replicas than brokers, and their 50 default
        // partitions only cost start-up time when the first group or transaction appears.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("transaction.max.timeout.ms", String.valueOf(config.transactionMaxTimeoutMs()));
        // Consumers of a fresh group start at once instead of after the 3 s rebalance delay.
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("num.partitions", String.valueOf(config.topicPartitions()));
        return p;
    }

    private void formatIfNew(KafkaConfig kafkaConfig) {
        if (Files.exists(dataDir.resolve(META_PROPERTIES))) {
            LOG.info("Reusing Kafka storage in {}", dataDir);
            return;
        }
        String clusterId = Uuid.randomUuid().toString();
        ByteArrayOutputStream formatterOutput = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(formatterOutput, true, StandardCharsets.UTF_8)) {
            new Formatter()
                    .setPrintStream(out)
                    .setNodeId(NODE_ID)
                    .setClusterId(clusterId)
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(kafkaConfig.metadataLogDir())
                    .addDirectory(dataDir.toString())
                    .setScramArguments(config.givenSecurity().map(BrokerSecurity::scramArguments).orElse(java.util.List.of()))
                    .run();
        } catch (Exception e) {
            throw new BrokerStartException("cannot format Kafka storage in " + dataDir + ": " + e.getMessage(), e);
        }
        LOG.info("Formatted Kafka storage in {} (cluster id {})", dataDir, clusterId);
        LOG.debug("Formatter said: {}", formatterOutput.toString(StandardCharsets.UTF_8).trim());
    }

    private void startServer() {
        try {
            server.startup();
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof BindException) {
                    throw bindFailure(port, t);
                }
            }
            throw new BrokerStartException("Kafka broker failed to start on " + config.host() + ":" + port
                    + ": " + e.getMessage(), e);
        }
    }

    /** The server answers once its broker has caught up with the metadata log and is unfenced. */
    private void awaitReady(long deadlineNanos) {
        Map<String, Object> props = new LinkedHashMap<>(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG, "dvstream-broker-readiness",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000));
        Exception last = null;
        try (Admin admin = Admin.create(ownClientConfig().admin(props))) {
            while (System.nanoTime() < deadlineNanos) {
                try {
                    long waitMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
                    if (!admin.describeCluster().nodes().get(waitMs, TimeUnit.MILLISECONDS).isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    last = e;
                }
                Thread.sleep(READY_POLL_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerStartException("interrupted while waiting for the Kafka broker at " + bootstrapServers(), e);
        }
        throw new BrokerStartException("Kafka broker at " + bootstrapServers() + " did not answer describeCluster within "
                + config.startupTimeout().toMillis() + " ms" + (last == null ? "" : "; last error: " + last), last);
    }

    private void requireRunning() {
        if (state != State.RUNNING) {
            throw new IllegalStateException("the broker is " + state + "; call start() first");
        }
    }
}
