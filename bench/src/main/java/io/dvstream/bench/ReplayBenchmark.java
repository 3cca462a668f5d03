package io.dvstream.bench;

import io.dvstream.broker.BrokerConfig;
import io.dvstream.broker.EmbeddedKafkaBroker;
import io.dvstream.ingest.aedat.RecordingReader;
import io.dvstream.ingest.aedat.Recordings;
import io.dvstream.ingest.kafka.PacketPublisher;
import io.dvstream.ingest.kafka.PublisherConfig;
import io.dvstream.ingest.replay.TimedReplay;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Replay at full speed ({@code --speed 0}) into a real Kafka broker running in the same JVM, as
 * {@code dvstream replay} does: read, cut into packets, encode, publish; each invocation waits until
 * Kafka acknowledged everything (acks=all). "events" is events per second. Broker and producer
 * share the machine's cores, as on a one-machine deployment.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class ReplayBenchmark {

    @State(Scope.Benchmark)
    public static class Pipeline {
        @Param({"davis240c_IMU_translBoxes.aedat"})
        public String recording;

        @Param({"10000"})
        public long packetUs;

        Path file;
        EmbeddedKafkaBroker broker;
        PacketPublisher publisher;
        int camera;

        @Setup(Level.Trial)
        public void start() {
            file = RecordingFixture.file(recording);
            broker = new EmbeddedKafkaBroker(BrokerConfig.defaults().withPort(0)).start();
            publisher = new PacketPublisher(PublisherConfig.to(broker.bootstrapServers()));
        }

        @TearDown(Level.Trial)
        public void stop() {
            publisher.close();
            broker.close();
        }
    }

    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Events {
        public long events;
    }

    @Benchmark
    public void replayAtFullSpeed(Pipeline p, Events counted) throws IOException, InterruptedException {
        try (RecordingReader reader = Recordings.open(p.file)) {
            // Four camera ids in turn, so the packets spread over partitions as several cameras would.
            counted.events += new TimedReplay(p.packetUs, 0).run(reader, "cam-" + (p.camera++ % 4), p.publisher::publish).events();
        }
        p.publisher.flush();
    }
}
