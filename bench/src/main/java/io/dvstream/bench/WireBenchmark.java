package io.dvstream.bench;

import io.dvstream.events.EventPacket;
import io.dvstream.events.wire.WireCodec;
import java.util.List;
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
 * Wire codec throughput on a real recording cut into Kafka-sized packets. The "events" secondary
 * result is events per second. The encoded size per event is printed once per trial (and by
 * {@code ./dvstream inspect FILE}, which tabulates it for several packet lengths).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class WireBenchmark {

    @State(Scope.Benchmark)
    public static class Data {
        @Param({"dvs128_alex_walking_again.aedat", "davis240c_IMU_translBoxes.aedat"})
        public String recording;

        /** Packet length in camera microseconds, as the ingest service cuts them. */
        @Param({"10000"})
        public long packetUs;

        List<EventPacket> packets;
        byte[][] records;
        long events;
        long bytes;

        @Setup(Level.Trial)
        public void load() {
            packets = RecordingFixture.packets(recording, packetUs);
            WireCodec codec = new WireCodec();
            records = new byte[packets.size()][];
            for (int i = 0; i < records.length; i++) {
                records[i] = codec.encode(packets.get(i));
                events += packets.get(i).size();
                bytes += records[i].length;
            }
            System.out.printf(java.util.Locale.ROOT, "%n%s cut into %d packets of %d us: %d events, %.3f wire bytes/event%n",
                    recording, records.length, packetUs, events, (double) bytes / events);
        }
    }

    /** Counters JMH reports per second (events) or as an average (bytes per event). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Events {
        public long events;
    }

    @State(Scope.Thread)
    public static class Codec {
        final WireCodec codec = new WireCodec();
        final EventPacket into = new EventPacket("bench", io.dvstream.events.sensor.SensorGeometry.DVS128, 4096);
    }

    @Benchmark
    public void encode(Data data, Codec c, Events counted, Blackhole bh) {
        for (EventPacket p : data.packets) {
            bh.consume(c.codec.encodedSize(p));
        }
        counted.events += data.events;
    }

    @Benchmark
    public void decode(Data data, Codec c, Events counted, Blackhole bh) {
        for (byte[] record : data.records) {
            c.codec.decode("bench", record, 0, record.length, c.into);
            bh.consume(c.into.size());
        }
        counted.events += data.events;
    }
}
