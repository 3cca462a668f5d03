package io.dvstream.events.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvstream.events.EventPacket;
import io.dvstream.events.Packets;
import io.dvstream.events.sensor.SensorGeometry;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WireCodecTest {

    /** The test vector of docs/wire-format.md: the first three events of dvs128_alex_walking_again plus one. */
    static EventPacket vectorPacket() {
        EventPacket p = Packets.dvs128(
                41_306_606, 62, 9, 0,
                41_309_379, 80, 30, 1,
                41_309_793, 39, 30, 1,
                41_309_793, 40, 31, 0);
        p.setSequence(7);
        p.setDroppedEvents(2);
        return p;
    }

    static final String VECTOR_HEX = "d1" + "01" + "07" + "02" + "04" + "ee93d913" + "37" + "19" + "090404"
            + "f3e05aa25af3cfeb003bc0";

    private final WireCodec codec = new WireCodec();

    @Test
    void shouldEncodeTheDocumentedTestVector() {
        byte[] bytes = codec.encode(vectorPacket());
        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(VECTOR_HEX);
        assertThat(codec.decode(Packets.CAMERA, HexFormat.of().parseHex(VECTOR_HEX))).isEqualTo(vectorPacket());
    }

    @Test
    void shouldRoundTripEmptyPacketWithDropCount() {
        EventPacket p = Packets.dvs128();
        p.setSequence(1L << 40);
        p.setDroppedEvents(123_456);
        byte[] bytes = codec.encode(p);
        assertThat(bytes).hasSize(1 + 1 + 6 + 3 + 1);
        assertThat(codec.decode(Packets.CAMERA, bytes)).isEqualTo(p);
    }

    @Test
    void shouldRoundTripEverySensorAndCustomSize() {
        Random rnd = new Random(42);
        for (SensorGeometry sensor : SensorGeometry.KNOWN) {
            EventPacket p = Packets.random(rnd, sensor, 500, 1_000_000, 50);
            assertThat(codec.decode(Packets.CAMERA, codec.encode(p))).isEqualTo(p);
        }
        EventPacket custom = Packets.random(rnd, SensorGeometry.custom(34, 34), 300, 0, 3);
        assertThat(codec.decode(Packets.CAMERA, codec.encode(custom))).isEqualTo(custom);
    }

    @Test
    void shouldRoundTripExtremeValues() {
        EventPacket p = new EventPacket("edge", SensorGeometry.custom(SensorGeometry.MAX_SIDE, 1));
        p.append(0, 0, 0, false);
        p.append(0, SensorGeometry.MAX_SIDE - 1, 0, true);             // widest coordinate range
        p.append(1L << 40, 5, 0, true);                                 // a gap that needs the Rice escape
        p.append(Long.MAX_VALUE - 1, 7, 0, false);                      // the largest time there is
        p.append(Long.MAX_VALUE - 1, 7, 0, false);
        assertThat(codec.decode("edge", codec.encode(p))).isEqualTo(p);
    }

    @Test
    void shouldRoundTripManyRandomPacketsReusingOnePacket() {
        Random rnd = new Random(7);
        EventPacket into = new EventPacket("x", SensorGeometry.DVS128, 0);
        for (int round = 0; round < 300; round++) {
            SensorGeometry sensor = SensorGeometry.KNOWN.get(rnd.nextInt(SensorGeometry.KNOWN.size()));
            EventPacket p = Packets.random(rnd, sensor, rnd.nextInt(2000), rnd.nextInt(1 << 30), rnd.nextDouble() * 2000);
            byte[] bytes = codec.encode(p);
            codec.decode(Packets.CAMERA, bytes, 0, bytes.length, into);
            assertThat(into).isEqualTo(p);
        }
    }

    /**
     * Regression: the encoder threw ArrayIndexOutOfBoundsException for packets whose bit stream
     * crossed the end of its scratch buffer with a wide write (sparse packets: large kT). Fresh
     * codecs, so that every packet meets the initial 256-byte buffer.
     */
    @Test
    void shouldEncodePacketsThatOutgrowTheScratchBufferInAWideWrite() {
        for (int n = 1; n <= 300; n++) {
            for (double meanDtUs : new double[] {30, 3_000, 1_000_000}) {
                EventPacket p = Packets.random(new Random(n), SensorGeometry.DAVIS346, n, Packets.T0, meanDtUs);
                WireCodec fresh = new WireCodec();
                byte[] bytes = fresh.encode(p);
                assertThat(fresh.decode(Packets.CAMERA, bytes)).as("%d events, mean dt %s us", n, meanDtUs).isEqualTo(p);
            }
        }
    }

    /**
     * Regression: varints of 2^63 and more are negative as Java longs; the sensor code then threw
     * IllegalArgumentException, and xCenter, yCenter and the event count slipped past their range checks
     * (a negative xCenter plus a large offset gave a valid x; a count of 2^63 + 1 decoded one event).
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "d1ffffffffffffffffff01000000                   | unknown sensor code 18446744073709551615",
            "d10100000100ffffffffffffffffff010000000070     | xCenter 18446744073709551615 is outside",
            "d1010000010000ffffffffffffffffff01000000b0     | yCenter 18446744073709551615 is outside",
            "d1010000ffffffffffffffffff01000000000000       | event count 18446744073709551615 is beyond 2^63",
            "d101000081808080808080808001000000000000e0     | event count 9223372036854775809 is beyond 2^63",
    })
    void shouldRejectHeaderValuesOf2To63OrMoreAsOutOfBounds(String hex, String message) {
        byte[] bytes = HexFormat.of().parseHex(hex);
        assertThatThrownBy(() -> codec.decode(Packets.CAMERA, bytes))
                .isInstanceOfSatisfying(WireFormatException.class, e -> assertThat(e.kind()).isEqualTo(WireFormatException.Kind.BOUNDS))
                .hasMessageContaining(message);
    }

    @Test
    void shouldDecodeFromTheMiddleOfABuffer() {
        byte[] bytes = codec.encode(vectorPacket());
        byte[] framed = new byte[bytes.length + 10];
        System.arraycopy(bytes, 0, framed, 5, bytes.length);
        EventPacket into = new EventPacket("x", SensorGeometry.DAVIS346);
        codec.decode(Packets.CAMERA, framed, 5, bytes.length, into);
        assertThat(into).isEqualTo(vectorPacket());
    }

    @Test
    void shouldReportTruncationAtEveryCut() {
        Random rnd = new Random(3);
        byte[] bytes = codec.encode(Packets.random(rnd, SensorGeometry.DAVIS240, 200, 5_000, 100));
        for (int len = 0; len < bytes.length; len++) {
            int cut = len;
            assertThatThrownBy(() -> codec.decode(Packets.CAMERA, Arrays.copyOf(bytes, cut)))
                    .as("record cut to %d of %d bytes", cut, bytes.length)
                    .isInstanceOfSatisfying(WireFormatException.class,
                            e -> assertThat(e.kind()).isIn(WireFormatException.Kind.TRUNCATED, WireFormatException.Kind.VERSION));
        }
    }

    @Test
    void shouldRejectTrailingBytes() {
        byte[] bytes = codec.encode(vectorPacket());
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
        assertThatThrownBy(() -> codec.decode(Packets.CAMERA, longer))
                .isInstanceOfSatisfying(WireFormatException.class, e -> {
                    assertThat(e.kind()).isEqualTo(WireFormatException.Kind.CORRUPT);
                    assertThat(e.offset()).isEqualTo(bytes.length);
                })
                .hasMessageContaining("1 unexpected bytes after the packet");
    }

    @Test
    void shouldRejectNonZeroPadding() {
        byte[] bytes = codec.encode(vectorPacket());
        bytes[bytes.length - 1] |= 1;
        assertThatThrownBy(() -> codec.decode(Packets.CAMERA, bytes)).hasMessageContaining("padding bits");
    }

    @Test
    void shouldNameTheVersionItCannotRead() {
        byte[] bytes = codec.encode(vectorPacket());
        bytes[0] = (byte) 0xD2;
        assertThatThrownBy(() -> codec.decode(Packets.CAMERA, bytes))
                .isInstanceOfSatisfying(WireFormatException.class, e -> assertThat(e.kind()).isEqualTo(WireFormatException.Kind.VERSION))
                .hasMessageContaining("unsupported dvstream wire format version 2");
        bytes[0] = '{';
        assertThatThrownBy(() -> codec.decode(Packets.CAMERA, bytes)).hasMessageContaining("not a dvstream packet: format byte 0x7B");
    }

    @Test
    void shouldRejectCoordinatesOutsideTheSensor() {
        byte[] bytes = codec.encode(vectorPacket());
        bytes[1] = 0; // sensor code -> custom, the next varints become the size: 7x2, too small for x = 80
        assertThatThrownBy(() -> codec.decode(Packets.CAMERA, bytes))
                .isInstanceOf(WireFormatException.class)
                .satisfies(e -> assertThat(((WireFormatException) e).kind())
                        .isIn(WireFormatException.Kind.BOUNDS, WireFormatException.Kind.TRUNCATED));
        byte[] unknownSensor = codec.encode(vectorPacket());
        unknownSensor[1] = 60;
        assertThatThrownBy(() -> codec.decode(Packets.CAMERA, unknownSensor)).hasMessageContaining("unknown sensor code 60");
    }

    @Test
    void shouldRejectAnEventCountTheRecordCannotHold() {
        // header of an announced billion events followed by 4 bytes
        byte[] bytes = HexFormat.of().parseHex("d1" + "01" + "00" + "00" + "8094ebdc03" + "00" + "00" + "00" + "000000" + "ffffffff");
        assertThatThrownBy(() -> codec.decode(Packets.CAMERA, bytes))
                .hasMessageContaining("event count 1000000000 cannot fit in the 4 bytes");
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void shouldFailOnlyWithWireFormatExceptionOnRandomCorruption(long seed) {
        Random rnd = new Random(seed);
        EventPacket p = Packets.random(rnd, SensorGeometry.DVS128, 100, 41_000_000, 359);
        byte[] good = codec.encode(p);
        EventPacket into = new EventPacket("x", SensorGeometry.DVS128);
        int decodedAnyway = 0;
        for (int i = 0; i < 2_000; i++) {
            byte[] bad = good.clone();
            int flips = 1 + rnd.nextInt(3);
            for (int f = 0; f < flips; f++) {
                bad[rnd.nextInt(bad.length)] ^= (byte) (1 << rnd.nextInt(8));
            }
            try {
                codec.decode(Packets.CAMERA, bad, 0, bad.length, into);
                decodedAnyway++;
                // A flipped bit can still be a valid packet; then it must be a consistent one.
                assertThat(into.size()).isLessThanOrEqualTo(bad.length * 8 / 3);
            } catch (WireFormatException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
        assertThat(decodedAnyway).isLessThan(2_000);
    }
}
