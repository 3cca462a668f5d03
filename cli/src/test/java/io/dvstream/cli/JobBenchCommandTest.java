package io.dvstream.cli;

import static io.dvstream.cli.CommandLineTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code job bench}'s options; the harness itself is measured, not unit-tested (docs/benchmarks.md). */
class JobBenchCommandTest {

    @Test
    void shouldExplainItselfWithExamples() {
        Object[] r = run("job", "bench", "--help");
        assertThat(r[0]).isEqualTo(0);
        assertThat((String) r[1]).contains("Usage: dvstream job bench").contains("./dvstream job bench --cameras 20");
    }

    @Test
    void shouldRejectBadCountsAndAMissingRecordingBeforeStartingAnything() {
        Object[] zero = run("job", "bench", "--cameras", "0");
        assertThat(zero[0]).isEqualTo(2);
        assertThat((String) zero[2]).contains("--cameras and --parallelism must be >= 1");
        Object[] missing = run("job", "bench", "--recording", "no/such/file.aedat");
        assertThat(missing[0]).isEqualTo(2);
        assertThat((String) missing[2]).contains("--recording no/such/file.aedat is not a readable file");
    }
}
