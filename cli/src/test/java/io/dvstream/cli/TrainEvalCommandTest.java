package io.dvstream.cli;

import static io.dvstream.cli.CommandLineTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.dvstream.model.Ds2ta;
import io.dvstream.training.TrainingPresets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dvstream train} then {@code dvstream eval} on the repository's tiny synthetic corpus. */
class TrainEvalCommandTest {

    @Test
    void trainsOneEpochResumesAndEvaluates(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        Object[] r = run("train", "--data", "../recordings", "--config", "tiny-1-32", "--epochs", "1", "--batch", "4",
                "--seed", "2", "--out", out.toString());
        assertThat(r[0]).as((String) r[2]).isEqualTo(0);
        assertThat((String) r[1]).contains("training clips").contains("epoch   1").contains("weights: ");
        assertThat((String) r[2]).contains("samples/s");
        assertThat(Ds2ta.load(out.resolve("last.safetensors")).config()).isEqualTo(TrainingPresets.tiny1x32());
        assertThat(Files.readAllLines(out.resolve("train-log.jsonl"))).hasSize(1);

        Object[] resumed = run("train", "--data", "../recordings", "--config", "tiny-1-32", "--epochs", "2", "--batch",
                "4", "--seed", "2", "--out", out.toString(), "--resume");
        assertThat(resumed[0]).as((String) resumed[2]).isEqualTo(0);
        assertThat((String) resumed[1]).contains("epoch   2").doesNotContain("epoch   1 ");
        assertThat(Files.readAllLines(out.resolve("train-log.jsonl"))).hasSize(2);

        Object[] e = run("eval", "--weights", out.resolve("last.safetensors").toString(), "--data", "../recordings",
                "--png", dir.resolve("cm.png").toString(), "--stream");
        assertThat(e[0]).as((String) e[2]).isEqualTo(0);
        assertThat((String) e[1]).contains("test split").contains("true \\ predicted").contains("accuracy ")
                .contains("block 0 TASA tau: q ")
                .contains("streaming, carry mode, window 10 steps every 10 steps: per-window accuracy inside gestures ")
                .contains("streaming, reset mode").contains("block 0 head 1 NSAD LUT[0..16]: 0.000");
        assertThat(javax.imageio.ImageIO.read(dir.resolve("cm.png").toFile()).getWidth()).isGreaterThan(200);
        assertThat(javax.imageio.ImageIO.read(out.resolve("curves.png").toFile()).getWidth()).isEqualTo(900);
    }

    @Test
    void ablationOverridesReachTheWeightFile(@TempDir Path dir) throws Exception {
        Object[] r = run("train", "--data", "../recordings", "--config", "tiny-1-32", "--epochs", "1", "--batch", "4",
                "--taw", "1", "--nsad", "off", "--decay", "linear", "--fixed-tau", "--out", dir.toString());
        assertThat(r[0]).as((String) r[2]).isEqualTo(0);
        assertThat((String) r[1]).contains("taw 1, nsad off, decay linear, fixed tau");
        var c = Ds2ta.load(dir.resolve("last.safetensors")).config();
        assertThat(c.taw()).isEqualTo(1);
        assertThat(c.nsad()).isFalse();
        assertThat(c.decay().key()).isEqualTo("linear");
        assertThat(Ds2ta.load(dir.resolve("last.safetensors")).weights().get("blocks.0.attn.tau_q")[0]).isEqualTo(4.0f);
        Object[] bad = run("train", "--data", "../recordings", "--nsad", "maybe", "--out", dir.toString());
        assertThat(bad[0]).isEqualTo(2);
        assertThat((String) bad[2]).contains("--nsad must be on or off, got maybe");
    }

    @Test
    void unknownConfigIsRejectedWithTheKnownOnes(@TempDir Path dir) throws Exception {
        Object[] r = run("train", "--data", "../recordings", "--config", "huge", "--out", dir.toString());
        assertThat(r[0]).isEqualTo(2);
        assertThat((String) r[2]).contains("Unknown model configuration huge").contains("tiny-1-32");
    }
}
