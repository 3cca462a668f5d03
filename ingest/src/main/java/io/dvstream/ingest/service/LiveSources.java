package io.dvstream.ingest.service;

import io.dvstream.ingest.aedat.AddressLayout;
import io.dvstream.ingest.jaer.JaerTcpReceiver;
import io.dvstream.ingest.jaer.JaerUdpFormat;
import io.dvstream.ingest.jaer.JaerUdpReceiver;
import io.dvstream.ingest.live.LiveSource;
import io.dvstream.ingest.sim.LabelSink;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

/** Opens the {@link LiveSource} a {@link SourceConfig} names. */
public final class LiveSources {

    private LiveSources() {
    }

    /** {@link #open(SourceConfig, String, AddressLayout, JaerUdpFormat, LabelSink)} dropping a simulated camera's labels. */
    public static LiveSource open(SourceConfig config, String cameraId, AddressLayout layout, JaerUdpFormat udpFormat)
            throws IOException {
        return open(config, cameraId, layout, udpFormat, LabelSink.NONE);
    }

    /**
     * @param layout how the camera packs addresses (jAER streams, USB); a file's own header wins for files
     * @param udpFormat the jAER UDP options; for TCP only {@link JaerUdpFormat#swapBytes()} applies
     * @param simulatedLabels where a simulated camera ({@code sim:}) sends its ground-truth labels;
     *     other sources have none
     * @throws IOException if the socket, file or device cannot be opened
     * @throws UnsupportedOperationException for a source this build cannot drive (names what is missing)
     */
    public static LiveSource open(SourceConfig config, String cameraId, AddressLayout layout, JaerUdpFormat udpFormat,
            LabelSink simulatedLabels) throws IOException {
        if (config instanceof SourceConfig.JaerUdp udp) {
            return new JaerUdpReceiver(new InetSocketAddress(udp.host(), udp.port()), udpFormat, layout, cameraId);
        }
        if (config instanceof SourceConfig.JaerTcp tcp) {
            return new JaerTcpReceiver(new InetSocketAddress(tcp.host(), tcp.port()), udpFormat.swapBytes(), layout, cameraId,
                    Duration.ofMillis(200));
        }
        if (config instanceof SourceConfig.File file) {
            return new RecordingSource(file.path(), cameraId);
        }
        if (config instanceof SourceConfig.Usb usb) {
            return UsbSources.open(usb, cameraId);
        }
        return new SimulatedSource((SourceConfig.Sim) config, cameraId, simulatedLabels);
    }
}
