package io.dvstream.cli;

import static io.dvstream.cli.CommandLineTest.recording;
import static org.assertj.core.api.Assertions.assertThat;

import io.dvstream.broker.junit.KafkaBootstrap;
import io.dvstream.broker.junit.WithKafkaBroker;
import io.dvstream.ingest.jaer.JaerUdpSender;
import io.dvstream.ingest.jaer.RawAedat2Records;
import java.io.File;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dvstream ingest} as a real process listening for jAER UDP: it is fed a recording, then
 * stopped with SIGTERM, and must flush every event to Kafka before it exits.
 */
@WithKafkaBroker
class IngestSignalITCase {

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void shouldFlushEverythingAndReportOnSigterm(@KafkaBootstrap String bootstrap, @TempDir Path dir) throws Exception {
        RawAedat2Records alex = RawAedat2Records.read(recording("dvs128_alex_walking_again.aedat"));
        int port;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Dvstream.class.getName(), "ingest",
                "--source", "jaer-udp://127.0.0.1:" + port, "--camera", "sigterm-" + System.nanoTime(),
                "--kafka", bootstrap, "--queue-packets", "4096"))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!read(out).contains("Ingesting") && System.nanoTime() < deadline && p.isAlive()) {
                Thread.sleep(50);
            }
            assertThat(read(out)).as("stderr: %s", read(err)).contains("Ingesting jAER UDP on /127.0.0.1:" + port);
            try (JaerUdpSender sender = new JaerUdpSender(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 512, false)) {
                sender.send(alex);
            }
            while (!read(err).contains("total 19,182 in") && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            p.destroy(); // SIGTERM
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            p.destroyForcibly();
        }
        assertThat(read(out)).as("stderr: %s", read(err))
                .contains("Ingested 19,182 events, 19,182 acknowledged by Kafka");
    }

    private static String read(Path file) throws java.io.IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}
