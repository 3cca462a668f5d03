package io.dvstream.ingest.jaer;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvstream.events.EventPacket;
import io.dvstream.ingest.aedat.AddressLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** The jAER UDP options, on datagrams built by hand from formats.md 4.2 (synthetic data). */
class JaerDatagramDecoderTest {

    // DVS128 raw address of top-left (x=10, y=20), ON: rawX = 117, rawY = 107, bit 0 clear.
    private static final int DVS128_10_20_ON = (107 << 8) | (117 << 1);
    // DAVIS346 raw address of top-left (x=300, y=5), OFF: rawX = 45, rawY = 254, bit 11 clear.
    private static final int DAVIS346_300_5_OFF = (254 << 22) | (45 << 12);
    // DVXplorer raw address of top-left (x=600, y=400), ON: rawX = 39, rawY = 79, bit 11 set.
    private static final int DVXPLORER_600_400_ON = (79 << 22) | (39 << 12) | 0x800;

    @Test
    void shouldReadBigEndianByDefault() {
        EventPacket out = decode(JaerUdpFormat.DEFAULT, AddressLayout.DVS128,
                ByteBuffer.allocate(12).putInt(1).putInt(DVS128_10_20_ON).putInt(123_456));
        assertEvent(out, 123_456, 10, 20, true);
    }

    @Test
    void shouldReadLittleEndianWhenBytesAreSwapped() {
        EventPacket out = decode(JaerUdpFormat.DEFAULT.withSwapBytes(true), AddressLayout.DAVIS346,
                ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putInt(7).putInt(DAVIS346_300_5_OFF).putInt(99));
        assertEvent(out, 99, 300, 5, false);
        assertThat(out.sequence()).isEqualTo(7);
    }

    @Test
    void shouldDecodeDvxplorerAddressesWithTheDavisPacking() {
        EventPacket out = decode(JaerUdpFormat.DEFAULT, AddressLayout.DVXPLORER,
                ByteBuffer.allocate(12).putInt(1).putInt(DVXPLORER_600_400_ON).putInt(5));
        assertEvent(out, 5, 600, 400, true);
    }

    @Test
    void shouldReadSixteenBitFieldsAndUnwrapTheirTimestamps() {
        JaerDatagramDecoder decoder = new JaerDatagramDecoder(JaerUdpFormat.DEFAULT.withFourByteFields(false), AddressLayout.DVS128);
        EventPacket out = new EventPacket("cam", AddressLayout.DVS128.sensor());
        ByteBuffer d = ByteBuffer.allocate(4 + 3 * 4).putInt(1)
                .putShort((short) DVS128_10_20_ON).putShort((short) 65_000)
                .putShort((short) DVS128_10_20_ON).putShort((short) 65_535)
                .putShort((short) DVS128_10_20_ON).putShort((short) 10); // wrapped: 65,536 + 10
        assertThat(decoder.decode(d.flip(), out, "test")).isEqualTo(JaerDatagramDecoder.Outcome.DECODED);
        assertThat(out.size()).isEqualTo(3);
        assertThat(out.tUs(0)).isEqualTo(65_000);
        assertThat(out.tUs(1)).isEqualTo(65_535);
        assertThat(out.tUs(2)).isEqualTo(65_546);
    }

    @Test
    void shouldScaleTimestampsByTheMultiplier() {
        EventPacket out = decode(JaerUdpFormat.DEFAULT.withTimestampMultiplier(1000), AddressLayout.DVS128,
                ByteBuffer.allocate(12).putInt(1).putInt(DVS128_10_20_ON).putInt(42));
        assertEvent(out, 42_000, 10, 20, true);
    }

    @Test
    void shouldReadDatagramsWithoutSequenceNumbers() {
        EventPacket out = decode(JaerUdpFormat.DEFAULT.withSequenceNumbers(false), AddressLayout.DVS128,
                ByteBuffer.allocate(8).putInt(DVS128_10_20_ON).putInt(17));
        assertEvent(out, 17, 10, 20, true);
    }

    @Test
    void shouldSkipAndCountSpecialApsAndImuWords() {
        JaerDatagramDecoder decoder = new JaerDatagramDecoder(JaerUdpFormat.DEFAULT, AddressLayout.DAVIS240);
        EventPacket out = new EventPacket("cam", AddressLayout.DAVIS240.sensor());
        ByteBuffer d = ByteBuffer.allocate(4 + 3 * 8).putInt(1)
                .putInt(0x8000_0000).putInt(1)   // APS sample
                .putInt(0x8000_0C00).putInt(2)   // IMU word
                .putInt(0x403).putInt(3);        // external input, rising edge
        decoder.decode(d.flip(), out, "test");
        assertThat(out.isEmpty()).isTrue();
        assertThat(decoder.apsImuWords()).isEqualTo(2);
        assertThat(decoder.specialEvents()).isEqualTo(1);
    }

    private static EventPacket decode(JaerUdpFormat format, AddressLayout layout, ByteBuffer datagram) {
        JaerDatagramDecoder decoder = new JaerDatagramDecoder(format, layout);
        EventPacket out = new EventPacket("cam", layout.sensor());
        assertThat(decoder.decode(datagram.flip(), out, "test")).isEqualTo(JaerDatagramDecoder.Outcome.DECODED);
        return out;
    }

    private static void assertEvent(EventPacket p, long t, int x, int y, boolean on) {
        assertThat(p.size()).isEqualTo(1);
        assertThat(p.tUs(0)).isEqualTo(t);
        assertThat(p.x(0)).isEqualTo(x);
        assertThat(p.y(0)).isEqualTo(y);
        assertThat(p.isOn(0)).isEqualTo(on);
    }
}
