package io.dvstream.events.sensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SensorGeometryTest {

    @Test
    void shouldKnowTheCommonSensors() {
        assertThat(SensorGeometry.parse("dvs128")).isEqualTo(new SensorGeometry("dvs128", 128, 128));
        assertThat(SensorGeometry.parse("DAVIS240").pixels()).isEqualTo(240 * 180);
        assertThat(SensorGeometry.parse("davis346")).extracting(SensorGeometry::width, SensorGeometry::height).containsExactly(346, 260);
        assertThat(SensorGeometry.parse("dvxplorer")).extracting(SensorGeometry::width, SensorGeometry::height).containsExactly(640, 480);
        assertThat(SensorGeometry.parse("dvxplorer-lite")).extracting(SensorGeometry::width, SensorGeometry::height).containsExactly(320, 240);
        assertThat(SensorGeometry.parse("imx636")).extracting(SensorGeometry::width, SensorGeometry::height).containsExactly(1280, 720);
    }

    @Test
    void shouldParseCustomSizes() {
        assertThat(SensorGeometry.parse("304x240")).isEqualTo(SensorGeometry.custom(304, 240));
        assertThat(SensorGeometry.parse("custom:34x34")).isEqualTo(SensorGeometry.custom(34, 34));
        assertThat(SensorGeometry.parse("128x128")).isSameAs(SensorGeometry.DVS128);
    }

    @Test
    void shouldExplainUnknownSensors() {
        assertThatThrownBy(() -> SensorGeometry.parse("dvs256"))
                .hasMessageContaining("Unknown sensor 'dvs256'")
                .hasMessageContaining("dvs128")
                .hasMessageContaining("WIDTHxHEIGHT");
        assertThatThrownBy(() -> SensorGeometry.custom(0, 10)).hasMessage("width must be between 1 and 32767, was 0");
        assertThatThrownBy(() -> SensorGeometry.custom(10, 40000)).hasMessage("height must be between 1 and 32767, was 40000");
    }

    @Test
    void shouldRoundTripWireCodes() {
        assertThat(SensorGeometry.DVS128.wireCode()).isEqualTo(1);
        assertThat(SensorGeometry.custom(34, 34).wireCode()).isZero();
        for (SensorGeometry s : SensorGeometry.KNOWN) {
            assertThat(SensorGeometry.fromWireCode(s.wireCode())).isSameAs(s);
        }
        assertThatThrownBy(() -> SensorGeometry.fromWireCode(99)).hasMessageContaining("99");
    }
}
