package io.dvstream.broker.junit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a real Kafka broker with the dvstream topics, started once per JVM.
 *
 * <p>Which broker, first match wins:
 * <ol>
 *   <li>{@code -Dkafka.bootstrap=host:port}: an external broker (a cluster, or {@code dvstream broker}
 *       in another terminal);</li>
 *   <li>a Testcontainers {@code apache/kafka:4.2.0} container, when Testcontainers is on the test
 *       classpath and finds Docker;</li>
 *   <li>an {@link io.dvstream.broker.EmbeddedKafkaBroker} in this JVM.</li>
 * </ol>
 * Tests receive it as a {@link TestBroker} parameter or a {@code @KafkaBootstrap String} parameter,
 * in test, lifecycle or constructor methods:
 * <pre>{@code
 * @WithKafkaBroker
 * class RoundTripITCase {
 *     @Test
 *     void shouldConsumeWhatWasProduced(@KafkaBootstrap String bootstrap) { ... }
 * }
 * }</pre>
 * The broker lives in the root {@link ExtensionContext.Store}, which JUnit closes (and with it the
 * broker) when the whole test run of the JVM ends.
 */
public final class KafkaBrokerExtension implements ParameterResolver {

    /** System property naming an external broker; when set, nothing is started. */
    public static final String BOOTSTRAP_PROPERTY = "kafka.bootstrap";

    private static final Namespace NAMESPACE = Namespace.create(KafkaBrokerExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == TestBroker.class
                || (type == String.class && parameter.isAnnotated(KafkaBootstrap.class));
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        TestBroker broker = broker(context);
        return parameter.getParameter().getType() == TestBroker.class ? broker : broker.bootstrapServers();
    }

    /** The JVM's shared broker, started on first use. */
    public static TestBroker broker(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(SharedBroker.class, key -> BrokerSelection.start(), SharedBroker.class)
                .broker();
    }
}
