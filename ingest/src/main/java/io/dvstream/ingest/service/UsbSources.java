package io.dvstream.ingest.service;

import io.dvstream.ingest.live.LiveSource;
import io.dvstream.ingest.usb.Dvs128Biases;
import io.dvstream.ingest.usb.Dvs128Camera;
import io.dvstream.ingest.usb.Dvs128Protocol;
import io.dvstream.ingest.usb.Usb4JavaTransport;
import java.io.IOException;

/** Opens USB cameras for the ingest service. */
final class UsbSources {

    private UsbSources() {
    }

    /** A DVS128 (the only model {@link SourceConfig.Usb} accepts) with jAER's default biases. */
    static LiveSource open(SourceConfig.Usb usb, String cameraId) throws IOException {
        Usb4JavaTransport transport = Usb4JavaTransport.open(Dvs128Protocol.VENDOR_ID, Dvs128Protocol.PRODUCT_ID, usb.serial(),
                Dvs128Protocol.CONFIGURATION, Dvs128Protocol.INTERFACE);
        return new Dvs128Camera(transport, Dvs128Biases.JAER_DEFAULTS, cameraId,
                "DVS128 on USB" + (usb.serial() == null ? "" : " (serial " + usb.serial() + ")"));
    }
}
