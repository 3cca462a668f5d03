package io.dvstream.kafka.clientconfig;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Which client settings are secrets, and their redacted form for logs and messages.
 *
 * <p>A key is secret when Kafka types it as a password in any client ({@code sasl.jaas.config},
 * {@code ssl.keystore.key}, {@code ssl.truststore.password}, ...) or when its name says so
 * ({@code *password*}, {@code *secret*}, {@code ssl.key.*}, {@code *private.key*}): the name rule
 * also covers keys of config providers and plugins that Kafka does not define.
 */
public final class SecretRedaction {

    /** What a secret value is replaced with. */
    public static final String MASK = "[redacted]";

    private SecretRedaction() {
    }

    public static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        if (k.equals("sasl.jaas.config") || k.contains("password") || k.contains("secret") || k.startsWith("ssl.key.")
                || k.contains("private.key")) {
            return true;
        }
        for (ClientRole role : ClientRole.values()) {
            if (role.definitionOf(key).map(d -> d.type == ConfigDef.Type.PASSWORD).orElse(false)) {
                return true;
            }
        }
        return false;
    }

    /** {@code value} as it may be shown for {@code key}. */
    public static String shown(String key, Object value) {
        return value == null ? "null" : isSecret(key) ? MASK : String.valueOf(value);
    }

    /** A sorted copy of {@code settings} with every secret value replaced by {@link #MASK}: safe to log. */
    public static Map<String, String> redact(Map<?, ?> settings) {
        Map<String, String> shown = new TreeMap<>();
        settings.forEach((k, v) -> shown.put(String.valueOf(k), shown(String.valueOf(k), v)));
        return shown;
    }
}
