package io.dvstream.broker.junit;

import io.dvstream.broker.BrokerConfig;
import io.dvstream.broker.EmbeddedKafkaBroker;
import io.dvstream.broker.TopicAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place that decides which broker the tests get; see {@link KafkaBrokerExtension}. */
final class BrokerSelection {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerSelection.class);

    /** Test jobs run with parallelism 2; one partition per subtask is enough. */
    static final int TEST_PARTITIONS = 2;

    private BrokerSelection() {
    }

    static SharedBroker start() {
        String external = System.getProperty(KafkaBrokerExtension.BOOTSTRAP_PROPERTY);
        if (external != null && !external.isBlank()) {
            String reason = "system property " + KafkaBrokerExtension.BOOTSTRAP_PROPERTY + " is set";
            LOG.info("Using the external Kafka broker at {} ({})", external, reason);
            new TopicAdmin(external).createDvstreamTopics(TEST_PARTITIONS);
            // Not ours to stop.
            return new SharedBroker(new TestBroker(TestBroker.Kind.EXTERNAL, external, reason), () -> { });
        }
        String reason;
        try {
            if (ContainerBroker.dockerAvailable()) {
                return ContainerBroker.start(TEST_PARTITIONS);
            }
            reason = "Docker is not available";
        } catch (NoClassDefFoundError e) {
            // Consumers of this module get Testcontainers only if they declare it (it is optional here).
            reason = "Testcontainers is not on the test classpath";
        }
        LOG.info("Starting an in-process Kafka broker ({}; -D{}=host:port selects an external one)",
                reason, KafkaBrokerExtension.BOOTSTRAP_PROPERTY);
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(
                BrokerConfig.defaults().withTopicPartitions(TEST_PARTITIONS)).start();
        return new SharedBroker(
                new TestBroker(TestBroker.Kind.IN_PROCESS, broker.bootstrapServers(), reason), broker::close);
    }
}
