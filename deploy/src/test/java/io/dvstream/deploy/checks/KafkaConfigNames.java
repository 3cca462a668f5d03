package io.dvstream.deploy.checks;

import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.server.config.AbstractKafkaConfig;
import org.apache.kafka.storage.internals.log.LogConfig;

/** Broker and topic configuration names as the Kafka version the project builds against defines them. */
public final class KafkaConfigNames {

    private KafkaConfigNames() {
    }

    public static Set<String> broker() {
        return new TreeSet<>(AbstractKafkaConfig.CONFIG_DEF.names());
    }

    public static Set<String> topic() {
        return new TreeSet<>(LogConfig.configNames());
    }

    /** The Kafka version of the clients on the class path (kafka-clients: the project's kafka.version). */
    public static String clientVersion() {
        return org.apache.kafka.common.utils.AppInfoParser.getVersion();
    }
}
