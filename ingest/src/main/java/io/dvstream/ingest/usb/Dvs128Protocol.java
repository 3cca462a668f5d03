package io.dvstream.ingest.usb;

/**
 * The DVS128's USB identity and vendor requests (Cypress FX2 firmware; formats.md section 5, from
 * jAER's {@code CypressFX2LibUsbDVS128HardwareInterface} and libcaer's {@code dvs128.c}).
 */
public final class Dvs128Protocol {

    /** Thesycon vendor id licensed to INI/jAER. */
    public static final int VENDOR_ID = 0x152A;
    public static final int PRODUCT_ID = 0x8400;
    public static final int CONFIGURATION = 1;
    public static final int INTERFACE = 0;
    /** Bulk IN endpoint 6: the event stream. */
    public static final int EVENT_ENDPOINT = 0x86;

    /** Start event transfer (enable EP6 IN). */
    public static final int VR_START_TRANSFER = 0xB3;
    /** Stop event transfer. */
    public static final int VR_STOP_TRANSFER = 0xB4;
    /** Send biases: 36 bytes of data. */
    public static final int VR_SEND_BIASES = 0xB8;
    /** Zero the device's timestamp counter (the device answers with a reset event). */
    public static final int VR_RESET_TIMESTAMPS = 0xBB;

    private Dvs128Protocol() {
    }
}
