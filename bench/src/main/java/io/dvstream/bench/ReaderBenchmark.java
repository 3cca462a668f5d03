package io.dvstream.bench;

import io.dvstream.events.EventPacket;
import io.dvstream.ingest.aedat.RecordingReader;
import io.dvstream.ingest.aedat.Recordings;
import java.io.IOException;
import java.nio.file.Files;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Recording readers: open a file (in the page cache after the first pass) and pull every packet.
 * "events" is events per second, header parsing and decompression included.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class ReaderBenchmark {

    @State(Scope.Benchmark)
    public static class Data {
        @Param({"dvs128_alex_walking_again.aedat", "davis240c_IMU_translBoxes.aedat", "aestream_davis.aedat4"})
        public String recording;

        Path file;

        @Setup(Level.Trial)
        public void locate() {
            file = RecordingFixture.file(recording);
            if (!Files.isReadable(file)) {
                throw new IllegalStateException("cannot read " + file);
            }
        }
    }

    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Events {
        public long events;
    }

    @Benchmark
    public void read(Data data, Events counted, Blackhole bh) throws IOException {
        long n = 0;
        try (RecordingReader reader = Recordings.open(data.file)) {
            while (reader.hasNext()) {
                EventPacket p = reader.next();
                n += p.size();
                bh.consume(p);
            }
        }
        counted.events += n;
    }
}
