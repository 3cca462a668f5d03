package io.dvstream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

class CommandLineTest {

    static Iterable<String> subcommands() {
        return Dvstream.commandLine().getSubcommands().keySet().stream().filter(n -> !n.equals("help")).toList();
    }

    /** Runs the command line and returns {exit code, stdout, stderr}. */
    static Object[] run(String... args) {
        CommandLine cmd = Dvstream.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        int code = cmd.execute(args);
        return new Object[] {code, out.toString(), err.toString()};
    }

    @ParameterizedTest
    @MethodSource("subcommands")
    void shouldExplainEverySubcommandWithAnExample(String name) {
        Object[] r = run(name, "--help");
        assertThat(r[0]).isEqualTo(0);
        assertThat((String) r[1]).contains("Usage: dvstream " + name).contains("Example:").contains("./dvstream " + name);
    }

    @Test
    void shouldListTheSubcommandsInTopLevelHelp() {
        Object[] r = run("--help");
        assertThat(r[0]).isEqualTo(0);
        assertThat((String) r[1]).contains("demo", "broker", "inspect", "replay");
    }

    @Test
    void shouldRejectUnknownOptionsWithUsage() {
        Object[] r = run("inspect", "--no-such-option", "x.aedat");
        assertThat(r[0]).isEqualTo(2);
        assertThat((String) r[2]).contains("Unknown option: '--no-such-option'");
    }

    @Test
    void shouldInspectARealRecording() {
        Path alex = recording("dvs128_alex_walking_again.aedat");
        Object[] r = run("inspect", alex.toString(), "--packet-ms", "10");
        assertThat(r[0]).isEqualTo(0);
        assertThat((String) r[1])
                .contains("sensor      dvs128 128x128")
                .contains("events      19,182 (ON 7,102, OFF 12,080)")
                .contains("41,306,606 .. 48,193,156 us (6.887 s)")
                .containsPattern("\\s+10\\s+683\\s+28\\.1\\s+3\\.\\d{3}");
    }

    @Test
    void shouldRejectASpeedThatIsNeitherANumberNorMax() {
        Object[] r = run("replay", "x.aedat", "--speed", "fast");
        assertThat(r[0]).isEqualTo(2);
        assertThat((String) r[2]).contains("--speed").contains("'fast' is neither a number nor max");
        Object[] negative = run("replay", "x.aedat", "--speed", "-1");
        assertThat((String) negative[2]).contains("must be >= 0 or max, was -1");
    }

    @Test
    void shouldRejectLoopTogetherWithLoops() {
        Object[] r = run("replay", "x.aedat", "--loop", "--loops", "2");
        assertThat(r[0]).isEqualTo(2);
        assertThat((String) r[2]).contains("--loop (endless) and --loops N exclude each other");
        Object[] zero = run("replay", "x.aedat", "--loops", "0");
        assertThat((String) zero[2]).contains("--loops must be >= 1, was 0");
    }

    @Test
    void shouldNameAMissingRecording() {
        Object[] r = run("inspect", "/nonexistent/file.aedat");
        assertThat(r[0]).isEqualTo(1);
        assertThat((String) r[2]).contains("/nonexistent/file.aedat");
    }

    /** A shared recording: the {@code dvstream.recordings} folder, else the nearest shared/recordings above. */
    static Path recording(String name) {
        String property = System.getProperty("dvstream.recordings");
        Path dir = property != null && Files.isDirectory(Path.of(property)) ? Path.of(property) : null;
        for (Path p = Path.of("").toAbsolutePath(); dir == null && p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("shared/recordings"))) {
                dir = p.resolve("shared/recordings");
            }
        }
        assumeTrue(dir != null, "no shared/recordings folder found: skipping");
        Path file = dir.resolve(name);
        assumeTrue(Files.exists(file), "shared recording " + file + " not present: skipping");
        return file;
    }
}
