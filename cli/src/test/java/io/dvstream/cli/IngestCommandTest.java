package io.dvstream.cli;

import static io.dvstream.cli.CommandLineTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code dvstream ingest} option handling (no broker needed: every case fails before publishing). */
class IngestCommandTest {

    @Test
    void shouldRejectABadSourceWithTheReason() {
        Object[] r = run("ingest", "--source", "jaer-udp://0.0.0.0", "--camera", "c");
        assertThat(r[0]).isEqualTo(2);
        assertThat((String) r[2]).contains("source 'jaer-udp://0.0.0.0': expected jaer-udp://HOST:PORT");
    }

    @Test
    void shouldRejectAnUnknownChip() {
        Object[] r = run("ingest", "--source", "jaer-udp://127.0.0.1:0", "--camera", "c", "--sensor", "atis");
        assertThat(r[0]).isEqualTo(2);
        assertThat((String) r[2]).contains("Unknown chip 'atis': expected one of [dvs128, davis240, davis346, dvxplorer]");
    }

    @Test
    void shouldSayTheSimulatorIsNotConnectedToIngestYet() {
        Object[] r = run("ingest", "--source", "sim:gestures", "--camera", "c");
        assertThat(r[0]).isEqualTo(1);
        assertThat((String) r[2]).contains("the simulated camera (io.dvstream.ingest.sim.SimulatedCamera) is in this build but not yet "
                + "connected to the ingest service");
    }
}
