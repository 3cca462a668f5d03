package io.dvstream.ingest.usb;

/**
 * The DVS128's 12 bias currents as 24-bit codes, in the order they are shifted into the chip (far
 * end first), as the {@link Dvs128Protocol#VR_SEND_BIASES} request sends them: 3 bytes each, most
 * significant first.
 */
public record Dvs128Biases(int cas, int injGnd, int reqPd, int puX, int diffOff, int req, int refr, int puY, int diffOn,
        int diff, int foll, int pr) {

    /** jAER's stock {@code DVS128.xml} values (formats.md 5.2). */
    public static final Dvs128Biases JAER_DEFAULTS = new Dvs128Biases(556, 1_108_364, 16_777_215, 8_159_221, 357, 159_147,
            256, 16_777_215, 177_813, 8_903, 2, 917);

    public static final int MAX_CODE = 0xFF_FFFF;

    public Dvs128Biases {
        int[] all = {cas, injGnd, reqPd, puX, diffOff, req, refr, puY, diffOn, diff, foll, pr};
        String[] names = {"cas", "injGnd", "reqPd", "puX", "diffOff", "req", "refr", "puY", "diffOn", "diff", "foll", "Pr"};
        for (int i = 0; i < all.length; i++) {
            if (all[i] < 0 || all[i] > MAX_CODE) {
                throw new IllegalArgumentException("bias " + names[i] + " must be a 24-bit code 0.." + MAX_CODE + ", was " + all[i]);
            }
        }
    }

    /** The 36-byte data stage of the send-biases request. */
    public byte[] toBytes() {
        int[] all = {cas, injGnd, reqPd, puX, diffOff, req, refr, puY, diffOn, diff, foll, pr};
        byte[] out = new byte[all.length * 3];
        for (int i = 0; i < all.length; i++) {
            out[3 * i] = (byte) (all[i] >>> 16);
            out[3 * i + 1] = (byte) (all[i] >>> 8);
            out[3 * i + 2] = (byte) all[i];
        }
        return out;
    }
}
