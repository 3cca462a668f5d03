package io.dvstream.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvstream.ingest.gesture.GestureClass;
import io.dvstream.ingest.gesture.GestureLabel;
import io.dvstream.jobs.decisions.GestureEvent;
import io.dvstream.jobs.decisions.GestureEvent.Kind;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CameraTallyTest {

    private static GestureEvent window(int classIndex, long startUs, long endUs, long emittedAtMs) {
        return new GestureEvent("cam", Kind.WINDOW, "c" + classIndex, classIndex, 0.5, new float[11], new float[11], 0, 0,
                startUs, endUs, emittedAtMs, "m", 0.1, 1e-6, 2.0);
    }

    @Test
    void shouldScoreWindowsByTheLabelAtTheirMiddleAndMeasureLatencyFromTheWindowEndsPacket() {
        CameraTally t = new CameraTally("cam", Path.of("x.aedat"),
                List.of(new GestureLabel(GestureClass.HAND_CLAP, 1_000_000, 2_000_000),
                        new GestureLabel(GestureClass.AIR_DRUMS, 3_000_000, 4_000_000)));
        t.published(1_010_000, 5_000, 10);
        t.published(1_500_000, 5_490, 10);
        t.published(2_000_000, 6_000, 10);

        t.record(window(GestureClass.HAND_CLAP.index(), 1_000_000, 1_500_000, 5_530));  // middle 1.25 s: hand clap, right
        t.record(window(GestureClass.HAND_CLAP.index(), 1_500_000, 2_000_000, 6_100));  // right
        t.record(window(GestureClass.HAND_CLAP.index(), 3_100_000, 3_600_000, 9_000));  // air drums: wrong
        t.record(window(0, 2_100_000, 2_600_000, 9_500));                               // middle 2.35 s: unlabelled

        assertThat(t.windows()).isEqualTo(4);
        assertThat(t.labelledWindows()).isEqualTo(3);
        assertThat(t.correctWindows()).isEqualTo(2);
        assertThat(t.eventsSent.get()).isEqualTo(30);
        // Latency: emit time minus the publish time of the last packet ending at or before the window's end.
        assertThat(t.latencies()).containsExactly(40L, 100L, 3_000L, 3_500L);
        assertThat(t.latencyPercentileMs(50)).isEqualTo(100);
        assertThat(t.latencyPercentileMs(99)).isEqualTo(3_500);
    }

    @Test
    void shouldTakeNearestRankPercentilesAndSayWhenThereAreNone() {
        assertThat(CameraTally.percentile(List.of(), 50)).isEqualTo(-1);
        List<Long> hundred = java.util.stream.LongStream.rangeClosed(1, 100).boxed().toList();
        assertThat(CameraTally.percentile(hundred, 50)).isEqualTo(50);
        assertThat(CameraTally.percentile(hundred, 99)).isEqualTo(99);
        assertThat(CameraTally.percentile(List.of(7L), 99)).isEqualTo(7);
    }

    @Test
    void shouldReportTopClassChanges() {
        CameraTally t = new CameraTally("cam", Path.of("x.aedat"), List.of());
        assertThat(t.topChanged(window(3, 0, 1, 0))).isTrue();
        assertThat(t.topChanged(window(3, 0, 1, 0))).isFalse();
        assertThat(t.topChanged(window(4, 0, 1, 0))).isTrue();
    }

    @Test
    void shouldExpectWindowsOnlyFromAReplayThatSpannedOneWindow() {
        CameraTally t = new CameraTally("cam", Path.of("x.aedat"), List.of());
        assertThat(t.expectsWindows(500_000)).as("nothing replayed").isFalse();
        t.spanned(1_000_000, 1_200_000);
        t.spanned(1_200_000, 1_499_999);
        assertThat(t.expectsWindows(500_000)).isFalse();
        t.spanned(1_499_999, 1_500_000);
        assertThat(t.expectsWindows(500_000)).isTrue();
        t.replayError = "boom";
        assertThat(t.expectsWindows(500_000)).as("a failed replay").isFalse();
    }
}
