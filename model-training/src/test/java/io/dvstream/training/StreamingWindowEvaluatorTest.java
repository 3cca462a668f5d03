package io.dvstream.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvstream.ingest.aedat.RecordingReader;
import io.dvstream.ingest.gesture.GestureDataset;
import io.dvstream.ingest.gesture.GestureLabel;
import io.dvstream.ingest.gesture.GestureTrial;
import io.dvstream.model.Ds2ta;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Window scoring of the streaming replay on the repository's tiny synthetic corpus. */
class StreamingWindowEvaluatorTest {

    @Test
    void scoresExactlyTheStrideAlignedWindowsInsideLabels() throws Exception {
        Ds2ta model = Ds2ta.random(TrainingPresets.tiny1x32(), 4);
        long dt = model.streaming().dtUs();
        int t = model.config().T();
        int stride = model.streaming().stride();
        List<GestureTrial> trials = GestureDataset.open(Path.of("..", "recordings")).trials(GestureDataset.Split.TEST);
        long expected = 0;
        for (GestureTrial trial : trials) {
            long first;
            long last = 0;
            try (RecordingReader r = trial.openRecording()) {
                var p = r.next();
                first = p.tUs(0);
                last = p.lastTUs();
                while (r.hasNext()) {
                    last = r.next().lastTUs();
                }
            }
            long origin = Math.floorDiv(first, dt) * dt;
            long frames = (last - origin) / dt;                 // frames closed before the last event's frame
            for (long f = stride - 1; f < frames; f += stride) {
                long end = origin + (f + 1) * dt;
                long start = end - t * dt;
                if (f + 1 < t) {
                    continue;
                }
                for (GestureLabel l : trial.labels()) {
                    if (l.startUs() <= start && end <= l.endUs()) {
                        expected++;
                        break;
                    }
                }
            }
        }
        ConfusionMatrix carry = StreamingWindowEvaluator.evaluate(model, trials, true);
        ConfusionMatrix reset = StreamingWindowEvaluator.evaluate(model, trials, false);
        assertThat(expected).isPositive();
        assertThat(carry.total()).isEqualTo(expected);
        assertThat(reset.total()).isEqualTo(expected);
    }
}
