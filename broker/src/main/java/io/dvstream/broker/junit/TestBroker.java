package io.dvstream.broker.junit;

/**
 * The Kafka broker a test was given by {@link KafkaBrokerExtension}: where it is and what kind it is.
 * One broker serves every test of a JVM, so tests should use their own topics or consumer groups
 * when they must not see each other's records. The dvstream topics already exist on it.
 */
public final class TestBroker {

    /** Where the broker runs. */
    public enum Kind {
        /** Given by {@code -Dkafka.bootstrap=host:port}; never started or stopped by the tests. */
        EXTERNAL,
        /** A Testcontainers {@code apache/kafka} container. */
        CONTAINER,
        /** An {@link io.dvstream.broker.EmbeddedKafkaBroker} in the test JVM. */
        IN_PROCESS
    }

    private final Kind kind;
    private final String bootstrapServers;
    private final String reason;

    TestBroker(Kind kind, String bootstrapServers, String reason) {
        this.kind = kind;
        this.bootstrapServers = bootstrapServers;
        this.reason = reason;
    }

    /** {@code host:port[,host:port...]} for a client's {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Kind kind() {
        return kind;
    }

    /** Why this kind was chosen, e.g. "Docker is not available". */
    public String reason() {
        return reason;
    }

    @Override
    public String toString() {
        return kind + " broker at " + bootstrapServers + " (" + reason + ")";
    }
}
