package io.dvstream.ingest.usb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvstream.events.EventPacket;
import io.dvstream.events.sensor.SensorGeometry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The DVS128 USB driver on synthesised byte streams through {@link FakeUsbTransport}. */
class Dvs128UsbTest {

    /** A 4-byte word as the FX2 sends it: little-endian address, little-endian timestamp. */
    private static byte[] word(int address, int timestamp) {
        return new byte[] {(byte) address, (byte) (address >>> 8), (byte) timestamp, (byte) (timestamp >>> 8)};
    }

    /** formats.md 1.4 written by hand: raw y bits 14-8, raw x bits 7-1, bit 0 = 0 for ON, top-left flip. */
    private static int address(int x, int y, boolean on) {
        return ((127 - y) << 8) | ((127 - x) << 1) | (on ? 0 : 1);
    }

    private static final byte[] WRAP = word(0, 0x8000);
    private static final byte[] RESET = word(0, 0x4000);

    @Test
    void shouldEncodeJaersDefaultBiasesMostSignificantByteFirst() {
        byte[] b = Dvs128Biases.JAER_DEFAULTS.toBytes();
        assertThat(b).hasSize(36);
        // cas = 556 = 0x00022C, then injGnd = 1108364 = 0x10E98C, ... Pr = 917 = 0x000395 last.
        assertThat(b).startsWith((byte) 0x00, (byte) 0x02, (byte) 0x2C, (byte) 0x10, (byte) 0xE9, (byte) 0x8C);
        assertThat(b).endsWith((byte) 0x00, (byte) 0x03, (byte) 0x95);
        assertThatThrownBy(() -> new Dvs128Biases(1 << 24, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
                .hasMessage("bias cas must be a 24-bit code 0..16777215, was 16777216");
    }

    @Test
    void shouldParseEventsWrapsResetsAndSyncEvents() {
        Dvs128EventParser parser = new Dvs128EventParser();
        EventPacket out = new EventPacket("cam", SensorGeometry.DVS128);
        byte[] stream = FakeUsbTransport.concat(
                word(address(3, 4, true), 100),
                WRAP, WRAP,
                word(address(127, 0, false), 5),      // 2 x 16384 + 5
                word(0x8000 | address(0, 0, true), 7), // external sync input: no pixel
                RESET,
                word(address(0, 127, true), 50),        // new epoch: jumps back, clock stays monotone
                word(address(1, 1, false), 80),
                new byte[] {1, 2});                     // ragged tail
        parser.parse(stream, stream.length, out);

        assertThat(out.size()).isEqualTo(4);
        assertThat(out.tUs(0)).isEqualTo(100);
        assertThat(out.x(0)).isEqualTo(3);
        assertThat(out.y(0)).isEqualTo(4);
        assertThat(out.isOn(0)).isTrue();
        assertThat(out.tUs(1)).isEqualTo(2 * 16_384 + 5);
        assertThat(out.x(1)).isEqualTo(127);
        assertThat(out.isOn(1)).isFalse();
        assertThat(out.tUs(2)).as("after the reset, continues from the latest time").isEqualTo(2 * 16_384 + 5);
        assertThat(out.tUs(3)).isEqualTo(2 * 16_384 + 5 + 30);
        assertThat(out.y(2)).isEqualTo(127);
        assertThat(parser.wraps()).isEqualTo(2);
        assertThat(parser.resets()).isEqualTo(1);
        assertThat(parser.syncEvents()).isEqualTo(1);
        assertThat(parser.raggedBytes()).isEqualTo(2);
    }

    @Test
    void shouldKeepCountingTimePast32BitsOfWraps() {
        Dvs128EventParser parser = new Dvs128EventParser();
        EventPacket out = new EventPacket("cam", SensorGeometry.DVS128);
        int wraps = 300_000; // 300,000 x 16,384 us = 4.9e9 us > 2^32
        byte[] stream = new byte[(wraps + 1) * 4];
        for (int i = 0; i < wraps; i++) {
            System.arraycopy(WRAP, 0, stream, 4 * i, 4);
        }
        System.arraycopy(word(address(9, 9, true), 1), 0, stream, 4 * wraps, 4);
        parser.parse(stream, stream.length, out);
        assertThat(out.tUs(0)).isEqualTo(300_000L * 16_384 + 1).isGreaterThan(1L << 32);
    }

    @Test
    void shouldConfigureStartReadAndStopTheCameraInJaersOrder() throws Exception {
        FakeUsbTransport usb = new FakeUsbTransport();
        usb.transfers.add(FakeUsbTransport.concat(word(address(10, 20, true), 10), word(address(11, 21, false), 20)));
        usb.transfers.add(FakeUsbTransport.concat(WRAP, word(address(12, 22, true), 30)));
        Dvs128Camera camera = new Dvs128Camera(usb, Dvs128Biases.JAER_DEFAULTS, "cam", "DVS128 (fake)");
        List<EventPacket> batches = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try {
                camera.run(b -> batches.add(b.copy()));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        reader.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (batches.stream().mapToInt(EventPacket::size).sum() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        camera.close();
        reader.join(5_000);

        assertThat(usb.requests()).containsExactly(Dvs128Protocol.VR_SEND_BIASES, Dvs128Protocol.VR_RESET_TIMESTAMPS,
                Dvs128Protocol.VR_START_TRANSFER, Dvs128Protocol.VR_STOP_TRANSFER);
        assertThat(usb.controls.get(0).data()).isEqualTo(Dvs128Biases.JAER_DEFAULTS.toBytes());
        assertThat(usb.endpoints).containsOnly(Dvs128Protocol.EVENT_ENDPOINT);
        assertThat(usb.closed).isTrue();
        List<long[]> events = new ArrayList<>();
        for (EventPacket p : batches) {
            for (int i = 0; i < p.size(); i++) {
                events.add(new long[] {p.tUs(i), p.x(i), p.y(i), p.isOn(i) ? 1 : 0});
            }
        }
        assertThat(events).containsExactly(new long[] {10, 10, 20, 1}, new long[] {20, 11, 21, 0},
                new long[] {16_384 + 30, 12, 22, 1});
        assertThat(camera.counters()).containsEntry("usb_wrap_events_total", 1L).containsEntry("source_events_total", 3L);
        assertThat(Dvs128Protocol.VENDOR_ID).isEqualTo(0x152A);
        assertThat(Dvs128Protocol.PRODUCT_ID).isEqualTo(0x8400);
    }
}
