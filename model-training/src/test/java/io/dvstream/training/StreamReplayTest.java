package io.dvstream.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvstream.ingest.aedat.RecordingReader;
import io.dvstream.ingest.gesture.GestureDataset;
import io.dvstream.ingest.gesture.GestureTrial;
import io.dvstream.model.Ds2ta;
import io.dvstream.model.StreamingConfig.WindowMode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The job-like replay of whole recordings on the repository's tiny synthetic corpus, random tiny model. */
class StreamReplayTest {

    @Test
    void windowsOpenEveryStrideStepsAndCoverTSteps() throws Exception {
        Ds2ta model = Ds2ta.random(TrainingPresets.tiny1x32(), 4);
        long dt = model.streaming().dtUs();
        int t = model.config().T();
        int stride = 5;
        List<GestureTrial> trials = GestureDataset.open(Path.of("..", "recordings")).trials(GestureDataset.Split.TEST);
        GestureTrial trial = trials.get(0);
        long first;
        long last;
        try (RecordingReader r = trial.openRecording()) {
            var p = r.next();
            first = p.tUs(0);
            last = p.lastTUs();
            while (r.hasNext()) {
                last = r.next().lastTUs();
            }
        }
        long origin = Math.floorDiv(first, dt) * dt;
        long frames = (last - origin) / dt;                    // frames closed before the last event's frame
        long expectedWindows = (frames - t) / stride + 1;

        var carry = StreamReplay.replay(model, List.of(trial), WindowMode.CARRY, stride);
        var reset = StreamReplay.replay(model, List.of(trial), WindowMode.RESET, stride);
        var wc = carry.trials().get(0).windows();
        var wr = reset.trials().get(0).windows();
        assertThat(wc).hasSize((int) expectedWindows);
        assertThat(wr).hasSize((int) expectedWindows);
        for (int i = 0; i < wc.size(); i++) {
            assertThat(wc.get(i).startUs).isEqualTo(origin + (long) i * stride * dt);
            assertThat(wc.get(i).endUs).isEqualTo(wc.get(i).startUs + t * dt);
        }
        // the first window starts from rest in both modes, so it is the same computation
        assertThat(wr.get(0).logits).containsExactly(wc.get(0).logits);
        assertThat(carry.activity().frames()).isEqualTo(frames);
        assertThat(carry.activity().steps()).isEqualTo(frames);
        // reset runs T / stride overlapping windows per frame once they are all open
        assertThat(reset.activity().steps()).isGreaterThan(frames).isLessThanOrEqualTo(frames * (t / stride));
        assertThat(carry.activity().joulesPerDecision()).isPositive();
        assertThat(carry.activity().joulesPerDecision()).isLessThan(reset.activity().joulesPerDecision());
        for (int i = 0; i < carry.activity().layers().size(); i++) {
            assertThat(carry.activity().firingRate(i)).isBetween(0.0, 1.0);
        }
        assertThat(carry.trials().get(0).labels()).isNotEmpty();
    }
}
