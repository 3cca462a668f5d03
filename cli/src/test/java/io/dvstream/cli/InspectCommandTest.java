package io.dvstream.cli;

import static io.dvstream.cli.CommandLineTest.recording;
import static io.dvstream.cli.CommandLineTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Golden values from shared/recordings/README.md (rates: counted independently from the raw records). */
class InspectCommandTest {

    @Test
    void shouldReportMeanAndPeakRatePerTenMillisecondWindow() {
        Object[] r = run("inspect", recording("dvs128_alex_walking_again.aedat").toString());
        assertThat(r[0]).as((String) r[2]).isEqualTo(0);
        // 19,182 events over the windows 4130..4819 (x 10 ms); the busiest is [41.90 s, 41.91 s) with 168.
        assertThat((String) r[1])
                .contains("rate        per 10 ms window: mean 2,780 events/s (27.8 events in each of 690 windows), "
                        + "peak 16,800 events/s (168 events from 41,900,000 us)")
                .contains("clock       0 wraps, 0 resets, 0 backward steps held")
                .doesNotContain("streams");
    }

    @Test
    void shouldPrintTheSameFactsAsJson() throws Exception {
        Object[] r = run("inspect", recording("dvs128_alex_walking_again.aedat").toString(), "--json", "--packet-ms", "10");
        assertThat(r[0]).as((String) r[2]).isEqualTo(0);
        JsonNode json = new ObjectMapper().readTree((String) r[1]);

        assertThat(json.get("format").asText()).isEqualTo("AEDAT_2_0");
        assertThat(json.get("sensor").get("name").asText()).isEqualTo("dvs128");
        assertThat(json.get("sensor").get("width").asInt()).isEqualTo(128);
        assertThat(json.get("events").asLong()).isEqualTo(19_182);
        assertThat(json.get("on").asLong()).isEqualTo(7_102);
        assertThat(json.get("off").asLong()).isEqualTo(12_080);
        assertThat(json.get("firstUs").asLong()).isEqualTo(41_306_606);
        assertThat(json.get("lastUs").asLong()).isEqualTo(48_193_156);
        assertThat(json.get("x").get("max").asInt()).isEqualTo(127);
        JsonNode rate = json.get("rate");
        assertThat(rate.get("windowUs").asLong()).isEqualTo(10_000);
        assertThat(rate.get("windows").asLong()).isEqualTo(690);
        assertThat(rate.get("meanEventsPerSecond").asDouble()).isEqualTo(2_780.0);
        assertThat(rate.get("peakWindowEvents").asLong()).isEqualTo(168);
        assertThat(rate.get("peakWindowStartUs").asLong()).isEqualTo(41_900_000);
        assertThat(json.get("clock").get("wraps").asLong()).isZero();
        assertThat(json.get("clock").get("resets").asLong()).isZero();
        assertThat(json.get("clock").get("backwardSteps").asLong()).isZero();
        assertThat(json.has("streams")).isFalse();
        JsonNode wire = json.get("wire").get(0);
        assertThat(wire.get("packetUs").asLong()).isEqualTo(10_000);
        assertThat(wire.get("packets").asLong()).isEqualTo(683);
    }

    @Test
    void shouldListTheStreamsOfAnAedat4File() throws Exception {
        String davis = recording("aestream_davis.aedat4").toString();
        Object[] text = run("inspect", davis);
        assertThat(text[0]).as((String) text[2]).isEqualTo(0);
        assertThat((String) text[1])
                .contains("streams     4, LZ4 compression, events read from stream 0")
                .containsPattern("\\s+0\\s+EVTS\\s+346x260\\s+DAVIS346_00000104")
                .containsPattern("\\s+3\\s+TRIG\\s+-");

        Object[] r = run("inspect", davis, "--json");
        JsonNode json = new ObjectMapper().readTree((String) r[1]);
        assertThat(json.get("compression").asText()).isEqualTo("LZ4");
        List<String> types = new ArrayList<>();
        json.get("streams").forEach(s -> types.add(s.get("id").asInt() + " " + s.get("type").asText()));
        assertThat(types).containsExactly("0 EVTS", "1 FRME", "2 IMUS", "3 TRIG");
        assertThat(json.get("streams").get(0).get("source").asText()).isEqualTo("DAVIS346_00000104");
        assertThat(json.get("events").asLong()).isEqualTo(117_667);
        assertThat(json.get("on").asLong()).isEqualTo(72_363);
        assertThat(json.get("firstUs").asLong()).isEqualTo(1_633_953_690_975_950L);
        assertThat(json.get("lastUs").asLong()).isEqualTo(1_633_953_691_105_949L);
        assertThat(json.get("x").get("max").asInt()).isEqualTo(345);
        assertThat(json.get("y").get("max").asInt()).isEqualTo(259);
        assertThat(json.get("skipped").get("frames").asLong()).isEqualTo(3);
        assertThat(json.get("skipped").get("imuSamples").asLong()).isEqualTo(130);
        assertThat(json.get("skipped").get("triggers").asLong()).isEqualTo(15);
        JsonNode rate = json.get("rate");
        assertThat(rate.get("peakWindowEvents").asLong()).isPositive();
        assertThat(rate.get("peakEventsPerSecond").asDouble()).isGreaterThanOrEqualTo(rate.get("meanEventsPerSecond").asDouble());
    }

    @Test
    void shouldCountImuSamplesOfAnAedat2DavisFile() throws Exception {
        Object[] r = run("inspect", recording("davis240c_IMU_translBoxes.aedat").toString(), "--json");
        assertThat(r[0]).as((String) r[2]).isEqualTo(0);
        JsonNode json = new ObjectMapper().readTree((String) r[1]);
        assertThat(json.get("events").asLong()).isEqualTo(162_771);
        assertThat(json.get("on").asLong()).isEqualTo(82_944);
        assertThat(json.get("skipped").get("imuSamples").asLong()).isEqualTo(4_833);
        assertThat(json.get("skipped").get("imuLooseWords").asLong()).isEqualTo(6);
        assertThat(json.get("durationUs").asLong()).isEqualTo(297_049_406L - 294_976_755L);
    }
}
