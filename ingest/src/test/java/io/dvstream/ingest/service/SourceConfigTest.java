package io.dvstream.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvstream.events.EventPacket;
import io.dvstream.events.sensor.SensorGeometry;
import io.dvstream.ingest.aedat.AddressLayout;
import io.dvstream.ingest.jaer.JaerUdpFormat;
import io.dvstream.ingest.live.LiveSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SourceConfigTest {

    @Test
    void shouldParseEveryKindOfSource() {
        assertThat(SourceConfig.parse("jaer-udp://0.0.0.0:8991")).isEqualTo(new SourceConfig.JaerUdp("0.0.0.0", 8991));
        assertThat(SourceConfig.parse("jaer-tcp://camera-host:8990")).isEqualTo(new SourceConfig.JaerTcp("camera-host", 8990));
        assertThat(SourceConfig.parse("file:rec/a.aedat")).isEqualTo(new SourceConfig.File(Path.of("rec/a.aedat")));
        assertThat(SourceConfig.parse("usb:dvs128")).isEqualTo(new SourceConfig.Usb("dvs128", null));
        assertThat(SourceConfig.parse("usb:DVS128:0298")).isEqualTo(new SourceConfig.Usb("dvs128", "0298"));
        assertThat(SourceConfig.parse("sim:dvs128?seed=7")).isEqualTo(new SourceConfig.Sim("dvs128?seed=7"));
    }

    @Test
    void shouldRejectBadSourcesNamingTheTextAndTheProblem() {
        assertThatThrownBy(() -> SourceConfig.parse("jaer-udp://0.0.0.0")).hasMessage(
                "source 'jaer-udp://0.0.0.0': expected jaer-udp://HOST:PORT, e.g. jaer-udp://0.0.0.0:8991");
        assertThatThrownBy(() -> SourceConfig.parse("jaer-tcp://h:0")).hasMessageContaining("port 0 cannot be connected to");
        assertThatThrownBy(() -> SourceConfig.parse("jaer-udp://h:70000")).hasMessageContaining("70000");
        assertThatThrownBy(() -> SourceConfig.parse("usb:davis346")).hasMessage(
                "usb source: unsupported camera model 'davis346'; supported: dvs128");
        assertThatThrownBy(() -> SourceConfig.parse("usb:")).hasMessageContaining("expected usb:dvs128 or usb:dvs128:SERIAL");
        assertThatThrownBy(() -> SourceConfig.parse("rtsp://x:1")).hasMessageContaining("unknown kind 'rtsp'");
        assertThatThrownBy(() -> SourceConfig.parse("")).hasMessageContaining("empty source");
        assertThatThrownBy(() -> SourceConfig.parse("file:")).hasMessageContaining("expected file:PATH");
    }

    @Test
    void shouldRejectABadSimulatorSpecNamingTheKey() {
        assertThatThrownBy(() -> SourceConfig.parse("sim:dvs128?colour=red"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("source 'sim:dvs128?colour=red'")
                .hasMessageContaining("unknown key 'colour'");
    }

    @Test
    void shouldRunTheSimulatedCameraUnderTheServicesCameraId() throws Exception {
        SourceConfig sim = SourceConfig.parse("sim:dvs128?gestures=2&speed=max&gesture_s=1&gap_s=0.2&seed=3&id=ignored");
        List<EventPacket> packets = new ArrayList<>();
        try (LiveSource source = LiveSources.open(sim, "cam-7", AddressLayout.DVS128, JaerUdpFormat.DEFAULT)) {
            assertThat(source.sensor()).isEqualTo(SensorGeometry.DVS128);
            source.run(p -> packets.add(p.copy()));
            assertThat(source.counters().get("source_labels_total")).isPositive();
            assertThat(source.counters().get("source_events_total"))
                    .isEqualTo(packets.stream().mapToLong(EventPacket::size).sum()).isPositive();
        }
        assertThat(packets).allSatisfy(p -> assertThat(p.cameraId()).isEqualTo("cam-7"));
    }
}
