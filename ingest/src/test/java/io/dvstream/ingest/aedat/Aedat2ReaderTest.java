package io.dvstream.ingest.aedat;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvstream.events.EventPacket;
import io.dvstream.events.sensor.SensorGeometry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class Aedat2ReaderTest {

    @Test
    void shouldDecodeFirstEventsOfDvs128Recording() throws IOException {
        Path file = SharedRecordings.require(SharedRecordings.DVS128);
        try (RecordingReader reader = Recordings.open(file, ReaderOptions.DEFAULTS)) {
            assertThat(reader).isInstanceOf(Aedat2Reader.class);
            assertThat(reader.sensor()).isEqualTo(SensorGeometry.DVS128);
            assertThat(reader.header().dataOffset()).isEqualTo(4_612);
            assertThat(reader.header().source()).isEqualTo("ch.unizh.ini.jaer.chip.retina.DVS128");
            EventPacket first = reader.next();
            assertThat(first.sequence()).isZero();
            assertEvent(first, 0, 41_306_606, 62, 9, false);
            assertEvent(first, 1, 41_309_379, 80, 30, true);
            assertEvent(first, 2, 41_309_793, 39, 30, true);
        }
    }

    @Test
    void shouldCountEveryEventOfDvs128Recording() throws IOException {
        Path file = SharedRecordings.require(SharedRecordings.DVS128);
        Totals totals = Totals.of(file, ReaderOptions.DEFAULTS);
        assertThat(totals.events).isEqualTo(19_182);
        assertThat(totals.on).isEqualTo(7_102);
        assertThat(totals.off).isEqualTo(12_080);
        assertThat(totals.firstTUs).isEqualTo(41_306_606);
        assertThat(totals.lastTUs).isEqualTo(48_193_156);
        assertThat(totals.stats.events()).isEqualTo(19_182);
        assertThat(totals.stats.specialEvents()).isZero();
        assertThat(totals.stats.truncatedBytes()).isZero();
        assertThat(totals.stats.timestampWraps()).isZero();
    }

    @Test
    void shouldDecodeDvsEventsOfDavis240Recording() throws IOException {
        Path file = SharedRecordings.require(SharedRecordings.DAVIS240);
        try (RecordingReader reader = Recordings.open(file, ReaderOptions.DEFAULTS)) {
            assertThat(reader.sensor()).isEqualTo(SensorGeometry.DAVIS240);
            assertThat(reader.header().dataOffset()).isEqualTo(175_268);
            EventPacket first = reader.next();
            assertEvent(first, 0, 294_976_755, 83, 143, false);
            assertEvent(first, 1, 294_976_892, 34, 51, false);
            // record #9 of the file: the IMU sample in records 2-8 is not among the events
            assertEvent(first, 2, 294_976_940, 70, 133, true);
        }
    }

    @Test
    void shouldCountDvsAndImuOfDavis240Recording() throws IOException {
        Path file = SharedRecordings.require(SharedRecordings.DAVIS240);
        List<ImuSample> imu = new ArrayList<>();
        Totals totals = Totals.of(file, ReaderOptions.DEFAULTS.withImuListener(imu::add));
        assertThat(totals.events).isEqualTo(162_771);
        assertThat(totals.on).isEqualTo(82_944);
        assertThat(totals.off).isEqualTo(79_827);
        assertThat(totals.maxX).isEqualTo(239);
        assertThat(totals.maxY).isEqualTo(179);
        assertThat(totals.stats.imuSamples()).isEqualTo(4_833);
        assertThat(totals.stats.imuOrphanWords()).isEqualTo(6);
        assertThat(totals.stats.apsSamples()).isZero();
        assertThat(imu).hasSize(4_833);
        assertThat(imu.get(0)).isEqualTo(new ImuSample(294_976_899, (short) 42, (short) -4129, (short) -111,
                (short) -1840, (short) -117, (short) -67, (short) -1));
        assertThat(imu.get(0).temperatureCelsius()).isCloseTo(29.59, org.assertj.core.data.Offset.offset(0.01));
    }

    private static void assertEvent(EventPacket p, int i, long tUs, int x, int y, boolean on) {
        assertThat(p.tUs(i)).as("t of event %d", i).isEqualTo(tUs);
        assertThat(p.x(i)).as("x of event %d", i).isEqualTo(x);
        assertThat(p.y(i)).as("y of event %d", i).isEqualTo(y);
        assertThat(p.isOn(i)).as("polarity of event %d", i).isEqualTo(on);
    }
}
