package io.dvstream.ingest.jaer;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvstream.ingest.aedat.AddressLayout;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The jAER TCP receiver against a real {@link ServerSocket} playing jAER's stream server (synthetic events). */
class JaerTcpReceiverTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void shouldReadTimestampFirstRecordsAndReconnectAfterTheServerDropsTheConnection() throws Exception {
        RawAedat2Records first = JaerUdpLoopbackTest.syntheticDvs128(3_000, 1);
        RawAedat2Records second = JaerUdpLoopbackTest.syntheticDvs128(2_000, 2);
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            JaerTcpReceiver receiver = new JaerTcpReceiver(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), false,
                    AddressLayout.DVS128, "cam", Duration.ofMillis(20));
            try (ReceiverHarness harness = new ReceiverHarness(receiver)) {
                try (Socket client = server.accept(); DataOutputStream out = new DataOutputStream(client.getOutputStream())) {
                    write(out, first, 0);
                    out.write(new byte[] {1, 2, 3}); // a record cut by the connection loss
                }
                // jAER re-zeros time for every client: the second connection starts near 0 again.
                try (Socket client = server.accept(); DataOutputStream out = new DataOutputStream(client.getOutputStream())) {
                    write(out, second, -1_000_000 + 10);
                    out.flush();
                    assertThat(ReceiverHarness.await(() -> harness.events() == 5_000, WAIT)).isTrue();
                }
                assertThat(ReceiverHarness.await(() -> harness.counter("tcp_disconnects_total") == 2, WAIT)).isTrue();
                assertThat(harness.counter("tcp_connections_total")).isGreaterThanOrEqualTo(2);
                assertThat(harness.counter("tcp_discarded_bytes_total")).isEqualTo(3);
                assertThat(harness.counter("source_events_total")).isEqualTo(5_000);

                List<DecodedEvent> got = DecodedEvent.of(harness.batches);
                List<DecodedEvent> expected = new ArrayList<>(JaerUdpLoopbackTest.decodeIndependently(first));
                long lastFirst = expected.get(expected.size() - 1).t();
                List<DecodedEvent> afterReset = JaerUdpLoopbackTest.decodeIndependently(second);
                long reZeroed0 = afterReset.get(0).t() - 1_000_000 + 10;
                for (DecodedEvent e : afterReset) {
                    // the reset continues the clock from the latest time
                    long t = e.t() - 1_000_000 + 10 - reZeroed0 + lastFirst;
                    expected.add(new DecodedEvent(t, e.x(), e.y(), e.on()));
                }
                assertThat(got).containsExactlyElementsOf(expected);
            }
        }
    }

    @Test
    void shouldKeepRetryingUntilTheServerAppearsAndReadSwappedBytes() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        JaerTcpReceiver receiver = new JaerTcpReceiver(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), true,
                AddressLayout.DVS128, "cam", Duration.ofMillis(20));
        try (ReceiverHarness harness = new ReceiverHarness(receiver)) {
            assertThat(ReceiverHarness.await(() -> harness.counter("tcp_failed_connects_total") >= 2, WAIT)).isTrue();
            try (ServerSocket server = new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
                    Socket client = server.accept()) {
                OutputStream out = client.getOutputStream();
                ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
                b.putInt(500).putInt((107 << 8) | (117 << 1)).putInt(600).putInt((107 << 8) | (117 << 1) | 1);
                out.write(b.array());
                out.flush();
                assertThat(ReceiverHarness.await(() -> harness.events() == 2, WAIT)).isTrue();
            }
            assertThat(DecodedEvent.of(harness.batches))
                    .containsExactly(new DecodedEvent(500, 10, 20, true), new DecodedEvent(600, 10, 20, false));
        }
    }

    private static void write(DataOutputStream out, RawAedat2Records r, int timeShift) throws IOException {
        for (int i = 0; i < r.size(); i++) {
            out.writeInt(r.timestamps()[i] + timeShift);
            out.writeInt(r.addresses()[i]);
        }
    }
}
