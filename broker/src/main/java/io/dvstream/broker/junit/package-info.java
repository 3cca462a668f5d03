/**
 * JUnit 5 support: {@link io.dvstream.broker.junit.KafkaBrokerExtension} hands tests one Kafka broker
 * per JVM (external, Testcontainers or in-process). Needs junit-jupiter-api on the classpath;
 * Testcontainers is used only when present.
 */
package io.dvstream.broker.junit;
