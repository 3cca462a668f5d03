package io.dvstream.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvstream.ingest.aedat.AddressLayout;
import io.dvstream.ingest.jaer.JaerUdpFormat;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SourceConfigTest {

    @Test
    void shouldParseEveryKindOfSource() {
        assertThat(SourceConfig.parse("jaer-udp://0.0.0.0:8991")).isEqualTo(new SourceConfig.JaerUdp("0.0.0.0", 8991));
        assertThat(SourceConfig.parse("jaer-tcp://camera-host:8990")).isEqualTo(new SourceConfig.JaerTcp("camera-host", 8990));
        assertThat(SourceConfig.parse("file:rec/a.aedat")).isEqualTo(new SourceConfig.File(Path.of("rec/a.aedat")));
        assertThat(SourceConfig.parse("usb:dvs128")).isEqualTo(new SourceConfig.Usb("dvs128", null));
        assertThat(SourceConfig.parse("usb:DVS128:0298")).isEqualTo(new SourceConfig.Usb("dvs128", "0298"));
        assertThat(SourceConfig.parse("sim:gestures?seed=7")).isEqualTo(new SourceConfig.Sim("gestures?seed=7"));
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
    void shouldSayTheSimulatorIsNotInThisBuild() {
        assertThatThrownBy(() -> LiveSources.open(new SourceConfig.Sim("x"), "cam", AddressLayout.DVS128, JaerUdpFormat.DEFAULT))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessage("source 'sim:x': the simulated camera is not available in this build "
                        + "(io.dvstream.ingest.sim.SimulatedCamera is missing)");
    }
}
