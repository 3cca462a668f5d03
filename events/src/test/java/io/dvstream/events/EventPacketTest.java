package io.dvstream.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvstream.events.sensor.SensorGeometry;
import org.junit.jupiter.api.Test;

class EventPacketTest {

    @Test
    void shouldStoreEventsAsColumns() {
        EventPacket p = Packets.dvs128(10, 1, 2, 1, 12, 127, 127, 0);
        assertThat(p.size()).isEqualTo(2);
        assertThat(p.tUs(1)).isEqualTo(12);
        assertThat(p.x(1)).isEqualTo(127);
        assertThat(p.isOn(0)).isTrue();
        assertThat(p.isOn(1)).isFalse();
        assertThat(p.polarity(0)).isEqualTo(EventPacket.ON);
        assertThat(p.firstTUs()).isEqualTo(10);
        assertThat(p.lastTUs()).isEqualTo(12);
    }

    @Test
    void shouldRejectOutOfOrderTimestampNamingCameraAndTimes() {
        EventPacket p = Packets.dvs128(100, 1, 1, 1);
        assertThatThrownBy(() -> p.append(99, 1, 1, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("camera cam-0")
                .hasMessageContaining("99 us is before the previous event's 100 us");
        assertThat(p.size()).isEqualTo(1);
    }

    @Test
    void shouldAcceptEqualTimestamps() {
        EventPacket p = Packets.dvs128(100, 1, 1, 1, 100, 2, 2, 0);
        assertThat(p.size()).isEqualTo(2);
    }

    @Test
    void shouldRejectCoordinatesOutsideSensor() {
        EventPacket p = new EventPacket("c", SensorGeometry.DAVIS346);
        assertThatThrownBy(() -> p.append(0, 346, 0, true)).hasMessageContaining("(346, 0) is outside the davis346 346x260");
        assertThatThrownBy(() -> p.append(0, 0, -1, true)).hasMessageContaining("outside");
        p.append(0, 345, 259, true);
        assertThat(p.size()).isEqualTo(1);
    }

    @Test
    void shouldReuseBuffersAfterClear() {
        EventPacket p = new EventPacket("c", SensorGeometry.DVS128, 4);
        for (int i = 0; i < 100; i++) {
            p.append(i, 0, 0, true);
        }
        long[] before = p.tUsArray();
        p.setSequence(5);
        p.clear();
        assertThat(p.size()).isZero();
        assertThat(p.sequence()).isZero();
        for (int i = 0; i < 100; i++) {
            p.append(i, 0, 0, false);
        }
        assertThat(p.tUsArray()).isSameAs(before);
    }

    @Test
    void shouldCompareByContentNotCapacity() {
        EventPacket a = Packets.dvs128(1, 2, 3, 1);
        EventPacket b = new EventPacket(Packets.CAMERA, SensorGeometry.DVS128, 1000);
        b.append(1, 2, 3, true);
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.copy()).isEqualTo(a);
        b.setDroppedEvents(1);
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void shouldRefuseSensorChangeWhileHoldingEvents() {
        EventPacket p = Packets.dvs128(1, 2, 3, 1);
        assertThatThrownBy(() -> p.setSensor(SensorGeometry.DAVIS240)).isInstanceOf(IllegalStateException.class);
        p.clear();
        p.setSensor(SensorGeometry.DAVIS240);
        assertThat(p.sensor()).isEqualTo(SensorGeometry.DAVIS240);
    }

    @Test
    void shouldRejectNegativeCounters() {
        EventPacket p = Packets.dvs128();
        assertThatThrownBy(() -> p.setSequence(-1)).hasMessage("sequence must be >= 0, was -1");
        assertThatThrownBy(() -> p.setDroppedEvents(-2)).hasMessage("droppedEvents must be >= 0, was -2");
        assertThatThrownBy(() -> new EventPacket("", SensorGeometry.DVS128)).hasMessage("cameraId must not be empty");
    }
    @Test
    void shouldAppendAllLikeAppendingEachEvent() {
        long[] t = {5, 10, 10, 12, 20};
        short[] x = {0, 1, 127, 3, 4};
        short[] y = {9, 8, 7, 127, 0};
        byte[] p = {1, 0, 1, 1, 0};
        EventPacket bulk = new EventPacket("cam-0", SensorGeometry.DVS128, 2);
        bulk.append(5, 0, 0, true);
        bulk.appendAll(t, x, y, p, 1, 4);
        bulk.appendAll(t, x, y, p, 4, 0);
        EventPacket single = new EventPacket("cam-0", SensorGeometry.DVS128, 2);
        single.append(5, 0, 0, true);
        for (int i = 1; i < 5; i++) {
            single.append(t[i], x[i], y[i], p[i] == EventPacket.ON);
        }
        assertThat(bulk).isEqualTo(single);
        assertThat(bulk.size()).isEqualTo(5);
    }

    @Test
    void shouldRejectAppendAllRunWithoutChangingThePacket() {
        EventPacket p = Packets.dvs128(100, 1, 1, 1);
        EventPacket before = p.copy();
        assertThatThrownBy(() -> p.appendAll(new long[] {99}, new short[] {1}, new short[] {1}, new byte[] {1}, 0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("99 us is before the previous event's 100 us (event 1)");
        assertThatThrownBy(() -> p.appendAll(new long[] {100, 101, 100}, new short[] {1, 1, 1}, new short[] {1, 1, 1},
                new byte[] {1, 1, 1}, 0, 3))
                .hasMessageContaining("100 us is before the previous event's 101 us (event 3)");
        assertThatThrownBy(() -> p.appendAll(new long[] {100, 101}, new short[] {1, 128}, new short[] {1, 1},
                new byte[] {1, 1}, 0, 2))
                .hasMessageContaining("event (128, 1) is outside");
        assertThatThrownBy(() -> p.appendAll(new long[] {100}, new short[] {1}, new short[] {-1}, new byte[] {1}, 0, 1))
                .hasMessageContaining("event (1, -1) is outside");
        assertThatThrownBy(() -> p.appendAll(new long[] {100}, new short[] {1}, new short[] {1}, new byte[] {2}, 0, 1))
                .hasMessageContaining("polarity 2");
        assertThatThrownBy(() -> p.appendAll(new long[] {100}, new short[] {1}, new short[] {1}, new byte[] {1}, 0, 2))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(p).isEqualTo(before);
    }
}
