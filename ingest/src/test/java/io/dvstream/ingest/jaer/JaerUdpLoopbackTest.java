package io.dvstream.ingest.jaer;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvstream.events.EventPacket;
import io.dvstream.ingest.PacketLimits;
import io.dvstream.ingest.aedat.AddressLayout;
import io.dvstream.ingest.aedat.ReaderOptions;
import io.dvstream.ingest.aedat.RecordingReader;
import io.dvstream.ingest.aedat.Recordings;
import io.dvstream.ingest.aedat.SharedRecordings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The jAER UDP receiver against the independent {@link JaerUdpSender} over real loopback sockets:
 * real recordings at full speed, injected loss and reordering, malformed datagrams.
 */
class JaerUdpLoopbackTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final InetSocketAddress ANY_LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    @ParameterizedTest(name = "{0}, {1} events per datagram")
    @CsvSource({SharedRecordings.DVS128 + ", 512, DVS128", SharedRecordings.DVS128 + ", 7874, DVS128",
            SharedRecordings.DAVIS240 + ", 7874, DAVIS240"})
    void shouldReceiveARecordingSentAtFullSpeedAsTheFileReaderReadsIt(String name, int perDatagram, AddressLayout layout)
            throws Exception {
        Path file = SharedRecordings.require(name);
        RawAedat2Records raw = RawAedat2Records.read(file);
        List<DecodedEvent> expected = DecodedEvent.fromFile(file);

        try (JaerUdpReceiver receiver = new JaerUdpReceiver(ANY_LOOPBACK, JaerUdpFormat.DEFAULT, layout, "cam");
                ReceiverHarness harness = new ReceiverHarness(receiver);
                JaerUdpSender sender = new JaerUdpSender(receiver.localAddress(), perDatagram, false)) {
            sender.send(raw);
            long datagrams = sender.datagramsSent();
            assertThat(datagrams).isEqualTo((raw.size() + perDatagram - 1) / perDatagram);
            // Every datagram either arrives or, once a later one arrived, counts as lost; the last
            // one has nothing after it, so wait for it specifically (a few ms on loopback).
            boolean allSeen = ReceiverHarness.await(
                    () -> harness.batches.stream().anyMatch(b -> b.sequence() == datagrams), WAIT);
            assertThat(allSeen).as("last datagram %d arrived", datagrams).isTrue();
            harness.close();
            assertThat(harness.failure.get()).isNull();

            long received = harness.counter("datagrams_received_total");
            long lost = harness.counter("datagrams_lost_total");
            assertThat(received + lost).as("received + lost datagrams").isEqualTo(datagrams);
            assertThat(harness.counter("datagrams_malformed_total")).isZero();
            List<DecodedEvent> got = DecodedEvent.of(harness.batches);
            if (lost == 0) {
                assertThat(got).containsExactlyElementsOf(expected);
            } else {
                // Loopback dropped datagrams (a full receive buffer): what arrived is still the
                // file's events in order, with whole datagrams missing.
                assertThat(got.size()).isLessThan(expected.size());
                assertThat(isSubsequence(got, expected)).as("received events are the file's, in order").isTrue();
            }
            assertThat(harness.counter("source_events_total")).isEqualTo(got.size());
        }
    }

    @Test
    void shouldCountInjectedLossReorderingAndDuplicatesExactly() throws Exception {
        RawAedat2Records raw = syntheticDvs128(20 * 100, 11);
        try (JaerUdpReceiver receiver = new JaerUdpReceiver(ANY_LOOPBACK, JaerUdpFormat.DEFAULT, AddressLayout.DVS128, "cam");
                ReceiverHarness harness = new ReceiverHarness(receiver);
                JaerUdpSender sender = new JaerUdpSender(receiver.localAddress(), 100, false)) {
            List<ByteBuffer> datagrams = sender.datagrams(raw, 0, raw.size()); // sequence numbers 1..20
            // Injected on the way: 3 and 7 lost, 10 overtaken by 11, 15 delivered twice.
            List<Integer> order = new ArrayList<>();
            for (int s = 1; s <= 20; s++) {
                if (s == 3 || s == 7 || s == 10) {
                    continue;
                }
                order.add(s);
                if (s == 11) {
                    order.add(10);
                }
                if (s == 15) {
                    order.add(15);
                }
            }
            for (int s : order) {
                sender.sendDatagram(datagrams.get(s - 1));
                Thread.sleep(1); // loopback must not drop on its own here
            }
            assertThat(ReceiverHarness.await(() -> harness.counter("datagrams_received_total") == order.size(), WAIT)).isTrue();
            harness.close();

            assertThat(harness.counter("datagrams_lost_total")).isEqualTo(2);
            assertThat(harness.counter("datagrams_late_total")).isEqualTo(1);
            assertThat(harness.counter("datagrams_duplicate_total")).isEqualTo(1);
            // Datagram 10 came after 11: its 100 events would go back in time, so they are dropped
            // and reported; so are the duplicate's.
            assertThat(harness.counter("source_dropped_events_total")).isEqualTo(200);
            assertThat(harness.dropped()).isEqualTo(200);
            assertThat(harness.batches).extracting(EventPacket::sequence).filteredOn(s -> s > 0)
                    .doesNotContain(3L, 7L);
            List<DecodedEvent> expected = new ArrayList<>();
            List<DecodedEvent> all = decodeIndependently(raw);
            for (int s = 1; s <= 20; s++) {
                if (!Set.of(3, 7, 10).contains(s)) {
                    expected.addAll(all.subList((s - 1) * 100, s * 100));
                }
            }
            assertThat(DecodedEvent.of(harness.batches)).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void shouldRejectMalformedDatagramsWithAClearCountedErrorAndKeepTheGoodOnes() throws Exception {
        RawAedat2Records raw = syntheticDvs128(4 * 10, 5);
        try (JaerUdpReceiver receiver = new JaerUdpReceiver(ANY_LOOPBACK, JaerUdpFormat.DEFAULT, AddressLayout.DVS128, "cam");
                ReceiverHarness harness = new ReceiverHarness(receiver);
                JaerUdpSender sender = new JaerUdpSender(receiver.localAddress(), 10, false)) {
            List<ByteBuffer> d = sender.datagrams(raw, 0, raw.size());
            sender.sendDatagram(d.get(0));
            ByteBuffer ragged = d.get(1).duplicate();
            ragged.limit(4 + 2 * 8 + 3); // sequence 2, two events and 3 bytes of a third
            sender.sendDatagram(ragged);
            sender.sendDatagram(ByteBuffer.wrap(new byte[] {0, 0})); // too short for a sequence number
            sender.sendDatagram(d.get(2));
            sender.sendDatagram(d.get(3));
            assertThat(ReceiverHarness.await(() -> harness.counter("datagrams_received_total") == 5, WAIT)).isTrue();
            harness.close();

            assertThat(harness.counter("datagrams_malformed_total")).isEqualTo(2);
            assertThat(harness.counter("datagrams_lost_total")).as("the ragged one's number was seen").isZero();
            assertThat(harness.counter("source_dropped_events_total")).as("whole events in the ragged datagram").isEqualTo(2);
            assertThat(receiver.lastError()).contains("malformed jAER datagram #3", "2 bytes",
                    "shorter than the 4-byte sequence number");
            List<DecodedEvent> all = decodeIndependently(raw);
            List<DecodedEvent> expected = new ArrayList<>(all.subList(0, 10));
            expected.addAll(all.subList(20, 40));
            assertThat(DecodedEvent.of(harness.batches)).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void shouldDescribeARaggedDatagramByItsTrailingBytes() {
        JaerDatagramDecoder decoder = new JaerDatagramDecoder(JaerUdpFormat.DEFAULT, AddressLayout.DVS128);
        ByteBuffer ragged = ByteBuffer.allocate(4 + 8 + 5).putInt(1).position(17);
        EventPacket out = new EventPacket("cam", AddressLayout.DVS128.sensor());
        assertThat(decoder.decode(ragged.flip(), out, "test")).isEqualTo(JaerDatagramDecoder.Outcome.MALFORMED);
        assertThat(decoder.lastError()).isEqualTo("malformed jAER datagram #1 from test: 17 bytes, not 4 header bytes "
                + "+ whole 8-byte events (5 trailing bytes after byte 12); datagram rejected");
        assertThat(out.isEmpty()).isTrue();
        assertThat(out.droppedEvents()).isEqualTo(1);
    }

    // ---------------------------------------------------------------------------------------------

    private static boolean isSubsequence(List<DecodedEvent> part, List<DecodedEvent> whole) {
        int j = 0;
        for (DecodedEvent e : part) {
            while (j < whole.size() && !whole.get(j).equals(e)) {
                j++;
            }
            if (j == whole.size()) {
                return false;
            }
            j++;
        }
        return true;
    }

    /**
     * Synthetic DVS128 records (seeded): raw addresses as formats.md 1.4 lays them out (y bits
     * 14-8, x bits 7-1, bit 0 = 0 for ON), increasing timestamps.
     */
    static RawAedat2Records syntheticDvs128(int n, long seed) {
        Random random = new Random(seed);
        int[] a = new int[n];
        int[] t = new int[n];
        int time = 1_000_000;
        for (int i = 0; i < n; i++) {
            a[i] = (random.nextInt(128) << 8) | (random.nextInt(128) << 1) | random.nextInt(2);
            time += random.nextInt(50);
            t[i] = time;
        }
        return new RawAedat2Records(a, t);
    }

    /** formats.md 1.4 by hand, top-left: x = 127 - rawX, y = 127 - rawY, ON when bit 0 is 0. */
    static List<DecodedEvent> decodeIndependently(RawAedat2Records raw) {
        List<DecodedEvent> out = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            int a = raw.addresses()[i];
            out.add(new DecodedEvent(raw.timestamps()[i], 127 - ((a >> 1) & 0x7F), 127 - ((a >> 8) & 0x7F), (a & 1) == 0));
        }
        return out;
    }
}
