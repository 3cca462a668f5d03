package io.dvstream.ingest.service;

import io.dvstream.ingest.sim.SimulatedCameraSpec;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where the ingest service takes events from, parsed from the {@code --source} text:
 * <ul>
 *   <li>{@code jaer-udp://HOST:PORT} — listen for jAER's UDP stream on that local address
 *       (jAER's port is 8991; {@code 0.0.0.0} for every interface);</li>
 *   <li>{@code jaer-tcp://HOST:PORT} — connect to jAER's TCP stream server (port 8990);</li>
 *   <li>{@code file:PATH} — a recording (AEDAT 2.0/3.1/4.0) played as a camera;</li>
 *   <li>{@code usb:dvs128[:SERIAL]} — a DVS128 on USB, optionally the one with that serial;</li>
 *   <li>{@code sim:SPEC} — the simulated camera (its spec is the simulator's business).</li>
 * </ul>
 */
public sealed interface SourceConfig {

    /** Listen for jAER AEUnicast datagrams on {@code host:port}. */
    record JaerUdp(String host, int port) implements SourceConfig {
        public JaerUdp {
            checkHostPort("jaer-udp", host, port);
        }
    }

    /** Connect to jAER's TCP stream server at {@code host:port}. */
    record JaerTcp(String host, int port) implements SourceConfig {
        public JaerTcp {
            checkHostPort("jaer-tcp", host, port);
            if (port == 0) {
                throw new IllegalArgumentException("jaer-tcp source: port 0 cannot be connected to; jAER's stream port is 8990");
            }
        }
    }

    /** A recording file. */
    record File(Path path) implements SourceConfig {
    }

    /** A USB camera: {@code model} is {@code dvs128}; {@code serial} null means the first one found. */
    record Usb(String model, String serial) implements SourceConfig {
        public Usb {
            if (!"dvs128".equals(model)) {
                throw new IllegalArgumentException("usb source: unsupported camera model '" + model + "'; supported: dvs128");
            }
        }
    }

    /** The simulated camera, with the text after {@code sim:}. */
    record Sim(String spec) implements SourceConfig {
    }

    /**
     * Parses a {@code --source} value.
     *
     * @throws IllegalArgumentException naming the source text and what is wrong with it
     */
    static SourceConfig parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty source; expected jaer-udp://HOST:PORT, jaer-tcp://HOST:PORT, "
                    + "file:PATH, usb:dvs128[:SERIAL] or sim:SPEC");
        }
        int colon = text.indexOf(':');
        String scheme = colon < 0 ? "" : text.substring(0, colon).toLowerCase(Locale.ROOT);
        String rest = colon < 0 ? "" : text.substring(colon + 1);
        switch (scheme) {
            case "jaer-udp", "jaer-tcp" -> {
                URI uri;
                try {
                    uri = new URI(text);
                } catch (URISyntaxException e) {
                    throw new IllegalArgumentException("source '" + text + "': " + e.getMessage(), e);
                }
                if (uri.getHost() == null || uri.getPort() < 0) {
                    throw new IllegalArgumentException("source '" + text + "': expected " + scheme + "://HOST:PORT, e.g. "
                            + scheme + "://" + (scheme.equals("jaer-udp") ? "0.0.0.0:8991" : "localhost:8990"));
                }
                if (uri.getPath() != null && !uri.getPath().isEmpty()) {
                    throw new IllegalArgumentException("source '" + text + "': unexpected path '" + uri.getPath() + "' after HOST:PORT");
                }
                return scheme.equals("jaer-udp") ? new JaerUdp(uri.getHost(), uri.getPort()) : new JaerTcp(uri.getHost(), uri.getPort());
            }
            case "file" -> {
                if (rest.isEmpty()) {
                    throw new IllegalArgumentException("source '" + text + "': expected file:PATH");
                }
                return new File(Path.of(rest.startsWith("//") ? URI.create(text).getPath() : rest));
            }
            case "usb" -> {
                String[] parts = rest.split(":", -1);
                if (parts.length > 2 || parts[0].isEmpty() || (parts.length == 2 && parts[1].isEmpty())) {
                    throw new IllegalArgumentException("source '" + text + "': expected usb:dvs128 or usb:dvs128:SERIAL");
                }
                return new Usb(parts[0].toLowerCase(Locale.ROOT), parts.length == 2 ? parts[1] : null);
            }
            case "sim" -> {
                try {
                    SimulatedCameraSpec.parse(SimulatedCameraSpec.SCHEME + rest);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("source '" + text + "': " + e.getMessage(), e);
                }
                return new Sim(rest);
            }
            default -> throw new IllegalArgumentException("source '" + text + "': unknown kind '" + scheme
                    + "'; expected jaer-udp://HOST:PORT, jaer-tcp://HOST:PORT, file:PATH, usb:dvs128[:SERIAL] or sim:SPEC");
        }
    }

    private static void checkHostPort(String kind, String host, int port) {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException(kind + " source: host must not be empty");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException(kind + " source: port must be between 0 and 65535, was " + port);
        }
    }
}
