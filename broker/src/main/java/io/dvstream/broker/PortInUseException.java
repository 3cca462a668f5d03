package io.dvstream.broker;

/** A port the broker was told to use is taken; carries the port so a CLI can suggest another. */
public final class PortInUseException extends BrokerStartException {

    private static final long serialVersionUID = 1L;

    private final String host;
    private final int port;

    public PortInUseException(String host, int port, Throwable cause) {
        super("port " + port + " on " + host + " is already in use (another Kafka broker?)", cause);
        this.host = host;
        this.port = port;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }
}
