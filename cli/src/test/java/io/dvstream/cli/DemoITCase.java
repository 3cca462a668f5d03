package io.dvstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's first command, end to end: embedded broker, the gesture job on a MiniCluster with
 * DS2TA small-1-64 at seeded random weights, the two bundled synthetic labelled recordings replayed
 * as two cameras (their first 6 s, at 4x pace), decisions read back from dvs.gestures.
 */
class DemoITCase {

    static Path bundled(String name) {
        for (Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("recordings").resolve(name);
            if (Files.isReadable(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("bundled recording recordings/" + name + " not found");
    }

    private static List<Path> demoTempDirs() throws IOException {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("dvstream-demo-")).toList();
        }
    }

    @Test
    void shouldReturnWindowDecisionsForEveryCameraAndCleanUp() throws Exception {
        List<Path> before = demoTempDirs();
        Object[] r = CommandLineTest.run("demo", "--recording", bundled("user01_lab.aedat").toString(),
                "--recording", bundled("user02_lab.aedat").toString(), "--speed", "4", "--max-seconds", "6",
                "--model", "random:small-1-64:1");
        String out = (String) r[1];
        String err = (String) r[2];
        System.out.println(out);
        assertThat(r[0]).as(out + err).isEqualTo(0);
        assertThat(err).contains("RANDOM WEIGHTS").contains("chance level");
        assertThat(out).contains("Gesture job running on a local Flink MiniCluster")
                .contains("Every camera got window decisions back; job cancelled.")
                .contains("Broker stopped.");
        // camera, events sent, windows (6 s of 50 ms frames, T = 10, stride 5: at most 23, idle ones give no record; at least 10), gesture starts, accuracy
        assertThat(out).containsPattern("user01_lab\\s+\\d+\\s+([1-9]\\d|\\d{3,})\\s+\\d+\\s+\\s*\\d+\\.\\d% of \\d+ labelled");
        assertThat(out).containsPattern("user02_lab\\s+\\d+\\s+([1-9]\\d|\\d{3,})\\s+\\d+\\s+\\s*\\d+\\.\\d% of \\d+ labelled");
        assertThat(out).containsPattern("accuracy over \\d+ labelled windows: .*chance with 11 classes: 9\\.1%");
        assertThat(demoTempDirs()).containsExactlyInAnyOrderElementsOf(before);
    }
}
