package io.dvstream.kafka.clientconfig;

/**
 * Kafka could not be used with the given client settings: authentication refused, TLS handshake
 * failed, or no answer in time. The message is meant for the user as it is (no stack trace needed):
 * it names the broker, the principal, the cause and what to check.
 */
public final class KafkaAccessException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong, for callers that pick an exit code or a test that checks the kind. */
    public enum Reason {
        /** The broker refused the credentials (SASL) or the client certificate. */
        AUTHENTICATION,
        /** The TLS handshake failed: the broker's certificate is not trusted or does not name the host. */
        TLS,
        /** The broker refused an operation to this principal (ACLs). */
        AUTHORIZATION,
        /** No answer within the timeout: wrong address, or a listener expecting another security protocol. */
        TIMEOUT,
        /** Anything else: the client could not be created, or the cluster answered with an error. */
        OTHER
    }

    private final Reason reason;

    public KafkaAccessException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
