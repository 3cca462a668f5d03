package io.dvstream.broker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Options of the {@link EmbeddedKafkaBroker}: a single node that is both broker and KRaft controller.
 *
 * <p>Every component is validated on construction; messages name the option, the rule and the bad
 * value ("port must be between 0 and 65535, was 70000"). Start from {@link #defaults()} and change
 * what you need with the {@code with...} methods.
 *
 * @param host                     interface both listeners bind to and the address clients are told
 *                                 to use (advertised listener)
 * @param port                     client (PLAINTEXT) port; 0 picks a free one at start
 * @param controllerPort           KRaft controller port; 0 picks a free one at start
 * @param dataDir                  log and metadata directory; {@code null} means a fresh temporary
 *                                 directory that is deleted on close. A directory the user gives is
 *                                 kept, and a broker started on it again finds its records there
 * @param topicPartitions          partitions of each dvstream topic created at start
 * @param transactionMaxTimeoutMs  upper bound a transactional producer may ask for
 * @param startupTimeout           how long {@code start()} waits for the broker to answer
 * @param security                 {@code null}: a PLAINTEXT client listener; else SCRAM over TLS
 *                                 ({@link BrokerSecurity})
 */
public record BrokerConfig(String host, int port, int controllerPort, Path dataDir, int topicPartitions,
                           long transactionMaxTimeoutMs, Duration startupTimeout, BrokerSecurity security) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_TOPIC_PARTITIONS = 4;
    /**
     * One hour. Flink's KafkaSink asks for transaction.timeout.ms = 1 h unless configured, and our jobs
     * use 600000; the broker's own default (15 min) makes the former restart-loop with "The transaction
     * timeout is larger than the maximum value allowed by the broker".
     */
    public static final long DEFAULT_TRANSACTION_MAX_TIMEOUT_MS = 3_600_000L;
    /** Generous for 2 shared cores: a cold start measures 1.5 to 3 s there. */
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(60);

    public BrokerConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank, was '" + host + "'");
        }
        requirePort("port", port);
        requirePort("controllerPort", controllerPort);
        if (port != 0 && port == controllerPort) {
            throw new IllegalArgumentException("controllerPort must differ from port, both were " + port);
        }
        if (topicPartitions < 1) {
            throw new IllegalArgumentException("topicPartitions must be >= 1, was " + topicPartitions);
        }
        if (transactionMaxTimeoutMs < 1) {
            throw new IllegalArgumentException(
                    "transactionMaxTimeoutMs must be >= 1, was " + transactionMaxTimeoutMs);
        }
        if (startupTimeout == null || startupTimeout.isNegative() || startupTimeout.isZero()) {
            throw new IllegalArgumentException("startupTimeout must be positive, was " + startupTimeout);
        }
    }

    /** 127.0.0.1, free ports, a temporary data directory, 4 partitions per topic. */
    public static BrokerConfig defaults() {
        return new BrokerConfig(DEFAULT_HOST, 0, 0, null, DEFAULT_TOPIC_PARTITIONS,
                DEFAULT_TRANSACTION_MAX_TIMEOUT_MS, DEFAULT_STARTUP_TIMEOUT, null);
    }

    public BrokerConfig withHost(String newHost) {
        return new BrokerConfig(newHost, port, controllerPort, dataDir, topicPartitions,
                transactionMaxTimeoutMs, startupTimeout, security);
    }

    public BrokerConfig withPort(int newPort) {
        return new BrokerConfig(host, newPort, controllerPort, dataDir, topicPartitions,
                transactionMaxTimeoutMs, startupTimeout, security);
    }

    public BrokerConfig withControllerPort(int newControllerPort) {
        return new BrokerConfig(host, port, newControllerPort, dataDir, topicPartitions,
                transactionMaxTimeoutMs, startupTimeout, security);
    }

    public BrokerConfig withDataDir(Path newDataDir) {
        return new BrokerConfig(host, port, controllerPort, newDataDir, topicPartitions,
                transactionMaxTimeoutMs, startupTimeout, security);
    }

    public BrokerConfig withTopicPartitions(int newTopicPartitions) {
        return new BrokerConfig(host, port, controllerPort, dataDir, newTopicPartitions,
                transactionMaxTimeoutMs, startupTimeout, security);
    }

    public BrokerConfig withTransactionMaxTimeoutMs(long newTransactionMaxTimeoutMs) {
        return new BrokerConfig(host, port, controllerPort, dataDir, topicPartitions,
                newTransactionMaxTimeoutMs, startupTimeout, security);
    }

    public BrokerConfig withStartupTimeout(Duration newStartupTimeout) {
        return new BrokerConfig(host, port, controllerPort, dataDir, topicPartitions,
                transactionMaxTimeoutMs, newStartupTimeout, security);
    }

    /** This config with SCRAM over TLS on the client listener ({@code null}: PLAINTEXT). */
    public BrokerConfig withSecurity(BrokerSecurity newSecurity) {
        return new BrokerConfig(host, port, controllerPort, dataDir, topicPartitions,
                transactionMaxTimeoutMs, startupTimeout, newSecurity);
    }

    /** SCRAM over TLS settings; empty for a PLAINTEXT broker. */
    public Optional<BrokerSecurity> givenSecurity() {
        return Optional.ofNullable(security);
    }

    /** The data directory the user chose; empty when the broker should use a temporary one. */
    public Optional<Path> givenDataDir() {
        return Optional.ofNullable(dataDir);
    }

    private static void requirePort(String name, int value) {
        if (value < 0 || value > 65535) {
            throw new IllegalArgumentException(name + " must be between 0 and 65535, was " + value);
        }
    }
}
