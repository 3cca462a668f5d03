package io.dvstream.bench;

import io.dvstream.events.EventPacket;
import io.dvstream.ingest.EventWriter;
import io.dvstream.ingest.PacketLimits;
import io.dvstream.ingest.aedat.ReaderOptions;
import io.dvstream.ingest.aedat.AedatFormat;
import io.dvstream.ingest.aedat.RecordingReader;
import io.dvstream.ingest.aedat.RecordingWriters;
import io.dvstream.ingest.aedat.WriterOptions;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Recording readers: open a file (in the page cache after the first pass) and pull every packet.
 * "events" is events per second, header parsing and decompression included. The AEDAT 3.1 case is
 * a shared AEDAT 2.0 recording converted in the trial's setup. {@code packets}: {@code 10ms} cuts
 * packets as replay and ingest do (at most 8,192 events or 10 ms of camera time: the alex
 * recording gives 683 packets of 28 events); {@code 8192} only by count, closer to what the numpy
 * baseline does (one array for the whole file).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class ReaderBenchmark {

    private static final String CONVERTED_TO_31 = ">aedat31";

    @State(Scope.Benchmark)
    public static class Data {
        /** A shared recording, or {@code NAME>aedat31}: that recording converted to AEDAT 3.1. */
        @Param({"dvs128_alex_walking_again.aedat", "davis240c_IMU_translBoxes.aedat", "aestream_davis.aedat4",
                "davis240c_IMU_translBoxes.aedat>aedat31"})
        public String recording;

        @Param({"10ms", "8192"})
        public String packets;

        Path file;
        ReaderOptions options;
        private Path converted;

        @Setup(Level.Trial)
        public void locate() throws IOException {
            options = switch (packets) {
                case "10ms" -> ReaderOptions.DEFAULTS;
                case "8192" -> ReaderOptions.DEFAULTS.withLimits(PacketLimits.ofEvents(8_192));
                default -> throw new IllegalArgumentException("packets must be 10ms or 8192, was " + packets);
            };
            int arrow = recording.indexOf(CONVERTED_TO_31);
            file = RecordingFixture.file(arrow < 0 ? recording : recording.substring(0, arrow));
            if (!Files.isReadable(file)) {
                throw new IllegalStateException("cannot read " + file);
            }
            if (arrow >= 0) {
                // No real AEDAT 3.1 file is shared: write the same events with the project's writer.
                converted = Files.createTempFile("reader-bench-", ".aedat");
                try (RecordingReader reader = Recordings.open(file);
                        EventWriter writer = RecordingWriters.create(converted, AedatFormat.AEDAT_3_1, reader.sensor(),
                                WriterOptions.DEFAULTS)) {
                    while (reader.hasNext()) {
                        writer.write(reader.next());
                    }
                }
                file = converted;
            }
        }

        @TearDown(Level.Trial)
        public void deleteConverted() throws IOException {
            if (converted != null) {
                Files.deleteIfExists(converted);
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
        try (RecordingReader reader = Recordings.open(data.file, data.options)) {
            while (reader.hasNext()) {
                EventPacket p = reader.next();
                n += p.size();
                bh.consume(p);
            }
        }
        counted.events += n;
    }
}
