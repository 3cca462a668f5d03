package io.dvstream.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvstream.broker.BrokerConfig;
import io.dvstream.broker.EmbeddedKafkaBroker;
import io.dvstream.events.EventPacket;
import io.dvstream.ingest.kafka.PacketPublisher;
import io.dvstream.ingest.kafka.PublisherConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker is stopped and started again (same ports, same data) while the service ingests a
 * paced synthetic camera: every event accepted before, during and after the outage arrives once.
 */
class BrokerRestartITCase {

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void shouldDeliverEveryAcceptedEventOnceAcrossABrokerRestart(@TempDir Path data) throws Exception {
        BrokerConfig config = BrokerConfig.defaults().withPort(freePort()).withControllerPort(freePort()).withDataDir(data)
                .withTopicPartitions(1);
        String camera = "restart-" + System.nanoTime();
        int batches = 300;
        int perBatch = 200;
        // The broker in use: the first, then the restarted one. Closed in the end whatever fails, since a broker
        // left running when JUnit deletes its data directory halts the JVM (and with it the next test classes).
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(config).start();
        try {
            String bootstrap = broker.bootstrapServers();
            // 300 batches 10 ms apart: ~3 s of camera feed; the queue holds what the outage backs up. The second
            // half waits for the broker to go down, so events are accepted during the outage however slow the machine.
            SyntheticBurstSource source = new SyntheticBurstSource(camera, batches, perBatch, 7, 10).holdBefore(batches / 2);
            IngestSettings settings = IngestSettings.DEFAULTS.withMaxPacketEvents(1_000).withQueuePackets(1_024);
            IngestService service = new IngestService(source, camera, settings,
                    PacketSink.of(new PacketPublisher(PublisherConfig.to(bootstrap))), null, null, null);
            try {
                assertThat(IngestServiceITCase.waitFor(() -> service.status().eventsAcknowledged() >= 10_000,
                        Duration.ofSeconds(30))).isTrue();
                broker.close();
                long whileDown = service.status().eventsIn();
                source.release();
                assertThat(IngestServiceITCase.waitFor(() -> service.status().eventsIn() >= whileDown + 5 * perBatch,
                        Duration.ofSeconds(30))).as("events accepted while the broker is down").isTrue();
                broker = new EmbeddedKafkaBroker(config).start();
                assertThat(service.awaitSourceEnd(Duration.ofSeconds(60))).isTrue();
            } finally {
                service.close();
            }

            IngestStatus status = service.status();
            long total = (long) batches * perBatch;
            assertThat(status.eventsIn()).isEqualTo(total);
            assertThat(status.droppedEvents()).isZero();
            assertThat(status.eventsAcknowledged()).isEqualTo(total);

            List<EventPacket> back = CameraTopic.read(broker.bootstrapServers(), camera, status.packetsPublished(),
                    Duration.ofSeconds(60));
            assertThat(back).extracting(EventPacket::sequence)
                    .as("every packet once, in order")
                    .containsExactlyElementsOf(LongStream.range(0, status.packetsPublished()).boxed().toList());
            long[] times = back.stream().flatMapToLong(p -> LongStream.of(p.tUsArray()).limit(p.size())).toArray();
            assertThat(times).containsExactly(LongStream.range(0, total).toArray());
            System.out.printf("[ingest] broker restart: %d events in %d packets, all back once%n", total, back.size());
        } finally {
            broker.close();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
