package io.dvstream.ingest.service;

import io.dvstream.ingest.live.LiveSource;

/** Opens USB cameras for the ingest service. */
final class UsbSources {

    private UsbSources() {
    }

    static LiveSource open(SourceConfig.Usb usb, String cameraId) {
        throw new UnsupportedOperationException("source 'usb:" + usb.model() + (usb.serial() == null ? "" : ":" + usb.serial())
                + "': USB cameras are not available in this build (no usb4java)");
    }
}
