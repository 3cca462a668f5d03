package io.dvstream.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvstream.broker.junit.KafkaBootstrap;
import io.dvstream.broker.junit.WithKafkaBroker;
import io.dvstream.events.EventPacket;
import io.dvstream.ingest.aedat.AddressLayout;
import io.dvstream.ingest.aedat.SharedRecordings;
import io.dvstream.ingest.jaer.DecodedEvent;
import io.dvstream.ingest.jaer.JaerUdpFormat;
import io.dvstream.ingest.jaer.JaerUdpReceiver;
import io.dvstream.ingest.jaer.JaerUdpSender;
import io.dvstream.ingest.jaer.RawAedat2Records;
import io.dvstream.ingest.kafka.PacketPublisher;
import io.dvstream.ingest.kafka.PublisherConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The ingest service end to end against a real Kafka broker. */
@WithKafkaBroker
class IngestServiceITCase {

    private static final Duration READ_BACK = Duration.ofSeconds(60);
    private static final InetSocketAddress LOOPBACK_ANY_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void shouldPublishEveryEventOfARecordingSentOverUdpIntactAndInOrder(@KafkaBootstrap String bootstrap) throws Exception {
        Path file = SharedRecordings.require(SharedRecordings.DAVIS240);
        RawAedat2Records raw = RawAedat2Records.read(file);
        List<DecodedEvent> expected = DecodedEvent.fromFile(file);
        String camera = "udp-e2e-" + System.nanoTime();

        JaerUdpReceiver receiver = new JaerUdpReceiver(LOOPBACK_ANY_PORT, JaerUdpFormat.DEFAULT, AddressLayout.DAVIS240, camera);
        ByteArrayOutputStream statusBytes = new ByteArrayOutputStream();
        // The sender plays 2 s of camera time in a few ms, faster than any producer starts up: the
        // queue must hold the whole recording (~420 packets) for nothing to be dropped.
        IngestService service = new IngestService(receiver, camera, IngestSettings.DEFAULTS.withQueuePackets(1_024),
                PacketSink.of(new PacketPublisher(PublisherConfig.to(bootstrap))), LOOPBACK_ANY_PORT,
                new PrintStream(statusBytes, true, StandardCharsets.UTF_8), Duration.ofMillis(100));
        String metrics;
        try (JaerUdpSender sender = JaerUdpSender.jaerDefaults(receiver.localAddress())) {
            sender.send(raw);
            assertThat(waitFor(() -> service.status().eventsIn() == expected.size(), Duration.ofSeconds(20)))
                    .as("all %d events received", expected.size()).isTrue();
            assertThat(waitFor(() -> service.status().eventsAcknowledged() == expected.size(), Duration.ofSeconds(30)))
                    .as("all events acknowledged after the idle flush").isTrue();
            metrics = get(service.metricsAddress());
        } finally {
            service.close();
        }
        IngestStatus status = service.status();
        assertThat(status.droppedEvents()).isZero();
        assertThat(status.source()).containsEntry("datagrams_lost_total", 0L);

        List<EventPacket> back = CameraTopic.read(bootstrap, camera, status.packetsPublished(), READ_BACK);
        assertThat(back).extracting(EventPacket::sequence)
                .containsExactlyElementsOf(java.util.stream.LongStream.range(0, back.size()).boxed().toList());
        assertThat(back).allSatisfy(p -> {
            assertThat(p.droppedEvents()).isZero();
            assertThat(p.lastTUs() - p.firstTUs()).isLessThan(IngestSettings.DEFAULTS.packetUs());
        });
        assertThat(DecodedEvent.of(back)).containsExactlyElementsOf(expected);

        assertThat(metrics).contains("dvstream_ingest_events_in_total{camera=\"" + camera + "\"} " + expected.size(),
                "# TYPE dvstream_ingest_datagrams_lost_total counter", "dvstream_ingest_lag_events",
                "dvstream_ingest_ack_latency_p99_ms{camera=\"" + camera + "\"} ");
        assertThat(status.latencyP50Ms()).isPositive().isLessThanOrEqualTo(status.latencyP99Ms());
        assertThat(statusBytes.toString(StandardCharsets.UTF_8)).contains("ev/s", "dropped 0 ev", "queue ");
        System.out.printf("[ingest] %s over UDP: %d events in %d packets read back%n", file.getFileName(), expected.size(), back.size());
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void shouldStayBoundedAndCountEveryDropExactlyWhenKafkaIsSlowerThanTheCamera(@KafkaBootstrap String bootstrap) throws Exception {
        String camera = "overload-" + System.nanoTime();
        int batches = 400;
        int perBatch = 500;
        IngestSettings settings = IngestSettings.DEFAULTS.withMaxPacketEvents(1_000).withQueuePackets(4);
        PacketPublisher publisher = new PacketPublisher(PublisherConfig.to(bootstrap));
        // A throttled producer: 5 ms per packet, far slower than the synthetic camera.
        PacketSink slow = new PacketSink.PublisherSink(publisher) {
            @Override
            public void publish(EventPacket packet, Runnable onAcknowledged) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                super.publish(packet, onAcknowledged);
            }
        };
        SyntheticBurstSource source = new SyntheticBurstSource(camera, batches, perBatch, 42);
        IngestService service = new IngestService(source, camera, settings, slow, null, null, null);
        assertThat(service.awaitSourceEnd(Duration.ofSeconds(30))).isTrue();
        service.close();
        IngestStatus status = service.status();

        long total = (long) batches * perBatch;
        assertThat(status.eventsIn()).isEqualTo(total);
        assertThat(status.droppedEvents()).as("overload must drop").isPositive();
        assertThat(status.queueHighWater()).as("queue bound").isLessThanOrEqualTo(settings.queuePackets());
        assertThat(status.eventsAcknowledged() + status.droppedEvents()).isEqualTo(total);

        List<EventPacket> back = CameraTopic.read(bootstrap, camera, status.packetsPublished(), READ_BACK);
        assertThat(back).hasSize((int) status.packetsPublished());
        assertThat(back).extracting(EventPacket::sequence)
                .containsExactlyElementsOf(java.util.stream.LongStream.range(0, back.size()).boxed().toList());
        assertThat(back).allSatisfy(p -> assertThat(p.size()).isLessThanOrEqualTo(settings.maxPacketEvents()));
        long eventsBack = back.stream().mapToLong(EventPacket::size).sum();
        long droppedBack = back.stream().mapToLong(EventPacket::droppedEvents).sum();
        assertThat(droppedBack).as("drops reported downstream").isEqualTo(status.droppedEvents());
        assertThat(eventsBack + droppedBack).isEqualTo(total);
        // Each reported drop covers exactly the time hole before its packet (events are 1 us apart).
        long expectedT = 0;
        for (EventPacket p : back) {
            if (p.isEmpty()) {
                expectedT += p.droppedEvents();
                continue;
            }
            assertThat(p.firstTUs()).isEqualTo(expectedT + p.droppedEvents());
            expectedT = p.lastTUs() + 1;
        }
        System.out.printf("[ingest] overload: %d events in, %d dropped in %d packets, queue high water %d/%d%n",
                status.eventsIn(), status.droppedEvents(), status.droppedPackets(), status.queueHighWater(), settings.queuePackets());
    }

    static boolean waitFor(java.util.function.BooleanSupplier done, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    static String get(InetSocketAddress address) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://" + address.getHostString() + ":" + address.getPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }
}
