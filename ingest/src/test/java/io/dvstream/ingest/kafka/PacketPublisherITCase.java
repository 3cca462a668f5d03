package io.dvstream.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.dvstream.broker.junit.KafkaBootstrap;
import io.dvstream.broker.junit.WithKafkaBroker;
import io.dvstream.events.EventPacket;
import io.dvstream.events.sensor.SensorGeometry;
import io.dvstream.events.wire.Topics;
import io.dvstream.events.wire.WireCodec;
import io.dvstream.ingest.aedat.ReaderOptions;
import io.dvstream.ingest.aedat.RecordingReader;
import io.dvstream.ingest.aedat.Recordings;
import io.dvstream.ingest.aedat.SharedRecordings;
import io.dvstream.ingest.replay.Packetizer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link PacketPublisher} against a real broker (whichever {@link WithKafkaBroker} provides). */
@WithKafkaBroker
class PacketPublisherITCase {

    private static final String CAMERA = "alex";
    private static final long ALEX_EVENTS = 19_182;
    private static final long PACKET_US = 10_000;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void shouldDeliverEveryPacketOfARecordingOnceAndInOrder(@KafkaBootstrap String bootstrap) throws IOException {
        Path file = SharedRecordings.require(SharedRecordings.DVS128);
        List<EventPacket> published = new ArrayList<>();

        try (KafkaConsumer<byte[], byte[]> consumer = readCommittedConsumer(bootstrap)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.EVENTS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            // On a fresh broker these are 0; an external one may hold earlier runs, which are skipped.
            Map<TopicPartition, Long> before = consumer.endOffsets(partitions);

            try (PacketPublisher publisher = new PacketPublisher(PublisherConfig.to(bootstrap))) {
                Packetizer packetizer = new Packetizer(PACKET_US, packet -> {
                    publisher.publish(packet);
                    published.add(packet.copy());
                });
                try (RecordingReader reader = Recordings.open(file, ReaderOptions.DEFAULTS.withCameraId(CAMERA))) {
                    reader.forEachRemaining(packetizer::accept);
                }
                packetizer.flush();
                publisher.flush();

                assertThat(publisher.failedSends()).isZero();
                assertThat(publisher.packets()).isEqualTo(published.size());
                assertThat(publisher.events()).isEqualTo(ALEX_EVENTS);
            }
            Map<TopicPartition, Long> after = consumer.endOffsets(partitions);

            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<Integer, List<ConsumerRecord<byte[], byte[]>>> read = readUntilAllBack(consumer, before, after);

            assertThat(read.values().stream().flatMap(List::stream))
                    .as("keys of the records published by this test")
                    .allSatisfy(r -> assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(CAMERA));
            assertThat(read).as("partitions holding packets of camera %s", CAMERA).hasSize(1);
            List<ConsumerRecord<byte[], byte[]>> records = read.values().iterator().next();
            WireCodec codec = new WireCodec();
            List<EventPacket> decoded = records.stream().map(r -> codec.decode(CAMERA, r.value())).toList();

            assertThat(decoded).extracting(EventPacket::sequence)
                    .as("sequence numbers, in partition order")
                    .containsExactlyElementsOf(published.stream().map(EventPacket::sequence).toList());
            assertThat(decoded).containsExactlyElementsOf(published);
            assertThat(decoded.stream().mapToLong(EventPacket::size).sum()).isEqualTo(ALEX_EVENTS);
            System.out.printf("[publisher] %s: %d packets, %d events, read back from partition %d%n",
                    file.getFileName(), decoded.size(), ALEX_EVENTS, read.keySet().iterator().next());
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldFailFlushOrCloseWhenNoBrokerListens() throws IOException {
        PublisherConfig config = PublisherConfig.to("127.0.0.1:" + unusedPort()).withTimeouts(500, 2_000);
        EventPacket packet = new EventPacket(CAMERA, SensorGeometry.DVS128);
        packet.append(41_306_606, 62, 9, false);

        long start = System.nanoTime();
        Throwable thrown = catchThrowable(() -> {
            PacketPublisher publisher = new PacketPublisher(config);
            try {
                publisher.publish(packet);
                publisher.flush();
            } finally {
                publisher.close();
            }
        });
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(thrown)
                .isInstanceOf(PacketPublisher.PublishException.class)
                .hasMessageContaining("1 packet(s) could not be published to " + Topics.EVENTS)
                .hasCauseInstanceOf(TimeoutException.class);
        // 2 s delivery timeout (also the metadata wait); generous slack for a loaded machine
        assertThat(took).isLessThan(Duration.ofSeconds(20));
        System.out.printf("[publisher] no broker: %s after %d ms%n", thrown.getCause(), took.toMillis());
    }

    private static KafkaConsumer<byte[], byte[]> readCommittedConsumer(String bootstrap) {
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * Polls from the beginning until every partition is read up to {@code after} and all the
     * recording's events are back, or fails after {@link #READ_TIMEOUT}. Records before
     * {@code before} predate this test and are left out; the rest are returned per partition, in
     * offset order.
     */
    private static Map<Integer, List<ConsumerRecord<byte[], byte[]>>> readUntilAllBack(
            KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> before, Map<TopicPartition, Long> after) {
        Map<Integer, List<ConsumerRecord<byte[], byte[]>>> read = new TreeMap<>();
        WireCodec codec = new WireCodec();
        long events = 0;
        long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
        while (events < ALEX_EVENTS || !caughtUp(consumer, after)) {
            assertThat(System.nanoTime())
                    .as("time to read back %d events (have %d) up to offsets %s", ALEX_EVENTS, events, after)
                    .isLessThan(deadline);
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                if (r.offset() < before.get(new TopicPartition(r.topic(), r.partition()))) {
                    continue;
                }
                read.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(r);
                events += codec.decode(CAMERA, r.value()).size();
            }
        }
        return read;
    }

    private static boolean caughtUp(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> after) {
        return after.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private static int unusedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
