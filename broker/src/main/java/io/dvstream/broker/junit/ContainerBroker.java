package io.dvstream.broker.junit;

import io.dvstream.broker.BrokerConfig;
import io.dvstream.broker.TopicAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The only class that names Testcontainers types. Testcontainers is an optional dependency of this
 * module; keeping its types here means a missing jar shows up as a NoClassDefFoundError on the first
 * call into this class, which {@link BrokerSelection} catches, instead of breaking the extension.
 */
final class ContainerBroker {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerBroker.class);

    /** Same Kafka version as kafka-clients and the embedded broker. */
    static final String IMAGE = "apache/kafka:4.2.0";

    private ContainerBroker() {
    }

    static boolean dockerAvailable() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    static SharedBroker start(int partitions) {
        LOG.info("Docker is available: starting a Testcontainers {} container", IMAGE);
        long t0 = System.nanoTime();
        @SuppressWarnings("resource") // closed by the SharedBroker when the test run ends
        KafkaContainer container = new KafkaContainer(IMAGE)
                // Same ceiling as the embedded broker, so Flink's exactly-once sink behaves the same on both.
                .withEnv("KAFKA_TRANSACTION_MAX_TIMEOUT_MS",
                        String.valueOf(BrokerConfig.DEFAULT_TRANSACTION_MAX_TIMEOUT_MS));
        container.start();
        String bootstrap = container.getBootstrapServers();
        new TopicAdmin(bootstrap).createDvstreamTopics(partitions);
        LOG.info("Kafka container ready at {} in {} ms", bootstrap, (System.nanoTime() - t0) / 1_000_000);
        return new SharedBroker(new TestBroker(TestBroker.Kind.CONTAINER, bootstrap, "Docker is available"),
                container::stop);
    }
}
