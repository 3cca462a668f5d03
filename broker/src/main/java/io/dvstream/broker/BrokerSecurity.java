package io.dvstream.broker;

import io.dvstream.broker.tls.TlsStores;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.ScramMechanism;

/**
 * Makes the {@link EmbeddedKafkaBroker} require SCRAM over TLS: its client listener becomes
 * {@code SASL_SSL}, TLS from {@code tls}, SASL with {@code mechanism} for the {@code users}, whose
 * SCRAM credentials are written into the KRaft metadata when the storage is formatted (as
 * {@code kafka-storage format --add-scram} does). The broker itself connects as {@code brokerUser}
 * (inter-broker traffic, its readiness check, topic creation). ACLs are not configured: every
 * authenticated user may do everything.
 *
 * <p>The KRaft controller listener stays PLAINTEXT, bound to the broker's host only (see
 * docs/security.md): SCRAM cannot protect a controller listener, because the credentials live in
 * the metadata the controller serves.
 *
 * @param mechanism SCRAM-SHA-256 or SCRAM-SHA-512
 * @param tls the broker's key store and the trust store clients get
 * @param brokerUser the broker's own user, one of {@code users}
 * @param users user name to password; names and passwords may not hold {@code , [ ] = "} or blanks,
 *     which the storage formatter's {@code name=...,password=...} syntax cannot carry
 */
public record BrokerSecurity(ScramMechanism mechanism, TlsStores tls, String brokerUser, Map<String, String> users) {

    public static final String LISTENER = "SASL_SSL";

    public BrokerSecurity {
        if (mechanism == null || mechanism == ScramMechanism.UNKNOWN) {
            throw new IllegalArgumentException("mechanism must be SCRAM_SHA_256 or SCRAM_SHA_512, was " + mechanism);
        }
        if (tls == null) {
            throw new IllegalArgumentException("tls must not be null");
        }
        if (users == null || !users.containsKey(brokerUser)) {
            throw new IllegalArgumentException("brokerUser must be one of users, was " + brokerUser);
        }
        users.forEach((name, password) -> {
            requireToken("user name", name, name);
            requireToken("password of user " + name, password, name);
        });
        users = Map.copyOf(new LinkedHashMap<>(users));
    }

    /** SCRAM over TLS with the broker's own user only; add client users with {@link #withUser}. */
    public static BrokerSecurity scramOverTls(TlsStores tls, ScramMechanism mechanism, String brokerUser, String brokerPassword) {
        return new BrokerSecurity(mechanism, tls, brokerUser, Map.of(brokerUser, brokerPassword));
    }

    public BrokerSecurity withUser(String name, String password) {
        Map<String, String> more = new LinkedHashMap<>(users);
        more.put(name, password);
        return new BrokerSecurity(mechanism, tls, brokerUser, more);
    }

    /**
     * What a Kafka client needs to talk to this broker as {@code user}: the lines of a
     * {@code --kafka-config} file (bootstrap.servers aside).
     */
    public Map<String, String> clientSettings(String user) {
        String password = users.get(user);
        if (password == null) {
            throw new IllegalArgumentException("no such user: " + user + " (users: " + users.keySet() + ")");
        }
        return clientSettings(user, password);
    }

    /** As {@link #clientSettings(String)} with any password, e.g. a wrong one in a test. */
    public Map<String, String> clientSettings(String user, String password) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("security.protocol", LISTENER);
        s.put("sasl.mechanism", mechanism.mechanismName());
        s.put("sasl.jaas.config", jaas(user, password));
        s.put("ssl.truststore.location", tls.truststore().toString());
        s.put("ssl.truststore.password", tls.password());
        s.put("ssl.truststore.type", TlsStores.STORE_TYPE);
        return s;
    }

    /** {@code --add-scram} arguments of the storage formatter, one per user. */
    List<String> scramArguments() {
        return users.entrySet().stream()
                .map(u -> mechanism.mechanismName() + "=[name=" + u.getKey() + ",password=" + u.getValue() + "]")
                .toList();
    }

    /** The listener, SASL and TLS settings of the server; the caller adds the controller listener. */
    void addServerProperties(Properties p) {
        String m = mechanism.mechanismName();
        p.put("sasl.enabled.mechanisms", m);
        p.put("sasl.mechanism.inter.broker.protocol", m);
        p.put("listener.name." + LISTENER.toLowerCase(java.util.Locale.ROOT) + "." + m.toLowerCase(java.util.Locale.ROOT)
                + ".sasl.jaas.config", jaas(brokerUser, users.get(brokerUser)));
        p.put("ssl.keystore.location", tls.keystore().toString());
        p.put("ssl.keystore.password", tls.password());
        p.put("ssl.key.password", tls.password());
        p.put("ssl.keystore.type", TlsStores.STORE_TYPE);
        p.put("ssl.truststore.location", tls.truststore().toString());
        p.put("ssl.truststore.password", tls.password());
        p.put("ssl.truststore.type", TlsStores.STORE_TYPE);
        p.put("ssl.client.auth", "none");
    }

    private static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
                + password + "\";";
    }

    private static void requireToken(String what, String value, String user) {
        if (value == null || value.isEmpty() || !value.matches("[^\\s,\\[\\]=\"]+")) {
            throw new IllegalArgumentException(what + " must be non-empty without blanks or any of , [ ] = \" (user "
                    + user + ")");
        }
    }

    /** Without passwords: records print every component otherwise. */
    @Override
    public String toString() {
        return "BrokerSecurity[" + LISTENER + ", " + mechanism.mechanismName() + ", broker user " + brokerUser + ", users "
                + users.keySet().stream().sorted().toList() + ", " + tls + "]";
    }
}
