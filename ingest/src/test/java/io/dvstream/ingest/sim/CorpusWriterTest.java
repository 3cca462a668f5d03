package io.dvstream.ingest.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvstream.events.EventPacket;
import io.dvstream.events.sensor.SensorGeometry;
import io.dvstream.ingest.aedat.RecordingReader;
import io.dvstream.ingest.gesture.GestureClass;
import io.dvstream.ingest.gesture.GestureDataset;
import io.dvstream.ingest.gesture.GestureLabel;
import io.dvstream.ingest.gesture.GestureTrial;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusWriterTest {

    @TempDir
    Path dir;

    /** 3 users (the third a test user), 2 lightings, 3 short gestures: small enough for a unit test. */
    private static CorpusSpec small(long seed) {
        return new CorpusSpec(3, 3, List.of(Lighting.LAB, Lighting.NATURAL),
                List.of(GestureClass.HAND_CLAP, GestureClass.LEFT_ARM_CLOCKWISE, GestureClass.AIR_DRUMS), 1.2, 0.3,
                PixelParameters.DVS128, SensorGeometry.DVS128, seed);
    }

    @Test
    void shouldWriteTheDvs128GestureLayoutThatTheDatasetReaderReadsBack() throws IOException {
        List<TrialSummary> written = CorpusWriter.write(small(5), dir, (i, n, name, f) -> { });
        assertThat(written).hasSize(6);
        GestureDataset dataset = GestureDataset.open(dir);
        assertThat(dataset.trials(GestureDataset.Split.TRAIN)).extracting(GestureTrial::name)
                .containsExactly("user01_lab", "user01_natural", "user02_lab", "user02_natural");
        assertThat(dataset.trials(GestureDataset.Split.TEST)).extracting(GestureTrial::name)
                .containsExactly("user03_lab", "user03_natural");
        for (GestureTrial trial : dataset.trials()) {
            List<GestureLabel> labels = trial.labels();
            assertThat(labels).extracting(GestureLabel::gesture)
                    .containsExactly(GestureClass.HAND_CLAP, GestureClass.LEFT_ARM_CLOCKWISE, GestureClass.AIR_DRUMS);
            TrialSummary summary = written.stream().filter(s -> s.name().equals(trial.name())).findFirst().orElseThrow();
            long events = 0;
            long inGestures = 0;
            long last = -1;
            try (RecordingReader reader = trial.openRecording()) {
                assertThat(reader.sensor()).isEqualTo(SensorGeometry.DVS128);
                while (reader.hasNext()) {
                    EventPacket p = reader.next();
                    for (int i = 0; i < p.size(); i++) {
                        long t = p.tUs(i);
                        assertThat(t).isGreaterThanOrEqualTo(last);
                        last = t;
                        if (labels.stream().anyMatch(l -> t >= l.startUs() && t < l.endUs())) {
                            inGestures++;
                        }
                    }
                    events += p.size();
                }
            }
            assertThat(events).isEqualTo(summary.events());
            // most events fall inside the labelled gestures, which cover well under 3/4 of the trial
            assertThat((double) inGestures / events).as(trial.name()).isGreaterThan(0.75);
            assertThat(last).isLessThanOrEqualTo(summary.durationUs());
        }
    }

    @Test
    void shouldWriteTheSameBytesForTheSameSeed() throws IOException {
        CorpusSpec spec = new CorpusSpec(1, 24, List.of(Lighting.FLUORESCENT_LED), List.of(GestureClass.ARM_ROLL), 1.2, 0.3,
                PixelParameters.DVS128, SensorGeometry.DVS128, 77);
        CorpusWriter.write(spec, dir.resolve("a"), (i, n, name, f) -> { });
        CorpusWriter.write(spec, dir.resolve("b"), (i, n, name, f) -> { });
        CorpusWriter.write(new CorpusSpec(1, 24, spec.lightings(), spec.classes(), 1.2, 0.3, spec.pixels(), spec.sensor(), 78),
                dir.resolve("c"), (i, n, name, f) -> { });
        for (String f : List.of("user01_fluorescent_led.aedat", "user01_fluorescent_led_labels.csv", "trials_to_train.txt",
                "trials_to_test.txt")) {
            assertThat(Files.readAllBytes(dir.resolve("b").resolve(f))).as(f)
                    .isEqualTo(Files.readAllBytes(dir.resolve("a").resolve(f)));
        }
        assertThat(Files.readAllBytes(dir.resolve("c/user01_fluorescent_led.aedat")))
                .isNotEqualTo(Files.readAllBytes(dir.resolve("a/user01_fluorescent_led.aedat")));
        try (Stream<Path> files = Files.list(dir.resolve("a"))) {
            assertThat(files.count()).isEqualTo(4);
        }
    }
}
