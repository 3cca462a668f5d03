package io.dvstream.cli.dashboard;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * A standard Kafka client properties file ({@code --kafka-config FILE}) applied to every Kafka
 * client the dashboard creates, so that SASL (SCRAM) and TLS work without code changes.
 *
 * <p>Precedence: the client's own defaults, then the file (it may override any of them), then
 * {@code bootstrap.servers} from {@code --kafka} when that is given. Values are never logged:
 * {@link #describe()} prints the keys, and the values only of keys that cannot hold a secret.
 */
public final class KafkaClientProperties {

    /** Keys whose value is shown by {@link #describe()}: everything else may be a secret. */
    private static final java.util.Set<String> SHOWN = java.util.Set.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
            CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "sasl.mechanism", "ssl.endpoint.identification.algorithm",
            "ssl.truststore.type", "ssl.keystore.type", "ssl.protocol", "ssl.enabled.protocols", CommonClientConfigs.CLIENT_ID_CONFIG,
            "isolation.level", "request.timeout.ms", "default.api.timeout.ms");

    private final Map<String, String> values;
    private final Path source;

    private KafkaClientProperties(Map<String, String> values, Path source) {
        this.values = Map.copyOf(values);
        this.source = source;
    }

    /** No file: only the defaults and {@code --kafka}. */
    public static KafkaClientProperties none() {
        return new KafkaClientProperties(Map.of(), null);
    }

    /**
     * Reads a properties file (Java {@code Properties} syntax, UTF-8, as Kafka's own tools read
     * {@code --command-config}).
     *
     * @throws IOException naming the file when it is missing or unreadable, or a key has an empty value
     */
    public static KafkaClientProperties load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (NoSuchFileException e) {
            throw new IOException("Kafka client properties file " + file + " does not exist", e);
        } catch (IllegalArgumentException e) {
            // Properties.load throws it for a malformed \\uXXXX escape.
            throw new IOException("Kafka client properties file " + file + " is malformed: " + e.getMessage(), e);
        }
        Map<String, String> values = new TreeMap<>();
        for (String key : p.stringPropertyNames()) {
            String value = p.getProperty(key).trim();
            if (value.isEmpty()) {
                throw new IOException("Kafka client properties file " + file + ": key '" + key + "' has an empty value");
            }
            values.put(key.trim(), value);
        }
        return new KafkaClientProperties(values, file);
    }

    /**
     * The configuration of one client: {@code defaults}, overridden by the file, with
     * {@code bootstrap.servers} set to {@code bootstrap} when it is not null.
     *
     * @throws IllegalArgumentException when no bootstrap servers are given in either place
     */
    public Map<String, Object> apply(Map<String, Object> defaults, String bootstrap) {
        Map<String, Object> merged = new LinkedHashMap<>(defaults);
        merged.putAll(values);
        if (bootstrap != null) {
            merged.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        }
        if (!merged.containsKey(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
            throw new IllegalArgumentException("no Kafka bootstrap servers: give --kafka HOST:PORT or bootstrap.servers in "
                    + (source == null ? "a --kafka-config file" : source));
        }
        return merged;
    }

    /** Bootstrap servers from the file, or null. */
    public String bootstrapServers() {
        return values.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
    }

    /** For logs: the file and its keys, with values only where they cannot be secret. */
    public String describe() {
        if (source == null) {
            return "no Kafka client properties file";
        }
        StringBuilder s = new StringBuilder("Kafka client properties from ").append(source).append(": ");
        String sep = "";
        for (Map.Entry<String, String> e : values.entrySet()) {
            s.append(sep).append(e.getKey()).append('=')
                    .append(SHOWN.contains(e.getKey().toLowerCase(Locale.ROOT)) ? e.getValue() : "(hidden)");
            sep = ", ";
        }
        return s.toString();
    }

    @Override
    public String toString() {
        return describe();
    }
}
