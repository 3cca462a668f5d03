package io.dvstream.ingest.usb;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.usb4java.BufferUtils;
import org.usb4java.Context;
import org.usb4java.Device;
import org.usb4java.DeviceDescriptor;
import org.usb4java.DeviceHandle;
import org.usb4java.DeviceList;
import org.usb4java.LibUsb;
import org.usb4java.LoaderException;
import org.usb4java.Transfer;
import org.usb4java.TransferCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link UsbTransport} on libusb through usb4java's low-level API: open by vendor/product id (and
 * serial number), set configuration 1, claim interface 0; synchronous control transfers and
 * <em>asynchronous</em> bulk IN transfers.
 *
 * <p>Bulk reads keep {@value #QUEUED_TRANSFERS} transfers queued at the device ({@link BulkInRing},
 * as jAER does), so the device's FIFO keeps draining while the previous transfer is parsed; a single
 * synchronous transfer would leave the endpoint idle between two reads, which loses events at the
 * DVS128's peak rates (~1 M events/s). A daemon thread runs libusb's event handling
 * ({@code handleEventsTimeout}), which calls the transfers' callbacks. The ring is created by the
 * first {@link #bulkIn} with that call's buffer size per transfer. Not verified against a real
 * camera: none is attached to the build machine; the ring is tested on a synthesised device.
 */
public final class Usb4JavaTransport implements UsbTransport {

    private static final Logger LOG = LoggerFactory.getLogger(Usb4JavaTransport.class);
    private static final int CONTROL_TIMEOUT_MS = 1_000;
    /** Bulk IN transfers kept in flight; jAER's default for its Cypress cameras is a few (4-8). */
    static final int QUEUED_TRANSFERS = 8;
    /** How long one libusb event-handling call waits before checking for close, us. */
    private static final long EVENT_POLL_US = 100_000;
    private static final byte VENDOR_OUT = (byte) 0x40;

    private final Context context;
    private final DeviceHandle handle;
    private final int interfaceNumber;
    private final String description;
    private volatile BulkInRing ring;
    private int ringEndpoint;
    private Transfer[] transfers;
    private Thread eventThread;
    private volatile boolean handlingEvents;
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
    public int bulkIn(int endpoint, byte[] buffer, int timeoutMs) throws IOException {
        BulkInRing r = ring(endpoint, buffer.length);
        return r.read(buffer, timeoutMs);
    }

    /** The ring of queued transfers from {@code endpoint}, started by the first read. */
    private synchronized BulkInRing ring(int endpoint, int transferBytes) throws IOException {
        if (closed) {
            throw new IOException(description + " is closed");
        }
        if (ring != null) {
            if (endpoint != ringEndpoint) {
                throw new IllegalStateException(description + ": bulk reads from endpoint 0x" + Integer.toHexString(ringEndpoint)
                        + " are queued; this transport reads one IN endpoint, not also 0x" + Integer.toHexString(endpoint));
            }
            return ring;
        }
        transfers = new Transfer[QUEUED_TRANSFERS];
        TransferCallback callback = transfer -> {
            int slot = (Integer) transfer.userData();
            int status = transfer.status();
            // A timed-out transfer still carries what arrived before the timeout; cancelled ones come only from close().
            String error = status == LibUsb.TRANSFER_COMPLETED || status == LibUsb.TRANSFER_TIMED_OUT
                    || status == LibUsb.TRANSFER_CANCELLED ? null : statusName(status);
            ring.completed(slot, transfer.actualLength(), error);
        };
        BulkInRing created = new BulkInRing(endpoint, QUEUED_TRANSFERS, transferBytes, BufferUtils::allocateByteBuffer,
                new BulkInRing.Device() {
                    @Override
                    public void submit(int slot, ByteBuffer buffer) throws IOException {
                        if (transfers[slot] == null) {
                            transfers[slot] = LibUsb.allocTransfer();
                        }
                        // timeout 0: the transfer waits for data as long as it takes; close() cancels it
                        LibUsb.fillBulkTransfer(transfers[slot], handle, (byte) endpoint, buffer, callback, slot, 0);
                        int rc = LibUsb.submitTransfer(transfers[slot]);
                        if (rc != LibUsb.SUCCESS) {
                            throw new IOException(description + ": cannot queue a bulk transfer from endpoint 0x"
                                    + Integer.toHexString(endpoint) + ": " + LibUsb.strError(rc));
                        }
                    }

                    @Override
                    public void cancel(int slot) {
                        LibUsb.cancelTransfer(transfers[slot]);
                    }
                });
        ring = created;
        ringEndpoint = endpoint;
        handlingEvents = true;
        eventThread = new Thread(this::handleEvents, "usb-events " + description);
        eventThread.setDaemon(true);
        eventThread.start();
        created.start();
        LOG.info("{}: {} bulk transfers of {} bytes queued on endpoint 0x{}", description, QUEUED_TRANSFERS, transferBytes,
                Integer.toHexString(endpoint));
        return created;
    }

    private void handleEvents() {
        while (handlingEvents) {
            int rc = LibUsb.handleEventsTimeout(context, EVENT_POLL_US);
            if (rc != LibUsb.SUCCESS && rc != LibUsb.ERROR_INTERRUPTED) {
                LOG.warn("{}: libusb event handling failed: {}", description, LibUsb.strError(rc));
            }
        }
    }

    private static String statusName(int status) {
        if (status == LibUsb.TRANSFER_ERROR) {
            return "transfer error";
        }
        if (status == LibUsb.TRANSFER_STALL) {
            return "endpoint stalled";
        }
        if (status == LibUsb.TRANSFER_NO_DEVICE) {
            return "device disconnected";
        }
        if (status == LibUsb.TRANSFER_OVERFLOW) {
            return "device sent more than the buffer holds";
        }
        return "libusb transfer status " + status;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (ring != null) {
            // The buffers belong to libusb until every cancelled transfer has called back.
            if (!ring.cancelAll(1_000)) {
                LOG.warn("{}: bulk transfers still in flight after cancelling; their memory is left to libusb", description);
                transfers = null;
            }
            handlingEvents = false;
            try {
                eventThread.join(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (transfers != null) {
                for (Transfer t : transfers) {
                    if (t != null) {
                        LibUsb.freeTransfer(t);
                    }
                }
            }
        }
        LibUsb.releaseInterface(handle, interfaceNumber);
        LibUsb.close(handle);
        LibUsb.exit(context);
    }
}
