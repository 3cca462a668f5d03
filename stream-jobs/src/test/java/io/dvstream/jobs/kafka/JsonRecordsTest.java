package io.dvstream.jobs.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dvstream.jobs.binning.SparseFrame;
import io.dvstream.jobs.packets.DeadLetter;
import org.junit.jupiter.api.Test;

class JsonRecordsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void shouldWriteTheFrameSummary() throws Exception {
        SparseFrame f = new SparseFrame();
        f.cameraId = "cam \"1\"";
        f.stream = 2;
        f.index = 7;
        f.startUs = 70_000;
        f.endUs = 80_000;
        f.eventCount = 5;
        f.onCount = 3;
        f.offCount = 2;
        f.cells = new int[] {1, 2, 3};
        f.counts = new float[] {1, 1, 3};

        JsonNode n = MAPPER.readTree(JsonRecords.frameSummary(f));

        assertThat(n.toString()).isEqualTo("{\"camera\":\"cam \\\"1\\\"\",\"stream\":2,\"frame\":7,\"startUs\":70000,"
                + "\"endUs\":80000,\"events\":5,\"on\":3,\"off\":2,\"cells\":3}");
    }

    @Test
    void shouldWriteTheDeadLetter() throws Exception {
        JsonNode n = MAPPER.readTree(JsonRecords.deadLetter(new DeadLetter(null, "VERSION", "bad", "dvs.events", 1, 9, 2)));

        assertThat(n.get("camera").isNull()).isTrue();
        assertThat(n.get("kind").asText()).isEqualTo("VERSION");
        assertThat(n.get("reason").asText()).isEqualTo("bad");
        assertThat(n.get("partition").asInt()).isEqualTo(1);
        assertThat(n.get("offset").asLong()).isEqualTo(9);
        assertThat(n.get("valueBytes").asInt()).isEqualTo(2);
    }
}
