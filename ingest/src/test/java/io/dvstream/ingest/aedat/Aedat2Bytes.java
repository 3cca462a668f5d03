package io.dvstream.ingest.aedat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Builds small AEDAT 2.0 files for tests: header lines as given, then big-endian (address, timestamp) records. */
final class Aedat2Bytes {

    static final String DVS128_CHIP = "# AEChip: ch.unizh.ini.jaer.chip.retina.DVS128";
    static final String DAVIS240_CHIP = "# AEChip: eu.seebetter.ini.chips.davis.DAVIS240C";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** Each line is written followed by {@code lineEnd} ("\r\n" like jAER, "\n" like third-party writers). */
    Aedat2Bytes header(String lineEnd, String... lines) {
        for (String line : lines) {
            out.writeBytes((line + lineEnd).getBytes(StandardCharsets.ISO_8859_1));
        }
        return this;
    }

    Aedat2Bytes record(int address, int timestamp) {
        out.writeBytes(ByteBuffer.allocate(8).putInt(address).putInt(timestamp).array());
        return this;
    }

    Aedat2Bytes bytes(byte... raw) {
        out.writeBytes(raw);
        return this;
    }

    byte[] build() {
        return out.toByteArray();
    }

    /** A DVS128 raw address for a top-left (x, y) event. */
    static int dvs128(int x, int y, boolean on) {
        return ((127 - y) << 8) | ((127 - x) << 1) | (on ? 0 : 1);
    }

    /** A DAVIS240 raw DVS address for a top-left (x, y) event. */
    static int davis240(int x, int y, boolean on) {
        return ((179 - y) << 22) | ((239 - x) << 12) | (on ? 0x800 : 0);
    }
}
