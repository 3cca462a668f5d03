package io.dvstream.kafka.clientconfig;

/**
 * A Kafka client properties file that cannot be used: missing, unreadable, or with a bad key or
 * value. The message names the file and the key; secret values never appear in it.
 */
public final class KafkaClientConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public KafkaClientConfigException(String message) {
        super(message);
    }

    public KafkaClientConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
