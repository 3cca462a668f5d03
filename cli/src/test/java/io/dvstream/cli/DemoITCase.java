package io.dvstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's first command, end to end: an embedded broker, replay, consume, decode, bin. */
class DemoITCase {

    @Test
    void shouldDeliverEveryReplayedEventThroughKafkaIntoFrames() {
        Path alex = CommandLineTest.recording("dvs128_alex_walking_again.aedat");
        Path davis = CommandLineTest.recording("aestream_davis.aedat4");
        Object[] r = CommandLineTest.run("demo", "--recording", alex.toString(), "--recording", davis.toString(), "--speed", "0");
        String out = (String) r[1];
        assertThat(r[0]).as(out + r[2]).isEqualTo(0);
        assertThat(out).contains("Every event sent reached the consumer");
        // camera, sensor, sent, received, packets, sequence gaps
        assertThat(out).containsPattern("dvs128_alex_walking_again\\s+dvs128 128x128\\s+19182\\s+19182\\s+683\\s+0 ");
        assertThat(out).containsPattern("aestream_davis\\s+davis346 346x260\\s+117667\\s+117667\\s+14\\s+0 ");
    }
}
