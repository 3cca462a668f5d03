package io.dvstream.events.binning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvstream.events.EventPacket;
import io.dvstream.events.Packets;
import io.dvstream.events.sensor.SensorGeometry;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameBinnerTest {

    /** Collects copies of the frames and the restarts. */
    static final class Collector implements FrameListener {
        final List<Frame> frames = new ArrayList<>();
        final List<long[]> restarts = new ArrayList<>();

        @Override
        public void onFrame(Frame frame) {
            frames.add(frame.copy());
        }

        @Override
        public void onRestart(long lastUs, long nextUs) {
            restarts.add(new long[] {lastUs, nextUs});
        }
    }

    private final Collector out = new Collector();

    @Test
    void shouldCountEventsPerPolarityAndPixel() {
        FrameBinner binner = new FrameBinner(BinningConfig.of(1_000, 128, 128), SensorGeometry.DVS128);
        binner.accept(Packets.dvs128(10_000, 3, 4, 1, 10_100, 3, 4, 1, 10_200, 3, 4, 0, 11_000, 0, 0, 1), out);
        assertThat(out.frames).hasSize(1);
        Frame f = out.frames.get(0);
        assertThat(f.startUs()).isEqualTo(10_000);
        assertThat(f.endUs()).isEqualTo(11_000);
        assertThat(f.count(1, 3, 4)).isEqualTo(2f);
        assertThat(f.count(0, 3, 4)).isEqualTo(1f);
        assertThat(f.eventCount()).isEqualTo(3);
        assertThat(sum(f)).isEqualTo(3f);
    }

    @Test
    void shouldEmitEmptyFrameWhenBinHasNoEvents() {
        FrameBinner binner = new FrameBinner(BinningConfig.of(1_000, 128, 128), SensorGeometry.DVS128);
        binner.accept(Packets.dvs128(500, 1, 1, 1, 3_500, 2, 2, 1), out);
        assertThat(out.frames).extracting(Frame::index).containsExactly(0L, 1L, 2L);
        assertThat(out.frames).extracting(Frame::startUs).containsExactly(0L, 1_000L, 2_000L);
        assertThat(out.frames).extracting(Frame::eventCount).containsExactly(1, 0, 0);
        assertThat(sum(out.frames.get(1))).isZero();
    }

    @Test
    void shouldAlignTheOriginToTheBinWidthOnTheCameraClock() {
        FrameBinner binner = new FrameBinner(BinningConfig.of(10_000, 128, 128), SensorGeometry.DVS128);
        binner.accept(Packets.dvs128(Packets.T0, 1, 1, 1), out);
        assertThat(binner.openFrameStartUs()).isEqualTo(41_300_000L);
    }

    @Test
    void shouldGiveTheSameFramesHoweverEventsArePacketised() {
        Random rnd = new Random(11);
        EventPacket all = Packets.random(rnd, SensorGeometry.DVS128, 5_000, Packets.T0, 359);
        BinningConfig config = BinningConfig.of(10_000, 64, 64);

        FrameBinner whole = new FrameBinner(config, SensorGeometry.DVS128);
        whole.accept(all, out);

        Collector split = new Collector();
        FrameBinner pieces = new FrameBinner(config, SensorGeometry.DVS128);
        int i = 0;
        while (i < all.size()) {
            int n = 1 + rnd.nextInt(300);
            EventPacket part = new EventPacket(Packets.CAMERA, SensorGeometry.DVS128);
            for (int j = i; j < Math.min(all.size(), i + n); j++) {
                part.append(all.tUs(j), all.x(j), all.y(j), all.isOn(j));
            }
            pieces.accept(part, split);
            i += n;
        }
        assertThat(split.frames).isEqualTo(out.frames);
        assertThat(out.frames).hasSizeGreaterThan(150);
    }

    @Test
    void shouldStartEveryFrameFromZeroAfterDenseAndSparseFrames() {
        Random rnd = new Random(5);
        FrameBinner binner = new FrameBinner(BinningConfig.of(1_000, 128, 128), SensorGeometry.DVS128);
        EventPacket p = new EventPacket(Packets.CAMERA, SensorGeometry.DVS128);
        for (int i = 0; i < 20_000; i++) {   // frame 0: dense, more cells than the sparse clear tracks
            p.append(i / 20, rnd.nextInt(128), rnd.nextInt(128), rnd.nextBoolean());
        }
        for (int i = 0; i < 30; i++) {       // frame 1: sparse
            p.append(1_000 + i, rnd.nextInt(128), rnd.nextInt(128), rnd.nextBoolean());
        }
        p.append(2_000, 5, 5, true);         // frame 2: one event
        p.append(3_000, 6, 6, true);
        binner.accept(p, out);
        assertThat(out.frames).extracting(Frame::eventCount).containsExactly(20_000, 30, 1);
        assertThat(out.frames).extracting(FrameBinnerTest::sum).containsExactly(20_000f, 30f, 1f);
    }

    @Test
    void shouldScaleSensorCoordinatesSoCountsAddUp() {
        FrameBinner binner = new FrameBinner(BinningConfig.of(1_000, 64, 64), SensorGeometry.DVS128);
        binner.accept(Packets.dvs128(0, 0, 0, 1, 1, 1, 0, 1, 2, 0, 1, 1, 3, 1, 1, 1, 4, 127, 127, 0, 1_000, 5, 5, 1), out);
        Frame f = out.frames.get(0);
        assertThat(f.width()).isEqualTo(64);
        assertThat(f.count(1, 0, 0)).isEqualTo(4f);
        assertThat(f.count(0, 63, 63)).isEqualTo(1f);
        assertThat(sum(f)).isEqualTo(5f);
    }

    @Test
    void shouldDropEventsOutsideTheRegionOfInterest() {
        BinningConfig config = BinningConfig.of(1_000, 128, 128).withRoi(new RegionOfInterest(109, 66, 128, 128));
        FrameBinner binner = new FrameBinner(config, SensorGeometry.DAVIS346);
        EventPacket p = new EventPacket("c", SensorGeometry.DAVIS346);
        p.append(0, 109, 66, true);   // region's top-left -> (0, 0)
        p.append(1, 236, 193, false); // region's bottom-right -> (127, 127)
        p.append(2, 108, 70, true);   // left of the region
        p.append(3, 237, 70, true);   // right of it
        p.append(1_000, 0, 0, true);
        binner.accept(p, out);
        Frame f = out.frames.get(0);
        assertThat(f.count(1, 0, 0)).isEqualTo(1f);
        assertThat(f.count(0, 127, 127)).isEqualTo(1f);
        assertThat(f.eventCount()).isEqualTo(2);
    }

    @Test
    void shouldRejectRegionOutsideSensor() {
        BinningConfig config = BinningConfig.of(1_000, 128, 128).withRoi(new RegionOfInterest(0, 0, 129, 128));
        assertThatThrownBy(() -> new FrameBinner(config, SensorGeometry.DVS128)).hasMessageContaining("does not fit");
    }

    @Test
    void shouldRestartWhenTheClockGoesBack() {
        FrameBinner binner = new FrameBinner(BinningConfig.of(1_000, 128, 128), SensorGeometry.DVS128);
        binner.accept(Packets.dvs128(50_000, 1, 1, 1, 50_500, 1, 1, 1), out);
        binner.accept(Packets.dvs128(200, 2, 2, 1, 1_300, 2, 2, 1), out);
        assertThat(out.restarts).hasSize(1);
        assertThat(out.restarts.get(0)).containsExactly(50_500, 200);
        assertThat(out.frames).extracting(Frame::index).containsExactly(0L, 0L);
        assertThat(out.frames).extracting(Frame::startUs).containsExactly(50_000L, 0L);
        assertThat(out.frames).extracting(Frame::eventCount).containsExactly(2, 1);
        assertThat(binner.restarts()).isEqualTo(1);
    }

    @Test
    void shouldRestartInsteadOfBridgingAGapLongerThanTheLimit() {
        BinningConfig config = BinningConfig.of(1_000, 128, 128).withMaxGapUs(5_000);
        FrameBinner binner = new FrameBinner(config, SensorGeometry.DVS128);
        binner.accept(Packets.dvs128(0, 1, 1, 1, 4_000, 1, 1, 1), out); // 4 ms silence: bridged
        assertThat(out.frames).hasSize(4);
        binner.accept(Packets.dvs128(60_000, 1, 1, 1), out);             // 56 ms: restart
        assertThat(out.restarts).hasSize(1);
        assertThat(out.frames).hasSize(5);
        assertThat(binner.openFrameIndex()).isZero();
    }

    @Test
    void shouldCloseIdleFramesOnRequestButNotBeyondTheGapLimit() {
        BinningConfig config = BinningConfig.of(1_000, 128, 128).withMaxGapUs(3_000);
        FrameBinner binner = new FrameBinner(config, SensorGeometry.DVS128);
        binner.accept(Packets.dvs128(100, 1, 1, 1), out);
        binner.closeUntil(2_000, out);
        assertThat(out.frames).extracting(Frame::startUs).containsExactly(0L, 1_000L);
        binner.closeUntil(1_000_000, out);
        assertThat(out.frames).extracting(Frame::startUs).containsExactly(0L, 1_000L, 2_000L);
    }

    @Test
    void shouldRejectPacketsFromAnotherSensor() {
        FrameBinner binner = new FrameBinner(BinningConfig.of(1_000, 128, 128), SensorGeometry.DVS128);
        EventPacket p = new EventPacket("davis", SensorGeometry.DAVIS240);
        assertThatThrownBy(() -> binner.accept(p, out)).hasMessageContaining("camera davis: packet from a davis240");
    }

    @Test
    void shouldValidateConfiguration() {
        assertThatThrownBy(() -> BinningConfig.of(0, 128, 128)).hasMessage("binWidthUs must be >= 1, was 0");
        assertThatThrownBy(() -> BinningConfig.of(1000, 0, 128)).hasMessage("output size must be >= 1x1, was 0x128");
        assertThatThrownBy(() -> BinningConfig.of(1000, 128, 128).withMaxGapUs(10))
                .hasMessage("maxGapUs must be >= binWidthUs (1000), was 10");
        assertThatThrownBy(() -> RegionOfInterest.parse("1,2,3")).hasMessageContaining("X,Y,WIDTH,HEIGHT");
        assertThat(RegionOfInterest.parse("1, 2, 3, 4")).isEqualTo(new RegionOfInterest(1, 2, 3, 4));
    }

    private static float sum(Frame f) {
        float s = 0;
        for (float v : f.counts()) {
            s += v;
        }
        return s;
    }
}
