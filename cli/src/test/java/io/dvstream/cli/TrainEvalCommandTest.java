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

        Path plots = dir.resolve("plots");
        Path exported = dir.resolve("exported.safetensors");
        Object[] e = run("eval", "--weights", out.resolve("last.safetensors").toString(), "--data", "../recordings",
                "--png", dir.resolve("cm.png").toString(), "--stream", "--calibrate", "--plots", plots.toString(),
                "--export", exported.toString());
        assertThat(e[0]).as((String) e[2]).isEqualTo(0);
        assertThat((String) e[1]).contains("test split").contains("true \\ predicted").contains("accuracy ")
                .contains("block 0 TASA tau: q ")
                .contains("calibration on the TRAIN split (1 recordings, carry mode, stride 10, ")
                .contains("streaming, carry mode, window 10 steps every 10 steps (500 ms), decider on ")
                .contains("per-window accuracy inside gestures: ").contains("onset: ").contains(" per idle minute")
                .contains("1000 ms").contains("energy: ").contains("firing rate blocks.0.mlp.fc2")
                .contains("streaming, reset mode").contains("block 0 head 1 NSAD LUT[0..16]: 0.000");
        assertThat(javax.imageio.ImageIO.read(dir.resolve("cm.png").toFile()).getWidth()).isGreaterThan(200);
        for (String f : new String[] {"carry-accuracy-vs-time.png", "reset-firing-rates.png", "nsad-tables.png"}) {
            assertThat(javax.imageio.ImageIO.read(plots.resolve(f).toFile()).getWidth()).as(f).isGreaterThan(200);
        }
        var ex = Ds2ta.load(exported);
        assertThat(ex.streaming().mode().key()).isEqualTo("carry");
        assertThat(ex.weights().get("head.weight")).containsExactly(Ds2ta.load(out.resolve("last.safetensors")).weights()
                .get("head.weight"));
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
    void streamModeTrainsCarriedWindowsAndWritesACarryModel(@TempDir Path dir) throws Exception {
        Object[] r = run("train", "--data", "../recordings", "--mode", "stream", "--stream-windows", "3", "--burn-in", "1",
                "--epochs", "1", "--batch", "4", "--seed", "2", "--out", dir.toString());
        assertThat(r[0]).as((String) r[2]).isEqualTo(0);
        assertThat((String) r[1]).contains("training recordings").contains("segments of 3 windows per epoch, 1 burn-in")
                .contains("mode stream").contains("epoch   1").contains("windows/s");
        var m = Ds2ta.load(dir.resolve("last.safetensors"));
        assertThat(m.streaming().mode().key()).isEqualTo("carry");
        assertThat(Files.readAllLines(dir.resolve("train-log.jsonl"))).hasSize(1);

        Object[] bad = run("train", "--data", "../recordings", "--mode", "online", "--out", dir.toString());
        assertThat(bad[0]).isEqualTo(2);
        assertThat((String) bad[2]).contains("--mode must be clip or stream, got online");
        Object[] burn = run("train", "--data", "../recordings", "--mode", "stream", "--stream-windows", "2", "--burn-in",
                "2", "--out", dir.toString());
        assertThat(burn[0]).isEqualTo(2);
        assertThat((String) burn[2]).contains("burn-in < windows");
    }

    @Test
    void initStartsFromGivenWeights(@TempDir Path dir) throws Exception {
        Path start = dir.resolve("start.safetensors");
        Ds2ta.random(TrainingPresets.tiny1x32(), 7).save(start);
        Object[] r = run("train", "--data", "../recordings", "--mode", "stream", "--stream-windows", "3", "--epochs", "1",
                "--batch", "4", "--lr", "1e-12", "--weight-decay", "0", "--init", start.toString(), "--out",
                dir.resolve("a").toString());
        assertThat(r[0]).as((String) r[2]).isEqualTo(0);
        assertThat((String) r[1]).contains("initialised from " + start);
        float[] before = Ds2ta.load(start).weights().get("head.weight");
        float[] after = Ds2ta.load(dir.resolve("a").resolve("last.safetensors")).weights().get("head.weight");
        Object[] f = run("train", "--data", "../recordings", "--mode", "stream", "--stream-windows", "3", "--epochs", "1",
                "--batch", "4", "--lr", "1e-12", "--weight-decay", "0", "--out", dir.resolve("b").toString());
        assertThat(f[0]).as((String) f[2]).isEqualTo(0);
        float[] fresh = Ds2ta.load(dir.resolve("b").resolve("last.safetensors")).weights().get("head.weight");
        assertThat(after).containsExactly(before, org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(fresh).as("a fresh initialisation differs").isNotEqualTo(before);
        Object[] both = run("train", "--data", "../recordings", "--init", start.toString(), "--resume", "--out",
                dir.resolve("a").toString());
        assertThat(both[0]).isEqualTo(2);
        assertThat((String) both[2]).contains("--init and --resume exclude each other");
    }

    @Test
    void unknownConfigIsRejectedWithTheKnownOnes(@TempDir Path dir) throws Exception {
        Object[] r = run("train", "--data", "../recordings", "--config", "huge", "--out", dir.toString());
        assertThat(r[0]).isEqualTo(2);
        assertThat((String) r[2]).contains("Unknown model configuration huge").contains("tiny-1-32");
    }

    @Test
    void ablateTrainsEvaluatesAndTabulates(@TempDir Path dir) throws Exception {
        Object[] r = run("ablate", "--data", "../recordings", "--variants", "taw1", "--epochs", "1", "--batch", "4",
                "--stride", "10", "--out", dir.toString());
        assertThat(r[0]).as((String) r[2]).isEqualTo(0);
        assertThat((String) r[1]).contains("taw1: training 1 epochs").contains("| taw1 | carry | 1 | on | learnable | ");
        assertThat(Files.readString(dir.resolve("ablation.csv"))).startsWith("variant,mode,taw,nsad").contains("taw1,carry,1,true,true,");
        // a finished variant is reused, not retrained
        Object[] again = run("ablate", "--data", "../recordings", "--variants", "taw1", "--epochs", "1", "--batch", "4",
                "--stride", "10", "--out", dir.toString());
        assertThat((String) again[1]).contains("taw1: reusing the finished run");
        Object[] bad = run("ablate", "--data", "../recordings", "--variants", "taw9", "--out", dir.toString());
        assertThat(bad[0]).isEqualTo(2);
        assertThat((String) bad[2]).contains("Unknown ablation variant taw9").contains("nsad-off");
    }
}
