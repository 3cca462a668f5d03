package io.dvstream.cli;

import static io.dvstream.cli.CommandLineTest.recording;
import static io.dvstream.cli.CommandLineTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.dvstream.broker.junit.KafkaBootstrap;
import io.dvstream.broker.junit.WithKafkaBroker;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

@WithKafkaBroker
class IngestCommandITCase {

    @Test
    void shouldIngestARecordingSourceAndAcknowledgeEveryEvent(@KafkaBootstrap String bootstrap) {
        Path alex = recording("dvs128_alex_walking_again.aedat");
        // 6.9 s of camera time in 5 ms packets is ~1,400 packets; the queue holds them all.
        Object[] r = run("ingest", "--source", "file:" + alex, "--camera", "ingest-cli-" + System.nanoTime(),
                "--kafka", bootstrap, "--queue-packets", "4096", "--no-status", "--compression", "zstd");
        assertThat(r[0]).as("stderr: %s", r[2]).isEqualTo(0);
        assertThat((String) r[1]).contains("Ingesting recording " + alex)
                .contains("Ingested 19,182 events, 19,182 acknowledged by Kafka")
                .contains("dropped 0 events in 0 packets");
    }
}
