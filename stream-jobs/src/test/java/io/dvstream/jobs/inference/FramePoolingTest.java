package io.dvstream.jobs.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvstream.events.EventPacket;
import io.dvstream.events.binning.BinningConfig;
import io.dvstream.events.binning.FrameBinner;
import io.dvstream.events.binning.FrameListener;
import io.dvstream.events.sensor.SensorGeometry;
import io.dvstream.jobs.binning.SparseFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FramePoolingTest {

    /** Bins seeded random DVS128 events (synthetic) at {@code size x size}, 1 ms frames. */
    private static List<SparseFrame> bin(int size) {
        Random r = new Random(11);
        EventPacket p = new EventPacket("cam", SensorGeometry.DVS128);
        for (int i = 0; i < 5_000; i++) {
            p.append(1_000L + i, r.nextInt(128), r.nextInt(128), r.nextBoolean());
        }
        FrameBinner binner = new FrameBinner(BinningConfig.of(1_000, size, size), SensorGeometry.DVS128);
        List<SparseFrame> out = new ArrayList<>();
        binner.accept(p, new FrameListener() {
            @Override
            public void onFrame(io.dvstream.events.binning.Frame f) {
                out.add(SparseFrame.of("cam", binner.restarts(), f));
            }
        });
        return out;
    }

    @Test
    void shouldGiveTheCountsOfBinningAtTheInputResolutionDirectly() {
        List<SparseFrame> full = bin(128);
        List<SparseFrame> small = bin(32);
        assertThat(full).hasSize(4).hasSameSizeAs(small);
        for (int i = 0; i < full.size(); i++) {
            float[] pooled = FramePooling.pool(full.get(i), 32, 32, new float[2 * 32 * 32]);
            assertThat(pooled).as("frame %d", i).containsExactly(small.get(i).toDense());
        }
        // Pooling by 1 is the identity.
        assertThat(FramePooling.pool(full.get(0), 128, 128, new float[2 * 128 * 128])).containsExactly(full.get(0).toDense());
    }

    @Test
    void shouldRejectSizesThatAreNotIntegerMultiples() {
        SparseFrame f = bin(128).get(0);
        assertThatThrownBy(() -> FramePooling.pool(f, 48, 48, new float[2 * 48 * 48]))
                .hasMessage("frame 0 of camera cam is 128x128, not an integer multiple of the classifier's input 48x48");
        assertThat(FramePooling.fits(128, 96, 32, 32)).isTrue();
        assertThat(FramePooling.fits(16, 16, 32, 32)).isFalse();
    }
}
