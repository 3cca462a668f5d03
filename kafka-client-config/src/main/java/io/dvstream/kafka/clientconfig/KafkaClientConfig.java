package io.dvstream.kafka.clientconfig;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A standard Kafka client properties file (the kind {@code kafka-console-producer --producer.config}
 * reads), given to a dvstream command as {@code --kafka-config FILE} and laid over the settings
 * dvstream chooses for each of its clients: producers, consumers, admin clients, and the Flink
 * job's KafkaSource and KafkaSinks. This is how SASL (SCRAM, PLAIN, OAUTHBEARER) and TLS work
 * without code changes (docs/security.md).
 *
 * <p>Rules:
 * <ul>
 *   <li>the file's values override dvstream's defaults, except {@code bootstrap.servers}: the
 *       command's {@code --kafka} wins when given ({@link #bootstrapServers(String, String)});</li>
 *   <li>each client gets only the keys its Java client defines ({@link ClientRole}); a key no client
 *       defines is rejected at load, so a typo or a librdkafka-only key ({@code sasl.username}) fails
 *       loudly instead of being ignored;</li>
 *   <li>keys dvstream sets per client (serializers, {@code group.id}, {@code transactional.id},
 *       {@code transaction.timeout.ms}) are rejected with a pointer to where they are set;</li>
 *   <li>values are checked against Kafka's own types and validators, and a few cross-field rules
 *       (SASL needs a SASL protocol; SCRAM and PLAIN need {@code sasl.jaas.config}; key and trust
 *       stores must be readable files);</li>
 *   <li>{@link #toString()}, {@link #redacted()} and every message show secrets as
 *       {@link SecretRedaction#MASK}.</li>
 * </ul>
 */
public final class KafkaClientConfig {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaClientConfig.class);

    /** Set by dvstream per client; the value is where the user sets it instead. */
    private static final Map<String, String> MANAGED_KEYS = Map.of(
            "key.serializer", "dvstream's wire format needs its own serializers",
            "value.serializer", "dvstream's wire format needs its own serializers",
            "key.deserializer", "dvstream's wire format needs its own deserializers",
            "value.deserializer", "dvstream's wire format needs its own deserializers",
            "group.id", "each consumer has its own group; for the job use its setting group.id (--set group.id=...)",
            "transactional.id", "the job's exactly-once sinks derive it from transactional.id.prefix (--set)",
            "transaction.timeout.ms", "a job setting checked against the checkpoint interval (--set transaction.timeout.ms=...)");

    /** librdkafka spellings people bring from other clients; the Java client ignores them silently. */
    private static final Map<String, String> FOREIGN_KEYS = Map.of(
            "sasl.username", "the Java client takes the user name inside sasl.jaas.config",
            "sasl.password", "the Java client takes the password inside sasl.jaas.config",
            "sasl.mechanisms", "the Java client's key is sasl.mechanism",
            "ssl.ca.location", "the Java client's key is ssl.truststore.location (with ssl.truststore.type=PEM for a PEM file)",
            "ssl.certificate.location", "the Java client's key is ssl.keystore.location",
            "ssl.key.location", "the Java client's key is ssl.keystore.location");

    private static final Set<String> SCRAM_MECHANISMS = Set.of("SCRAM-SHA-256", "SCRAM-SHA-512");
    private static final Pattern JAAS_USERNAME = Pattern.compile("\\busername\\s*=\\s*(?:\"([^\"]*)\"|([^\\s;\"]+))");
    private static final KafkaClientConfig NONE = new KafkaClientConfig(null, Map.of());

    private final Path source;
    private final Map<String, String> settings;

    private KafkaClientConfig(Path source, Map<String, String> settings) {
        this.source = source;
        this.settings = Collections.unmodifiableMap(new TreeMap<>(settings));
    }

    /** No file: every client runs with dvstream's defaults (PLAINTEXT). */
    public static KafkaClientConfig none() {
        return NONE;
    }

    /**
     * Loads and validates a Kafka client properties file.
     *
     * @throws KafkaClientConfigException if the file is missing, unreadable or not valid; the message names
     *     the file (and the key, for a bad setting)
     */
    public static KafkaClientConfig load(Path file) {
        if (file == null) {
            throw new IllegalArgumentException("file must not be null");
        }
        if (Files.isDirectory(file)) {
            throw new KafkaClientConfigException("Kafka client config " + file + " is a directory, not a properties file");
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (NoSuchFileException e) {
            throw new KafkaClientConfigException("Kafka client config " + file + " does not exist", e);
        } catch (AccessDeniedException e) {
            throw new KafkaClientConfigException("Kafka client config " + file + " is not readable (permission denied)", e);
        } catch (IOException e) {
            throw new KafkaClientConfigException("Kafka client config " + file + " cannot be read: " + e, e);
        } catch (IllegalArgumentException e) { // a malformed \\uXXXX escape
            throw new KafkaClientConfigException("Kafka client config " + file + " is not a valid properties file: "
                    + e.getMessage(), e);
        }
        Map<String, String> values = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> values.put(k.trim(), p.getProperty(k).trim()));
        KafkaClientConfig config = validated(file, values);
        LOG.info("Kafka client settings from {} ({}): {}", file, config.securitySummary(), config.redacted());
        return config;
    }

    /**
     * Settings given in code (tests, the embedded broker's own clients), validated as a file would be.
     *
     * @param origin what to call them in messages
     */
    public static KafkaClientConfig of(Map<String, String> values, String origin) {
        KafkaClientConfig config = validated(null, values);
        LOG.debug("Kafka client settings from {}: {}", origin, config.redacted());
        return config;
    }

    private static KafkaClientConfig validated(Path file, Map<String, String> values) {
        String where = file == null ? "" : " in " + file;
        for (Map.Entry<String, String> e : values.entrySet()) {
            String key = e.getKey();
            String value = e.getValue();
            if (MANAGED_KEYS.containsKey(key)) {
                throw invalid(key, value, where, "set by dvstream for each client: " + MANAGED_KEYS.get(key));
            }
            if (FOREIGN_KEYS.containsKey(key)) {
                throw invalid(key, value, where, "not a Java Kafka client setting: " + FOREIGN_KEYS.get(key));
            }
            boolean known = false;
            for (ClientRole role : ClientRole.values()) {
                if (role.accepts(key)) {
                    known = true;
                    role.definitionOf(key).ifPresent(d -> checkValue(d, key, value, where));
                }
            }
            if (!known) {
                throw invalid(key, value, where, "not a setting of the Java Kafka producer, consumer or admin client "
                        + "(misspelt? see https://kafka.apache.org/documentation/#producerconfigs)");
            }
        }
        KafkaClientConfig config = new KafkaClientConfig(file, values);
        config.checkCombinations(where);
        return config;
    }

    /** Kafka's own parse and validator for the key, so that "SASL_SLL" fails here and not deep in a client. */
    private static void checkValue(ConfigDef.ConfigKey definition, String key, String value, String where) {
        try {
            Object parsed = ConfigDef.parseType(key, value, definition.type);
            if (definition.validator != null) {
                definition.validator.ensureValid(key, parsed);
            }
        } catch (ConfigException e) {
            String reason = String.valueOf(e.getMessage());
            String prefix = "Invalid value " + value + " for configuration " + key;
            if (reason.startsWith(prefix)) {
                reason = reason.substring(prefix.length()).replaceFirst("^:\\s*", "");
            }
            if (SecretRedaction.isSecret(key) && !value.isEmpty()) {
                reason = reason.replace(value, SecretRedaction.MASK);
            }
            throw invalid(key, value, where, reason);
        }
    }

    private void checkCombinations(String where) {
        String protocol = securityProtocol();
        Optional<String> mechanism = get(SaslConfigs.SASL_MECHANISM);
        boolean sasl = protocol.startsWith("SASL_");
        if (mechanism.isPresent() && !sasl) {
            throw invalid(SaslConfigs.SASL_MECHANISM, mechanism.get(), where, "SASL is only used with "
                    + "security.protocol=SASL_SSL or SASL_PLAINTEXT, and security.protocol is " + protocol);
        }
        String m = mechanism.orElse(SaslConfigs.DEFAULT_SASL_MECHANISM).toUpperCase(Locale.ROOT);
        if (sasl && (SCRAM_MECHANISMS.contains(m) || m.equals("PLAIN"))) {
            String module = m.equals("PLAIN") ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                    : "org.apache.kafka.common.security.scram.ScramLoginModule";
            Optional<String> jaas = get(SaslConfigs.SASL_JAAS_CONFIG);
            if (jaas.isEmpty()) {
                throw new KafkaClientConfigException("Missing configuration " + SaslConfigs.SASL_JAAS_CONFIG + where + ": "
                        + m + " needs the user and password, e.g. sasl.jaas.config=" + module
                        + " required username=\"alice\" password=\"...\";");
            }
            // A value from a config provider (${env:...}, ${file:...}) is only known to the client.
            if (!jaas.get().contains("${") && !jaas.get().contains(module)) {
                throw invalid(SaslConfigs.SASL_JAAS_CONFIG, jaas.get(), where, "sasl.mechanism " + m + " needs the login module "
                        + module);
            }
        }
        for (String key : new String[] {SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG}) {
            Optional<String> location = get(key);
            if (location.isPresent() && !location.get().contains("${") && !Files.isReadable(Path.of(location.get()))) {
                throw invalid(key, location.get(), where, "no such readable file"
                        + (Path.of(location.get()).isAbsolute() ? "" : " (relative paths are resolved from the working directory "
                        + Path.of("").toAbsolutePath() + ")"));
            }
        }
    }

    private static KafkaClientConfigException invalid(String key, String value, String where, String rule) {
        return new KafkaClientConfigException("Invalid value " + SecretRedaction.shown(key, value) + " for configuration "
                + key + where + ": " + rule);
    }

    /** The file these settings came from; empty for {@link #none()} and {@link #of}. */
    public Optional<Path> source() {
        return Optional.ofNullable(source);
    }

    /** The settings as given (sorted by key), secrets included: hand them to clients, never to a log. */
    public Map<String, String> settings() {
        return settings;
    }

    public boolean isEmpty() {
        return settings.isEmpty();
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(settings.get(key));
    }

    /**
     * The bootstrap servers a command uses: {@code fromCommandLine} when given (not null), else the
     * file's {@code bootstrap.servers}, else {@code fallback}.
     */
    public String bootstrapServers(String fromCommandLine, String fallback) {
        if (fromCommandLine != null && !fromCommandLine.isBlank()) {
            return fromCommandLine;
        }
        return get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG).filter(s -> !s.isBlank()).orElse(fallback);
    }

    /** {@code security.protocol} in upper case; PLAINTEXT when not set. */
    public String securityProtocol() {
        return get(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG).orElse(CommonClientConfigs.DEFAULT_SECURITY_PROTOCOL)
                .toUpperCase(Locale.ROOT);
    }

    /** The SASL user named in {@code sasl.jaas.config} ({@code username="alice"}), if any. */
    public Optional<String> saslUsername() {
        return get(SaslConfigs.SASL_JAAS_CONFIG).flatMap(jaas -> {
            Matcher m = JAAS_USERNAME.matcher(jaas);
            return m.find() ? Optional.of(m.group(1) != null ? m.group(1) : m.group(2)) : Optional.empty();
        });
    }

    /** Who the clients authenticate as, for messages: "user alice", "the TLS client certificate in ...", or "no one". */
    public String principal() {
        if (securityProtocol().startsWith("SASL_")) {
            return saslUsername().map(u -> "user " + u).orElse("the identity in sasl.jaas.config");
        }
        return get(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG).map(k -> "the TLS client certificate in " + k)
                .orElse("an anonymous client");
    }

    /** E.g. "SASL_SSL, SCRAM-SHA-512 as user alice" or "PLAINTEXT": safe to print. */
    public String securitySummary() {
        String protocol = securityProtocol();
        if (protocol.startsWith("SASL_")) {
            return protocol + ", " + get(SaslConfigs.SASL_MECHANISM).orElse(SaslConfigs.DEFAULT_SASL_MECHANISM) + " as " + principal();
        }
        return protocol.equals("SSL") && get(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG).isPresent()
                ? "SSL with " + principal() : protocol;
    }

    /** The settings with every secret value masked: safe to log. */
    public Map<String, String> redacted() {
        return SecretRedaction.redact(settings);
    }

    /** The keys {@code role} reads, without bootstrap.servers (which the command decides). */
    public Map<String, String> overridesFor(ClientRole role) {
        Map<String, String> out = new TreeMap<>();
        settings.forEach((k, v) -> {
            if (role.accepts(k) && !k.equals(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
                out.put(k, v);
            }
        });
        return out;
    }

    /**
     * The properties of one client: dvstream's {@code defaults} (which hold the bootstrap servers),
     * then this file's settings for that kind of client on top.
     */
    public Properties apply(ClientRole role, Map<?, ?> defaults) {
        Properties p = new Properties();
        p.putAll(defaults);
        if (!p.containsKey(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
            get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG).ifPresent(b -> p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, b));
        }
        p.putAll(overridesFor(role));
        return p;
    }

    public Properties producer(Map<?, ?> defaults) {
        return apply(ClientRole.PRODUCER, defaults);
    }

    public Properties consumer(Map<?, ?> defaults) {
        return apply(ClientRole.CONSUMER, defaults);
    }

    public Properties admin(Map<?, ?> defaults) {
        return apply(ClientRole.ADMIN, defaults);
    }

    /** Where the settings came from, for messages: "FILE" or "no --kafka-config". */
    public String origin() {
        return source != null ? source.toString() : settings.isEmpty() ? "no --kafka-config" : "settings given in code";
    }

    @Override
    public String toString() {
        return "KafkaClientConfig[" + origin() + ", " + securitySummary() + ", " + redacted() + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KafkaClientConfig other && settings.equals(other.settings) && java.util.Objects.equals(source, other.source);
    }

    @Override
    public int hashCode() {
        return settings.hashCode();
    }
}
