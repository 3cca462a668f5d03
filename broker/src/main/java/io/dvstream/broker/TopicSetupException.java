package io.dvstream.broker;

/** The dvstream topics could not be created or described on a broker. */
public final class TopicSetupException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TopicSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
