package io.dvstream.cli.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvstream.events.EventPacket;
import io.dvstream.events.sensor.SensorGeometry;
import org.junit.jupiter.api.Test;

class EventAccumulatorTest {

    @Test
    void shouldBinLargeSensorsOntoAViewOfAtMost65536Pixels() {
        assertThat(EventAccumulator.scaleFor(128, 128)).isEqualTo(1);
        assertThat(EventAccumulator.scaleFor(346, 260)).isEqualTo(2);
        assertThat(EventAccumulator.scaleFor(640, 480)).isEqualTo(3);
        assertThat(EventAccumulator.scaleFor(1280, 720)).isEqualTo(4);
        EventAccumulator imx = new EventAccumulator(SensorGeometry.IMX636);
        assertThat(imx.width() * imx.height()).isEqualTo(320 * 180).isLessThanOrEqualTo(EventAccumulator.MAX_VIEW_PIXELS);
    }

    @Test
    void shouldEncodeEachActivePixelOnceWithItsOnAndOffCounts() {
        EventAccumulator acc = new EventAccumulator(SensorGeometry.DVS128);
        EventPacket p = new EventPacket("cam", SensorGeometry.DVS128);
        p.append(10, 5, 2, true);
        p.append(11, 127, 127, false);
        p.append(12, 5, 2, false);
        p.append(13, 5, 2, true);
        acc.add(p);

        byte[] frame = acc.drain();

        int first = 2 * 128 + 5;
        int second = 127 * 128 + 127;
        assertThat(frame).containsExactly((byte) (first >> 8), (byte) first, (byte) 2, (byte) 1,
                (byte) (second >> 8), (byte) second, (byte) 0, (byte) 1);
        assertThat(acc.drain()).isEmpty();
    }

    @Test
    void shouldSaturateCountsAt255() {
        EventAccumulator acc = new EventAccumulator(SensorGeometry.DVS128);
        EventPacket p = new EventPacket("cam", SensorGeometry.DVS128);
        for (int i = 0; i < 300; i++) {
            p.append(i, 0, 0, true);
        }
        acc.add(p);
        assertThat(acc.drain()).containsExactly(0, 0, (byte) 255, 0);
    }
}
