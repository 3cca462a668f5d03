package io.dvstream.cli;

import static io.dvstream.cli.CommandLineTest.recording;
import static org.assertj.core.api.Assertions.assertThat;

import io.dvstream.ingest.gesture.GestureClass;
import io.dvstream.ingest.gesture.GestureLabel;
import io.dvstream.ingest.gesture.GestureLabels;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabelFeedTest {

    private static final GestureLabel CLAP = new GestureLabel(GestureClass.HAND_CLAP, 2_000, 3_000);
    private static final GestureLabel WAVE = new GestureLabel(GestureClass.LEFT_HAND_WAVE, 5_000, 6_000);
    private static final GestureLabel EARLY = new GestureLabel(GestureClass.AIR_DRUMS, 100, 900);
    private static final GestureLabel LATE = new GestureLabel(GestureClass.ARM_ROLL, 20_000, 21_000);

    @Test
    void shouldReleaseALabelOnlyOnceTheCameraClockReachesItsStart() {
        LabelFeed feed = new LabelFeed(List.of(WAVE, CLAP));
        List<String> out = new ArrayList<>();
        feed.onPass(0, 0, 1_000, Long.MIN_VALUE);

        feed.releaseBefore(2_000, d -> out.add(d.label().gesture().name()));
        assertThat(out).isEmpty();
        feed.releaseBefore(2_001, d -> out.add(d.label().gesture().name()));
        assertThat(out).containsExactly("HAND_CLAP");
        feed.releaseBefore(10_000, d -> out.add(d.label().gesture().name()));
        assertThat(out).containsExactly("HAND_CLAP", "LEFT_HAND_WAVE");
        assertThat(feed.released()).isEqualTo(2);
    }

    @Test
    void shouldShiftLabelsWithEachPassAndDropThoseAfterThePassesEnd() {
        LabelFeed feed = new LabelFeed(List.of(LATE, CLAP, EARLY));
        List<LabelFeed.Due> out = new ArrayList<>();
        // Pass 0: events 1,000..9,000; pass 1 shifted by 9,000 (first event at 10,000).
        feed.onPass(0, 0, 1_000, Long.MIN_VALUE);
        feed.releaseBefore(9_001, out::add);
        feed.onPass(1, 9_000, 10_000, 9_000);
        feed.releaseBefore(18_001, out::add);
        feed.finish();

        assertThat(out).extracting(d -> d.pass() + ":" + d.label().gesture().number() + "@" + d.sendAtUs() + "/" + d.startUs())
                .containsExactly("0:9@1000/100", "0:1@2000/2000", "1:9@10000/9100", "1:1@11000/11000");
        assertThat(feed.notReached()).isEqualTo(2);
    }

    @Test
    void shouldReachNoneOfTheSharedGestureLabelsWithinTheAlexRecording() throws Exception {
        List<GestureLabel> labels = GestureLabels.read(recording("dvsgesture_user01_natural_labels.csv"));
        LabelFeed feed = new LabelFeed(labels);
        List<LabelFeed.Due> out = new ArrayList<>();
        // alex spans 41.3 s .. 48.2 s; user01's labels run from 53.0 s.
        feed.onPass(0, 0, 41_306_606L, Long.MIN_VALUE);
        feed.releaseBefore(48_193_157L, out::add);
        feed.finish();
        assertThat(feed.labelsPerPass()).isEqualTo(12);
        assertThat(out).isEmpty();
        assertThat(feed.notReached()).isEqualTo(12);
    }

    @Test
    void shouldWriteALabelAsOneJsonRecord() {
        LabelFeed.Due due = new LabelFeed.Due(WAVE, 1, 15_000, 16_000, 15_000);
        try (LabelPublisher publisher = new LabelPublisher("127.0.0.1:1")) {
            assertThat(publisher.toJson("cam-1", due)).isEqualTo(
                    "{\"camera\":\"cam-1\",\"class\":3,\"gesture\":\"left hand wave\",\"startUs\":15000,\"endUs\":16000,\"pass\":1}");
        }
    }
}
