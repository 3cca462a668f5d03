package io.dvstream.ingest.gesture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvstream.events.EventPacket;
import io.dvstream.events.sensor.SensorGeometry;
import io.dvstream.ingest.EventWriter;
import io.dvstream.ingest.aedat.AedatFormat;
import io.dvstream.ingest.aedat.RecordingReader;
import io.dvstream.ingest.aedat.RecordingWriters;
import io.dvstream.ingest.aedat.SharedRecordings;
import io.dvstream.ingest.aedat.WriterOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GestureDatasetTest {

    @TempDir
    Path dir;

    @Test
    void shouldNameTheElevenClassesInDatasetOrder() {
        assertThat(GestureClass.values()).hasSize(11);
        assertThat(GestureClass.ofNumber(1).displayName()).isEqualTo("hand clap");
        assertThat(GestureClass.ofNumber(5).displayName()).isEqualTo("right arm counter-clockwise");
        assertThat(GestureClass.ofNumber(8)).isEqualTo(GestureClass.ARM_ROLL);
        assertThat(GestureClass.ofNumber(11).displayName()).isEqualTo("other gestures");
        assertThat(GestureClass.AIR_GUITAR.index()).isEqualTo(9);
        assertThatThrownBy(() -> GestureClass.ofNumber(12)).hasMessage("gesture class must be 1..11, was 12");
    }

    @Test
    void shouldReadTheUser01NaturalLabels() throws IOException {
        List<GestureLabel> labels = GestureLabels.read(SharedRecordings.require(SharedRecordings.GESTURE_LABELS));
        assertThat(labels).hasSize(12);
        assertThat(labels).extracting(l -> l.gesture().number()).containsExactly(1, 2, 3, 5, 4, 6, 7, 8, 8, 9, 10, 11);
        assertThat(labels.get(0)).isEqualTo(new GestureLabel(GestureClass.HAND_CLAP, 53_036_986, 59_508_469));
        assertThat(labels.get(11)).isEqualTo(new GestureLabel(GestureClass.OTHER_GESTURES, 171_367_247, 177_991_967));
    }

    @Test
    void shouldExposeLabelledSegmentsWithTheGapsBetweenThem() throws IOException {
        List<GestureSegment> segments = GestureLabels.segments(
                GestureLabels.read(SharedRecordings.require(SharedRecordings.GESTURE_LABELS)));
        assertThat(segments).hasSize(12 + 11);
        assertThat(segments.get(0)).isEqualTo(new GestureSegment(Optional.of(GestureClass.HAND_CLAP), 53_036_986, 59_508_469));
        assertThat(segments.get(1)).isEqualTo(new GestureSegment(Optional.empty(), 59_508_469, 64_889_467));
        assertThat(segments.get(22).startUs()).isEqualTo(171_367_247);
        assertThat(segments.get(22).endUs()).isEqualTo(177_991_967);
        for (int i = 0; i < segments.size(); i++) {
            assertThat(segments.get(i).isLabelled()).as("segment %d", i).isEqualTo(i % 2 == 0);
            if (i > 0) {
                assertThat(segments.get(i).startUs()).isEqualTo(segments.get(i - 1).endUs());
            }
        }
    }

    @Test
    void shouldKeepOverlappingLabelsAndPutNoGapInsideThem() {
        // like user22_led: class 9 ends after class 10 starts
        List<GestureSegment> segments = GestureLabels.segments(List.of(
                new GestureLabel(GestureClass.AIR_GUITAR, 150, 300),
                new GestureLabel(GestureClass.AIR_DRUMS, 100, 200),
                new GestureLabel(GestureClass.ARM_ROLL, 400, 500)));
        assertThat(segments).containsExactly(
                new GestureSegment(Optional.of(GestureClass.AIR_DRUMS), 100, 200),
                new GestureSegment(Optional.of(GestureClass.AIR_GUITAR), 150, 300),
                new GestureSegment(Optional.empty(), 300, 400),
                new GestureSegment(Optional.of(GestureClass.ARM_ROLL), 400, 500));
    }

    @Test
    void shouldNameFileAndLineOfABadRow() throws IOException {
        Path csv = Files.writeString(dir.resolve("user02_lab_labels.csv"),
                "class,startTime_usec,endTime_usec\r\n1,10,20\r\n\r\n12,30,40\r\n");
        assertThatThrownBy(() -> GestureLabels.read(csv)).isInstanceOf(MalformedDatasetException.class)
                .hasMessage(csv + " line 4: class 12 is not 1..11");
        Files.writeString(csv, "class,startTime_usec,endTime_usec\n1,10,x\n");
        assertThatThrownBy(() -> GestureLabels.read(csv)).hasMessage(csv + " line 2: endTime_usec 'x' is not a whole number");
        Files.writeString(csv, "class,startTime_usec,endTime_usec\n1,10,5\n");
        assertThatThrownBy(() -> GestureLabels.read(csv)).hasMessage(csv + " line 2: endTime_usec 5 is not after startTime_usec 10");
        Files.writeString(csv, "1,10,20\n");
        assertThatThrownBy(() -> GestureLabels.read(csv)).hasMessageStartingWith(csv + " line 1: expected the header");
        Files.writeString(csv, "class,startTime_usec,endTime_usec\n1,10\n");
        assertThatThrownBy(() -> GestureLabels.read(csv)).hasMessageStartingWith(csv + " line 2: expected 3 fields");
    }

    @Test
    void shouldListTrialsOfBothSplitsAndSliceEventsBySegment() throws IOException {
        writeTrial("user01_natural", "class,startTime_usec,endTime_usec\n2,1000,2000\n1,3000,4000\n");
        writeTrial("user02_fluorescent_led", "class,startTime_usec,endTime_usec\n11,1500,2500\n");
        writeTrial("user24_lab", "class,startTime_usec,endTime_usec\r\n8,1000,1500\r\n");
        Files.writeString(dir.resolve("trials_to_train.txt"), "user01_natural.aedat\nuser02_fluorescent_led.aedat\n\n");
        Files.writeString(dir.resolve("trials_to_test.txt"), "user24_lab.aedat\n");

        GestureDataset dataset = GestureDataset.open(dir);
        assertThat(dataset.trials()).extracting(GestureTrial::name)
                .containsExactly("user01_natural", "user02_fluorescent_led", "user24_lab");
        assertThat(dataset.trials(GestureDataset.Split.TEST)).singleElement().satisfies(t -> {
            assertThat(t.user()).isEqualTo("user24");
            assertThat(t.userNumber()).isEqualTo(24);
            assertThat(t.lighting()).isEqualTo("lab");
            assertThat(t.recording()).isEqualTo(dir.resolve("user24_lab.aedat"));
            assertThat(t.labelsFile()).isEqualTo(dir.resolve("user24_lab_labels.csv"));
        });
        GestureTrial first = dataset.trials(GestureDataset.Split.TRAIN).get(0);
        List<GestureSegment> segments = first.segments();
        assertThat(segments).containsExactly(
                new GestureSegment(Optional.of(GestureClass.RIGHT_HAND_WAVE), 1000, 2000),
                new GestureSegment(Optional.empty(), 2000, 3000),
                new GestureSegment(Optional.of(GestureClass.HAND_CLAP), 3000, 4000));
        // events every 10 us from 0 to 4990: 100 in each 1,000 us segment
        long[] perSegment = new long[segments.size()];
        try (RecordingReader reader = first.openRecording()) {
            assertThat(reader.sensor()).isEqualTo(SensorGeometry.DVS128);
            while (reader.hasNext()) {
                EventPacket p = reader.next();
                for (int i = 0; i < p.size(); i++) {
                    for (int s = 0; s < segments.size(); s++) {
                        if (segments.get(s).contains(p.tUs(i))) {
                            perSegment[s]++;
                        }
                    }
                }
            }
        }
        assertThat(perSegment).containsExactly(100, 100, 100);
    }

    @Test
    void shouldNameAListedTrialWhoseFilesAreMissing() throws IOException {
        writeTrial("user01_natural", "class,startTime_usec,endTime_usec\n1,1,2\n");
        Files.writeString(dir.resolve("trials_to_train.txt"), "user01_natural.aedat\nuser03_led.aedat\n");
        Files.writeString(dir.resolve("trials_to_test.txt"), "");
        assertThatThrownBy(() -> GestureDataset.open(dir)).isInstanceOf(MalformedDatasetException.class)
                .hasMessageStartingWith(dir.resolve("trials_to_train.txt") + " line 2: trial user03_led.aedat: ")
                .hasMessageEndingWith("user03_led.aedat does not exist");
        Files.writeString(dir.resolve("trials_to_train.txt"), "notes.txt\n");
        assertThatThrownBy(() -> GestureDataset.open(dir))
                .hasMessage(dir.resolve("trials_to_train.txt") + " line 1: 'notes.txt' is not a trial file name (userNN_<lighting>.aedat)");
        Files.delete(dir.resolve("trials_to_test.txt"));
        Files.writeString(dir.resolve("trials_to_train.txt"), "");
        assertThatThrownBy(() -> GestureDataset.open(dir)).hasMessageContaining("trials_to_test.txt: missing");
    }

    /** A tiny DVS128 AEDAT 3.1 trial (written by our writer) with its labels. */
    private void writeTrial(String name, String labels) throws IOException {
        EventPacket events = new EventPacket(name, SensorGeometry.DVS128);
        for (int i = 0; i < 500; i++) {
            events.append(10L * i, i % 128, (i / 128) % 128, i % 2 == 0);
        }
        try (EventWriter out = RecordingWriters.create(dir.resolve(name + ".aedat"), AedatFormat.AEDAT_3_1,
                SensorGeometry.DVS128, WriterOptions.DEFAULTS)) {
            out.write(events);
        }
        Files.writeString(dir.resolve(name + "_labels.csv"), labels, StandardCharsets.UTF_8);
    }
}
