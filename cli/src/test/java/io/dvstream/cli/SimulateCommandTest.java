package io.dvstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvstream.ingest.gesture.GestureClass;
import io.dvstream.ingest.gesture.GestureDataset;
import io.dvstream.ingest.gesture.GestureLabel;
import io.dvstream.ingest.gesture.GestureTrial;
import io.dvstream.ingest.aedat.RecordingReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulateCommandTest {

    @TempDir
    Path dir;

    private Object[] corpus(Path out, String seed) {
        return CommandLineTest.run("simulate", "corpus", "--out", out.toString(), "--users", "2", "--test-from", "2",
                "--lightings", "led", "--classes", "2,11", "--gesture-s", "1.5", "--gap-s", "0.4", "--seed", seed);
    }

    @Test
    void shouldWriteADeterministicCorpusThatTheDatasetReaderOpens() throws IOException {
        Object[] r = corpus(dir.resolve("a"), "3");
        assertThat(r[0]).as("stderr: %s", r[2]).isEqualTo(0);
        assertThat((String) r[2]).contains("simulate").contains("trial 2/2 user02_led");
        assertThat((String) r[1]).contains("user01_led").contains("user02_led").contains("Wrote 2 trials");
        assertThat(corpus(dir.resolve("b"), "3")[0]).isEqualTo(0);

        for (String f : List.of("user01_led.aedat", "user02_led.aedat", "user01_led_labels.csv", "user02_led_labels.csv",
                "trials_to_train.txt", "trials_to_test.txt")) {
            assertThat(Files.readAllBytes(dir.resolve("b").resolve(f))).as(f)
                    .isEqualTo(Files.readAllBytes(dir.resolve("a").resolve(f)));
        }
        GestureDataset dataset = GestureDataset.open(dir.resolve("a"));
        assertThat(dataset.trials(GestureDataset.Split.TRAIN)).extracting(GestureTrial::name).containsExactly("user01_led");
        assertThat(dataset.trials(GestureDataset.Split.TEST)).extracting(GestureTrial::name).containsExactly("user02_led");
        GestureTrial trial = dataset.trials().get(1);
        assertThat(trial.labels()).extracting(GestureLabel::gesture)
                .containsExactly(GestureClass.RIGHT_HAND_WAVE, GestureClass.OTHER_GESTURES);
        try (RecordingReader reader = trial.openRecording()) {
            assertThat(reader.hasNext()).isTrue();
            assertThat(reader.next().size()).isPositive();
        }
    }

    @Test
    void shouldWriteOneTrialLikeTheCorpusDoes() throws IOException {
        assertThat(corpus(dir.resolve("c"), "4")[0]).isEqualTo(0);
        Path single = dir.resolve("user02_led.aedat");
        Object[] r = CommandLineTest.run("simulate", "trial", "--out", single.toString(), "--user", "2", "--lighting", "led",
                "--classes", "2,11", "--gesture-s", "1.5", "--gap-s", "0.4", "--seed", "4");
        assertThat(r[0]).as("stderr: %s", r[2]).isEqualTo(0);
        assertThat((String) r[1]).contains("2 gestures");
        assertThat(Files.readAllBytes(single)).isEqualTo(Files.readAllBytes(dir.resolve("c/user02_led.aedat")));
        assertThat(Files.readString(dir.resolve("user02_led_labels.csv")))
                .isEqualTo(Files.readString(dir.resolve("c/user02_led_labels.csv")));
    }

    @Test
    void shouldCompareWithARealRecordingAndDrawAFramePerClass() throws IOException {
        Path alex = CommandLineTest.recording("dvs128_alex_walking_again.aedat");
        Path frames = dir.resolve("frames");
        Object[] r = CommandLineTest.run("simulate", "realism", "--real", alex.toString(), "--lightings", "lab",
                "--classes", "1,4", "--gesture-s", "1", "--gap-s", "0.5", "--out", frames.toString());
        assertThat(r[0]).as("stderr: %s", r[2]).isEqualTo(0);
        assertThat((String) r[1])
                .contains("| figure | real: dvs128_alex_walking_again.aedat | simulated: user01_lab, seed 1 |")
                .contains("| events | 19,182 | ")
                .contains("| ON share | 37.02 % | ")  // 7,102 of 19,182 (recordings README)
                .contains("| event rate in gestures / idle (labels) | n/a / n/a | ");
        try (var files = Files.list(frames)) {
            assertThat(files.map(f -> f.getFileName().toString()).sorted().toList()).containsExactly(
                    "real-dvs128_alex_walking_again.png", "sim-lab-01-hand-clap.png", "sim-lab-04-right-arm-clockwise.png");
        }
        java.awt.image.BufferedImage real = javax.imageio.ImageIO.read(frames.resolve("real-dvs128_alex_walking_again.png").toFile());
        assertThat(real.getWidth()).isEqualTo(256);
        assertThat(real.getHeight()).isEqualTo(256);
    }

    @Test
    void shouldRejectBadOptionsByName() {
        Object[] r = CommandLineTest.run("simulate", "corpus", "--out", dir.toString(), "--lightings", "moonlight");
        assertThat(r[0]).isEqualTo(2);
        assertThat((String) r[2]).contains("--lightings: unknown lighting 'moonlight'");
        r = CommandLineTest.run("simulate", "corpus", "--out", dir.toString(), "--classes", "12");
        assertThat((String) r[2]).contains("--classes: gesture class must be 1..11, was 12");
        r = CommandLineTest.run("simulate", "trial", "--out", dir.resolve("x.aedat").toString(), "--sensor", "304x240");
        assertThat(r[0]).isEqualTo(2);
        assertThat((String) r[2]).contains("AEDAT 3.1 cannot store events");
    }
}
