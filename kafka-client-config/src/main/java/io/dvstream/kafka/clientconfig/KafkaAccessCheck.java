package io.dvstream.kafka.clientconfig;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects once, with an admin client and the command's client settings, before a command starts
 * its real clients. Without it a wrong password shows up late and badly: a producer's sends fail
 * one by one after {@code max.block.ms}, and the Flink job's source restarts forever. With it the
 * command stops within seconds and says who was refused by which broker and why.
 */
public final class KafkaAccessCheck {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaAccessCheck.class);

    /** Long enough for a TLS handshake on a loaded machine, short enough to be a prompt answer. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(1);

    private KafkaAccessCheck() {
    }

    /**
     * Asks the cluster at {@code bootstrapServers} to describe itself, authenticated as
     * {@code config} says.
     *
     * @return the brokers that answered
     * @throws KafkaAccessException with a message for the user when that fails or takes longer than {@code timeout}
     */
    public static Collection<Node> check(String bootstrapServers, KafkaClientConfig config, Duration timeout) {
        long timeoutMs = timeout.toMillis();
        Map<String, Object> defaults = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "dvstream-access-check",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeoutMs, Integer.MAX_VALUE),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Math.min(timeoutMs, Integer.MAX_VALUE));
        String who = config.principal() + " (" + config.securitySummary() + ", settings from " + config.origin() + ")";
        long t0 = System.nanoTime();
        Admin admin;
        try {
            admin = Admin.create(config.admin(defaults));
        } catch (KafkaException e) { // e.g. a trust store the client cannot open
            throw failure(bootstrapServers, config, who, e, timeout);
        }
        try {
            Collection<Node> nodes = admin.describeCluster().nodes().get(timeoutMs + 1_000, TimeUnit.MILLISECONDS);
            LOG.info("Kafka at {} accepted {} in {} ms ({} broker(s))", bootstrapServers, who,
                    (System.nanoTime() - t0) / 1_000_000, nodes.size());
            return nodes;
        } catch (ExecutionException e) {
            throw failure(bootstrapServers, config, who, e.getCause(), timeout);
        } catch (TimeoutException e) {
            throw failure(bootstrapServers, config, who, new org.apache.kafka.common.errors.TimeoutException(e.getMessage()), timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaAccessException(KafkaAccessException.Reason.OTHER,
                    "interrupted while connecting to Kafka at " + bootstrapServers, e);
        } finally {
            // A failed call may still be pending inside the client: do not wait for it to time out too.
            admin.close(CLOSE_TIMEOUT);
        }
    }

    /** The user-facing message for a failure of any Kafka client made with {@code config}. */
    public static KafkaAccessException failure(String bootstrapServers, KafkaClientConfig config, String who, Throwable error,
                                               Duration timeout) {
        Throwable cause = rootKafkaCause(error);
        String detail = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        if (cause instanceof SslAuthenticationException) {
            return new KafkaAccessException(KafkaAccessException.Reason.TLS, "TLS handshake with Kafka at " + bootstrapServers
                    + " failed for " + who + ": " + detail + ". Check that ssl.truststore.location holds the CA that signed the "
                    + "broker's certificate and that the certificate names the host in bootstrap.servers.", error);
        }
        if (cause instanceof AuthenticationException) {
            return new KafkaAccessException(KafkaAccessException.Reason.AUTHENTICATION, "Authentication failed: Kafka at "
                    + bootstrapServers + " refused " + who + ": " + detail + ". Check the user name and password in "
                    + "sasl.jaas.config (and sasl.mechanism) of " + config.origin() + ".", error);
        }
        if (cause instanceof AuthorizationException) {
            return new KafkaAccessException(KafkaAccessException.Reason.AUTHORIZATION, "Authorization failed: Kafka at "
                    + bootstrapServers + " denied " + who + ": " + detail, error);
        }
        if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
            return new KafkaAccessException(KafkaAccessException.Reason.TIMEOUT, "No answer from Kafka at " + bootstrapServers
                    + " within " + timeout.toMillis() + " ms for " + who + ": is a broker listening there, and does its listener "
                    + "expect security.protocol=" + config.securityProtocol() + "?", error);
        }
        return new KafkaAccessException(KafkaAccessException.Reason.OTHER, "Cannot use Kafka at " + bootstrapServers + " as "
                + who + ": " + detail, error);
    }

    /** The innermost Kafka exception of a chain (a client wraps the real reason more than once), else {@code e}. */
    private static Throwable rootKafkaCause(Throwable e) {
        Throwable found = e;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AuthenticationException || t instanceof AuthorizationException) {
                return t;
            }
            if (t instanceof KafkaException) {
                found = t;
            }
        }
        return found;
    }
}
