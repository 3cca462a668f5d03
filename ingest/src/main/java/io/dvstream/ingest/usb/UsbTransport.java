package io.dvstream.ingest.usb;

import java.io.IOException;

/**
 * The two USB operations a DVS128 needs, so that the driver can run against a real device
 * (usb4java/libusb) or a synthesised byte stream in tests.
 */
public interface UsbTransport extends AutoCloseable {

    /**
     * A vendor control transfer host → device ({@code bmRequestType 0x40}).
     *
     * @param data the data stage; empty for none
     */
    void controlOut(int request, int value, int index, byte[] data) throws IOException;

    /**
     * One bulk IN transfer from {@code endpoint} into {@code buffer}.
     *
     * @return bytes received; 0 when {@code timeoutMs} passed without data
     * @throws IOException if the device is gone or the transfer failed
     */
    int bulkIn(int endpoint, byte[] buffer, int timeoutMs) throws IOException;

    /** Releases the interface and the device; idempotent. */
    @Override
    void close();
}
