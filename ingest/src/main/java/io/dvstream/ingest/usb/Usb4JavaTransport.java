package io.dvstream.ingest.usb;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import org.usb4java.BufferUtils;
import org.usb4java.Context;
import org.usb4java.Device;
import org.usb4java.DeviceDescriptor;
import org.usb4java.DeviceHandle;
import org.usb4java.DeviceList;
import org.usb4java.LibUsb;
import org.usb4java.LoaderException;

/**
 * {@link UsbTransport} on libusb through usb4java's low-level API: open by vendor/product id (and
 * serial number), set configuration 1, claim interface 0; synchronous control and bulk transfers.
 *
 * <p>Synchronous bulk reads leave the device's FIFO unread between two calls; jAER keeps a ring of
 * asynchronous transfers in flight instead, which matters at the DVS128's peak rates (~1 M events/s).
 * Not verified against a real camera: none is attached to the build machine.
 */
public final class Usb4JavaTransport implements UsbTransport {

    private static final int CONTROL_TIMEOUT_MS = 1_000;
    private static final byte VENDOR_OUT = (byte) 0x40;

    private final Context context;
    private final DeviceHandle handle;
    private final int interfaceNumber;
    private final String description;
    private ByteBuffer bulk = BufferUtils.allocateByteBuffer(0);
    private final IntBuffer transferred = BufferUtils.allocateIntBuffer();
    private boolean closed;

    private Usb4JavaTransport(Context context, DeviceHandle handle, int interfaceNumber, String description) {
        this.context = context;
        this.handle = handle;
        this.interfaceNumber = interfaceNumber;
        this.description = description;
    }

    /**
     * Opens the first device with {@code vendorId:productId} (and {@code serial}, if not null).
     *
     * @throws IOException if libusb cannot start, no such device is attached, or it cannot be claimed
     *     (on Linux usually permissions: see docs/live-cameras.md for the udev rule)
     */
    public static Usb4JavaTransport open(int vendorId, int productId, String serial, int configuration, int interfaceNumber)
            throws IOException {
        String id = String.format("%04x:%04x", vendorId, productId) + (serial == null ? "" : " serial " + serial);
        Context context = new Context();
        int rc;
        try {
            rc = LibUsb.init(context);
        } catch (LoaderException | UnsatisfiedLinkError e) {
            throw new IOException("cannot load libusb (usb4java native library) for " + id + ": " + e.getMessage(), e);
        }
        if (rc != LibUsb.SUCCESS) {
            throw new IOException("libusb init failed: " + LibUsb.strError(rc));
        }
        DeviceHandle found = null;
        DeviceList list = new DeviceList();
        try {
            rc = LibUsb.getDeviceList(context, list);
            if (rc < 0) {
                throw new IOException("cannot list USB devices: " + LibUsb.strError(rc));
            }
            int matching = 0;
            String lastError = null;
            for (Device device : list) {
                DeviceDescriptor d = new DeviceDescriptor();
                if (LibUsb.getDeviceDescriptor(device, d) != LibUsb.SUCCESS
                        || (d.idVendor() & 0xFFFF) != vendorId || (d.idProduct() & 0xFFFF) != productId) {
                    continue;
                }
                matching++;
                DeviceHandle h = new DeviceHandle();
                rc = LibUsb.open(device, h);
                if (rc != LibUsb.SUCCESS) {
                    lastError = LibUsb.strError(rc);
                    continue;
                }
                if (serial != null && !serial.equals(LibUsb.getStringDescriptor(h, d.iSerialNumber()))) {
                    LibUsb.close(h);
                    continue;
                }
                found = h;
                break;
            }
            if (found == null) {
                LibUsb.exit(context);
                throw new IOException(matching == 0 ? "no USB device " + id + " attached"
                        : matching + " device(s) " + String.format("%04x:%04x", vendorId, productId) + " attached, none opened"
                                + (lastError == null ? " with that serial" : ": " + lastError
                                        + " (permissions? see docs/live-cameras.md for the udev rule)"));
            }
        } finally {
            LibUsb.freeDeviceList(list, true);
        }
        try {
            check(LibUsb.setConfiguration(found, configuration), "set configuration " + configuration);
            check(LibUsb.claimInterface(found, interfaceNumber), "claim interface " + interfaceNumber);
        } catch (IOException e) {
            LibUsb.close(found);
            LibUsb.exit(context);
            throw new IOException(id + ": " + e.getMessage(), e);
        }
        return new Usb4JavaTransport(context, found, interfaceNumber, id);
    }

    private static void check(int rc, String what) throws IOException {
        if (rc != LibUsb.SUCCESS) {
            throw new IOException(what + " failed: " + LibUsb.strError(rc));
        }
    }

    @Override
    public synchronized void controlOut(int request, int value, int index, byte[] data) throws IOException {
        ByteBuffer buffer = BufferUtils.allocateByteBuffer(data.length);
        buffer.put(data).rewind();
        int rc = LibUsb.controlTransfer(handle, VENDOR_OUT, (byte) request, (short) value, (short) index, buffer, CONTROL_TIMEOUT_MS);
        if (rc < 0) {
            throw new IOException(description + ": vendor request 0x" + Integer.toHexString(request) + " failed: " + LibUsb.strError(rc));
        }
    }

    @Override
    public synchronized int bulkIn(int endpoint, byte[] buffer, int timeoutMs) throws IOException {
        if (bulk.capacity() < buffer.length) {
            bulk = BufferUtils.allocateByteBuffer(buffer.length);
        }
        bulk.clear().limit(buffer.length);
        transferred.clear();
        int rc = LibUsb.bulkTransfer(handle, (byte) endpoint, bulk, transferred, timeoutMs);
        if (rc != LibUsb.SUCCESS && rc != LibUsb.ERROR_TIMEOUT) {
            throw new IOException(description + ": bulk transfer from endpoint 0x" + Integer.toHexString(endpoint) + " failed: "
                    + LibUsb.strError(rc));
        }
        int n = transferred.get(0);
        bulk.rewind();
        bulk.get(buffer, 0, n);
        return n;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LibUsb.releaseInterface(handle, interfaceNumber);
        LibUsb.close(handle);
        LibUsb.exit(context);
    }
}
