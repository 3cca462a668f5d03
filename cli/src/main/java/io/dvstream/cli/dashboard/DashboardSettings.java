package io.dvstream.cli.dashboard;

import io.dvstream.kafka.clientconfig.KafkaClientConfig;
import io.dvstream.events.wire.Topics;
import io.dvstream.kafka.clientconfig.KafkaClientConfig;
import java.net.InetAddress;
import io.dvstream.kafka.clientconfig.KafkaClientConfig;
import java.time.Duration;
import io.dvstream.kafka.clientconfig.KafkaClientConfig;
import java.util.List;
import io.dvstream.kafka.clientconfig.KafkaClientConfig;
import java.util.Objects;

/**
 * How a dashboard runs: where it reads (Kafka, topics), where it serves (address, port, token) and
 * its bounds.
 *
 * @param bootstrap Kafka bootstrap servers; null to take them from the properties file
 * @param kafka the client properties file applied to every Kafka client of the dashboard
 * @param eventsTopic event packets (docs/wire-format.md)
 * @param gesturesTopic gesture records (docs/gestures-topic.md)
 * @param labelsTopic ground-truth labels of replays (optional: shown when present)
 * @param bind address to listen on
 * @param port port to listen on; 0 for any free port
 * @param token what a browser must present; null only on a loopback address
 * @param readCommitted read gesture records with {@code isolation.level=read_committed}, as the
 *     topic's contract asks (they then appear when the job checkpoints)
 * @param jobGroups consumer groups whose lag on the events topic is shown; empty: every group with
 *     offsets committed on it
 * @param fps live-view frames per second
 * @param maxCameras cameras shown at most
 * @param maxClients browsers streaming at once, at most
 * @param clientQueue messages queued per browser before frames are dropped for it
 * @param maxBehind how far behind the events topic (Kafka timestamp age) the reader may fall
 *     before it skips ahead
 * @param lagInterval how often the job's lag is probed
 */
public record DashboardSettings(String bootstrap, KafkaClientConfig kafka, String eventsTopic, String gesturesTopic,
                                String labelsTopic, InetAddress bind, int port, String token, boolean readCommitted,
                                List<String> jobGroups, int fps, int maxCameras, int maxClients, int clientQueue,
                                Duration maxBehind, Duration lagInterval) {

    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_FPS = 30;

    public DashboardSettings {
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(eventsTopic, "eventsTopic");
        Objects.requireNonNull(gesturesTopic, "gesturesTopic");
        Objects.requireNonNull(labelsTopic, "labelsTopic");
        Objects.requireNonNull(bind, "bind");
        jobGroups = List.copyOf(jobGroups);
        if (bootstrap == null && kafka.bootstrapServers(null, null) == null) {
            throw new IllegalArgumentException("no Kafka bootstrap servers: give --kafka HOST:PORT or bootstrap.servers in --kafka-config");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        if (token != null && token.length() < 16) {
            throw new IllegalArgumentException("token must be at least 16 characters, was " + token.length());
        }
        if (token != null && !token.matches("[A-Za-z0-9._~-]+")) {
            // It travels in a URL, a cookie and a header: only characters none of them needs to escape.
            throw new IllegalArgumentException("token may hold only letters, digits and . _ ~ -");
        }
        if (token == null && !bind.isLoopbackAddress()) {
            throw new IllegalArgumentException("a dashboard on " + bind.getHostAddress() + " (not a loopback address) needs a token");
        }
        if (fps < 1 || fps > 60) {
            throw new IllegalArgumentException("fps must be 1..60, was " + fps);
        }
        if (maxCameras < 1 || maxClients < 1 || clientQueue < 1) {
            throw new IllegalArgumentException("maxCameras, maxClients and clientQueue must be >= 1");
        }
        if (maxBehind.isNegative() || maxBehind.isZero() || lagInterval.isNegative() || lagInterval.isZero()) {
            throw new IllegalArgumentException("maxBehind and lagInterval must be > 0");
        }
    }

    /** The defaults for the given broker: dvstream's topics, localhost:8080, no token, read_committed. */
    public static DashboardSettings defaults(String bootstrap) {
        return new DashboardSettings(bootstrap, KafkaClientConfig.none(), Topics.EVENTS, Topics.GESTURES, Topics.LABELS,
                InetAddress.getLoopbackAddress(), DEFAULT_PORT, null, true, List.of(), DEFAULT_FPS, 32, 8, 64,
                Duration.ofSeconds(2), Duration.ofSeconds(2));
    }

    public DashboardSettings withKafka(KafkaClientConfig k) {
        return new DashboardSettings(bootstrap, k, eventsTopic, gesturesTopic, labelsTopic, bind, port, token, readCommitted,
                jobGroups, fps, maxCameras, maxClients, clientQueue, maxBehind, lagInterval);
    }

    public DashboardSettings withTopics(String events, String gestures, String labels) {
        return new DashboardSettings(bootstrap, kafka, events, gestures, labels, bind, port, token, readCommitted, jobGroups, fps,
                maxCameras, maxClients, clientQueue, maxBehind, lagInterval);
    }

    public DashboardSettings withAddress(InetAddress address, int p, String t) {
        return new DashboardSettings(bootstrap, kafka, eventsTopic, gesturesTopic, labelsTopic, address, p, t, readCommitted,
                jobGroups, fps, maxCameras, maxClients, clientQueue, maxBehind, lagInterval);
    }

    public DashboardSettings withReadCommitted(boolean committed) {
        return new DashboardSettings(bootstrap, kafka, eventsTopic, gesturesTopic, labelsTopic, bind, port, token, committed,
                jobGroups, fps, maxCameras, maxClients, clientQueue, maxBehind, lagInterval);
    }

    public DashboardSettings withJobGroups(List<String> groups) {
        return new DashboardSettings(bootstrap, kafka, eventsTopic, gesturesTopic, labelsTopic, bind, port, token, readCommitted,
                groups, fps, maxCameras, maxClients, clientQueue, maxBehind, lagInterval);
    }

    public DashboardSettings withFps(int framesPerSecond) {
        return new DashboardSettings(bootstrap, kafka, eventsTopic, gesturesTopic, labelsTopic, bind, port, token, readCommitted,
                jobGroups, framesPerSecond, maxCameras, maxClients, clientQueue, maxBehind, lagInterval);
    }

    @Override
    public String toString() {
        // Never the token.
        return "DashboardSettings{kafka=" + kafka.bootstrapServers(bootstrap, null) + ", topics=" + eventsTopic
                + "/" + gesturesTopic + "/" + labelsTopic + ", bind=" + bind.getHostAddress() + ":" + port + ", token="
                + (token == null ? "none" : "set") + ", readCommitted=" + readCommitted + ", jobGroups=" + jobGroups + "}";
    }
}
