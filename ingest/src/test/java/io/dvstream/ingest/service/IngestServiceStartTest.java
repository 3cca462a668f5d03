package io.dvstream.ingest.service;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvstream.ingest.aedat.AddressLayout;
import io.dvstream.ingest.jaer.JaerUdpFormat;
import io.dvstream.ingest.jaer.JaerUdpReceiver;
import io.dvstream.ingest.kafka.PacketPublisher;
import io.dvstream.ingest.kafka.PublisherConfig;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** Start-up failures of the service release what it was given. */
class IngestServiceStartTest {

    @Test
    void shouldNameTheMetricsAddressInUseAndReleaseTheCamera() throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket taken = new ServerSocket(0, 1, loopback)) {
            JaerUdpReceiver receiver = new JaerUdpReceiver(new InetSocketAddress(loopback, 0), JaerUdpFormat.DEFAULT,
                    AddressLayout.DVS128, "cam");
            InetSocketAddress udp = receiver.localAddress();
            // Nothing listens at this bootstrap address: the producer's connection attempts are refused at once.
            int unused;
            try (ServerSocket probe = new ServerSocket(0, 1, loopback)) {
                unused = probe.getLocalPort();
            }
            PacketSink sink = PacketSink.of(new PacketPublisher(PublisherConfig.to("127.0.0.1:" + unused)));
            InetSocketAddress metrics = new InetSocketAddress(loopback, taken.getLocalPort());
            assertThatThrownBy(() -> new IngestService(receiver, "cam", IngestSettings.DEFAULTS, sink, metrics, null, null))
                    .isInstanceOf(IOException.class)
                    .hasMessageStartingWith("cannot serve metrics on " + metrics);
            // The camera's socket was closed: its port can be bound again.
            try (DatagramSocket again = new DatagramSocket(udp)) {
                again.getLocalPort();
            }
        }
    }
}
