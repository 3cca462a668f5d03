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

/** Snapshot and restore of a {@link FrameBinner}, and the sparse form of frames. */
class BinnerStateTest {

    private static final BinningConfig CONFIG = BinningConfig.of(1_000, 64, 64).withMaxGapUs(20_000);

    @Test
    void shouldContinueExactlyWhenEveryPacketGoesToAFreshBinnerRestoredFromASnapshot() {
        List<EventPacket> packets = stream(new Random(7));
        FrameBinnerTest.Collector whole = new FrameBinnerTest.Collector();
        FrameBinner reference = new FrameBinner(CONFIG, SensorGeometry.DVS128);
        packets.forEach(p -> reference.accept(p, whole));

        FrameBinnerTest.Collector pieces = new FrameBinnerTest.Collector();
        BinnerState state = BinnerState.INITIAL;
        for (EventPacket p : packets) {
            FrameBinner fresh = new FrameBinner(CONFIG, SensorGeometry.DVS128);
            fresh.restore(state);
            fresh.accept(p, pieces);
            state = fresh.snapshot();
        }

        assertThat(whole.frames).hasSizeGreaterThan(50);
        assertThat(pieces.frames).isEqualTo(whole.frames);
        assertThat(pieces.restarts).hasSameSizeAs(whole.restarts).isNotEmpty();
        assertThat(state).isEqualTo(reference.snapshot());
        assertThat(state.restarts()).isEqualTo(reference.restarts());
    }

    @Test
    void shouldSnapshotTheOpenFrameSparsely() {
        FrameBinner binner = new FrameBinner(BinningConfig.of(1_000, 128, 128), SensorGeometry.DVS128);
        binner.accept(Packets.dvs128(10_000, 3, 4, 1, 10_100, 3, 4, 1, 10_200, 5, 6, 0), e -> { });

        BinnerState s = binner.snapshot();

        assertThat(s.started()).isTrue();
        assertThat(s.frameStartUs()).isEqualTo(10_000);
        assertThat(s.frameIndex()).isZero();
        assertThat(s.eventsInFrame()).isEqualTo(3);
        assertThat(s.lastEventUs()).isEqualTo(10_200);
        int plane = 128 * 128;
        assertThat(s.openFrame().cells()).containsExactly(6 * 128 + 5, plane + 4 * 128 + 3);
        assertThat(s.openFrame().values()).containsExactly(1f, 2f);
    }

    @Test
    void shouldRestoreADenseOpenFrame() {
        BinningConfig config = BinningConfig.of(1_000_000, 8, 8);
        FrameBinner binner = new FrameBinner(config, SensorGeometry.DVS128);
        binner.accept(Packets.random(new Random(3), SensorGeometry.DVS128, 500, 0, 10), f -> { });
        BinnerState s = binner.snapshot();
        assertThat(s.openFrame().size()).isGreaterThan(100); // more than the 16-entry written list of an 8x8 frame

        FrameBinner other = new FrameBinner(config, SensorGeometry.DVS128);
        other.restore(s);
        assertThat(other.snapshot()).isEqualTo(s);
        List<Frame> a = new ArrayList<>();
        List<Frame> b = new ArrayList<>();
        binner.closeUntil(1_000_000, f -> a.add(f.copy()));
        other.closeUntil(1_000_000, f -> b.add(f.copy()));
        assertThat(b).isEqualTo(a).hasSize(1);
        assertThat(b.get(0).eventCount()).isEqualTo(500);
    }

    @Test
    void shouldKeepTheRestartCountOfAResetBinner() {
        FrameBinner binner = new FrameBinner(CONFIG, SensorGeometry.DVS128);
        assertThat(binner.snapshot()).isEqualTo(BinnerState.INITIAL);
        binner.accept(Packets.dvs128(5_000, 1, 1, 1), f -> { });
        binner.accept(Packets.dvs128(1_000, 1, 1, 1), f -> { });
        binner.reset();

        BinnerState s = binner.snapshot();

        assertThat(s.started()).isFalse();
        assertThat(s.restarts()).isEqualTo(1);
        FrameBinner other = new FrameBinner(CONFIG, SensorGeometry.DVS128);
        other.restore(s);
        assertThat(other.isStarted()).isFalse();
        assertThat(other.restarts()).isEqualTo(1);
    }

    @Test
    void shouldRejectStateFromALargerFrame() {
        FrameBinner big = new FrameBinner(BinningConfig.of(1_000, 128, 128), SensorGeometry.DVS128);
        big.accept(Packets.dvs128(100, 127, 127, 1), f -> { });
        FrameBinner small = new FrameBinner(BinningConfig.of(1_000, 32, 32), SensorGeometry.DVS128);

        assertThatThrownBy(() -> small.restore(big.snapshot()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside this binner's 32x32 frame (2048 cells)");
    }

    @Test
    void shouldRejectAnOpenFrameWithoutAStream() {
        assertThatThrownBy(() -> new BinnerState(false, 0, 0, 2, 0, 0, SparseCounts.EMPTY))
                .hasMessage("a binner without a stream has no open frame, but it holds 2 events in 0 cells");
    }

    @Test
    void shouldGiveTheSameSparseCountsAsAScanOfTheFrame() {
        List<Frame> frames = new ArrayList<>();
        List<SparseCounts> sparse = new ArrayList<>();
        FrameBinner binner = new FrameBinner(BinningConfig.of(1_000, 16, 16), SensorGeometry.DVS128);
        binner.accept(Packets.random(new Random(11), SensorGeometry.DVS128, 5_000, 0, 2), f -> {
            frames.add(f.copy());
            sparse.add(f.sparseCounts());
        });

        assertThat(frames).hasSizeGreaterThan(5);
        for (int i = 0; i < frames.size(); i++) {
            Frame f = frames.get(i);
            assertThat(sparse.get(i)).isEqualTo(SparseCounts.fromDense(f.counts())).isEqualTo(f.sparseCounts());
            assertThat(sparse.get(i).total()).isEqualTo(f.eventCount());
            assertThat(f.channelTotal(0) + f.channelTotal(1)).isEqualTo(f.eventCount());
        }
    }

    @Test
    void shouldValidateSparseCounts() {
        assertThatThrownBy(() -> SparseCounts.of(new int[] {1, 1}, new float[] {1, 1}))
                .hasMessage("cells must be ascending, distinct and >= 0; cell 1 is 1 after 1");
        assertThatThrownBy(() -> SparseCounts.of(new int[] {1}, new float[] {0}))
                .hasMessage("values must be finite and non-zero; value 0 (cell 1) is 0.0");
        assertThatThrownBy(() -> SparseCounts.of(new int[] {1}, new float[0]))
                .hasMessage("cells and values must have the same length, were 1 and 0");
        assertThat(SparseCounts.of(new int[0], new float[0])).isSameAs(SparseCounts.EMPTY);
    }

    /** Packets with gaps, a clock jump back and a silence past the gap limit. */
    private static List<EventPacket> stream(Random rnd) {
        List<EventPacket> out = new ArrayList<>();
        long t = 1_000_000;
        for (int i = 0; i < 60; i++) {
            EventPacket p = Packets.random(rnd, SensorGeometry.DVS128, rnd.nextInt(40), t, 120);
            out.add(p);
            t = p.isEmpty() ? t + 3_000 : p.lastTUs() + rnd.nextInt(4_000);
            if (i == 20) {
                t -= 50_000;   // clock back
            } else if (i == 40) {
                t += 100_000;  // beyond maxGapUs
            }
        }
        return out;
    }
}
