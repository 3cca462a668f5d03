package io.dvstream.ingest.usb;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The real libusb path on a machine without a camera: opening must fail with a clear reason. */
class Usb4JavaTransportTest {

    @Test
    void shouldSayNoDvs128IsAttached() {
        assertThatThrownBy(() -> Usb4JavaTransport.open(Dvs128Protocol.VENDOR_ID, Dvs128Protocol.PRODUCT_ID, null,
                Dvs128Protocol.CONFIGURATION, Dvs128Protocol.INTERFACE))
                .isInstanceOf(IOException.class)
                .message().satisfiesAnyOf(
                        m -> org.assertj.core.api.Assertions.assertThat(m).isEqualTo("no USB device 152a:8400 attached"),
                        // a build machine without USB support at all
                        m -> org.assertj.core.api.Assertions.assertThat(m).startsWith("libusb init failed"));
    }
}
