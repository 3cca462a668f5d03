package io.dvstream.kafka.clientconfig;

import java.util.Optional;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The three kinds of Kafka client dvstream creates. Each knows the settings its Java client defines
 * (Kafka's own {@link ConfigDef}), so a file can hold producer-only and consumer-only keys and each
 * client gets only what it understands, instead of a "supplied but isn't a known config" warning.
 */
public enum ClientRole {
    PRODUCER(ProducerConfig.configDef()),
    CONSUMER(ConsumerConfig.configDef()),
    ADMIN(AdminClientConfig.configDef());

    /**
     * Config providers ({@code config.providers=env}, {@code ${env:KAFKA_PASSWORD}}) are read by every
     * client's AbstractConfig but are not rows of the ConfigDefs.
     */
    static final String CONFIG_PROVIDERS = "config.providers";

    private final ConfigDef definition;

    ClientRole(ConfigDef definition) {
        this.definition = definition;
    }

    /** True when this client reads {@code key}. */
    public boolean accepts(String key) {
        return key.equals(CONFIG_PROVIDERS) || key.startsWith(CONFIG_PROVIDERS + ".") || definition.names().contains(key);
    }

    /** Kafka's definition of {@code key} for this client: type, validator; empty for unknown keys and config providers. */
    Optional<ConfigDef.ConfigKey> definitionOf(String key) {
        return Optional.ofNullable(definition.configKeys().get(key));
    }
}
