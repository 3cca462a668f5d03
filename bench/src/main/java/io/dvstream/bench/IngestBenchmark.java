package io.dvstream.bench;

import io.dvstream.broker.BrokerConfig;
import io.dvstream.broker.EmbeddedKafkaBroker;
import io.dvstream.ingest.aedat.AddressLayout;
import io.dvstream.ingest.jaer.JaerUdpFormat;
import io.dvstream.ingest.jaer.JaerUdpReceiver;
import io.dvstream.ingest.jaer.JaerUdpSender;
import io.dvstream.ingest.jaer.RawAedat2Records;
import io.dvstream.ingest.kafka.PacketPublisher;
import io.dvstream.ingest.kafka.PublisherConfig;
import io.dvstream.ingest.service.IngestService;
import io.dvstream.ingest.service.IngestSettings;
import io.dvstream.ingest.service.IngestStatus;
import io.dvstream.ingest.service.PacketSink;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
 * {@code dvstream ingest --source jaer-udp://...} into a real Kafka broker in the same JVM: the
 * {@link JaerUdpSender} plays a recording over loopback UDP once per invocation, at {@code speed}
 * times its recorded pace, the ingest service receives, decodes, packetises and publishes (acks=all, lz4), and
 * each invocation waits until Kafka acknowledged everything that was received. "events" is
 * acknowledged events per second; "lostDatagrams" and "droppedEvents" say whether that rate was
 * lossless (UDP receive buffer overflow, resp. full queue). Sender, receiver, producer and broker
 * share the machine's cores.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class IngestBenchmark {

    @State(Scope.Benchmark)
    public static class Pipeline {
        @Param({"davis240c_IMU_translBoxes.aedat"})
        public String recording;

        /** Times the recorded pace: davis240c holds ~95 k records/s, so 10 ~ 1 M/s, 40 ~ 3.8 M/s, 126 ~ 12 M/s; 0 = flat out. */
        @Param({"10", "40", "126", "0"})
        public double speed;

        RawAedat2Records raw;
        EmbeddedKafkaBroker broker;
        JaerUdpReceiver receiver;
        IngestService service;
        JaerUdpSender sender;
        IngestStatus iterationStart;

        @Setup(Level.Trial)
        public void start() throws IOException {
            raw = RawAedat2Records.read(RecordingFixture.file(recording));
            broker = new EmbeddedKafkaBroker(BrokerConfig.defaults().withPort(0)).start();
            receiver = new JaerUdpReceiver(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), JaerUdpFormat.DEFAULT,
                    AddressLayout.DAVIS240, "bench");
            IngestSettings settings = new IngestSettings(5_000, 65_536, 4_096, 2_000);
            service = new IngestService(receiver, "bench", settings,
                    PacketSink.of(new PacketPublisher(PublisherConfig.to(broker.bootstrapServers()))), null, null, null);
            sender = JaerUdpSender.jaerDefaults(receiver.localAddress());
        }

        @Setup(Level.Iteration)
        public void startIteration() {
            service.resetLatencies();
            iterationStart = service.status();
        }

        /** Latency of this iteration alone (a warm-up iteration prints its own line): receipt of a packet's first event to Kafka's ack. */
        @TearDown(Level.Iteration)
        public void endIteration() {
            IngestStatus s = service.status();
            System.out.printf("%n[ingest] speed %s, one iteration: ack latency p50 %.1f ms, p99 %.1f ms over %,d events, %,d datagrams lost%n",
                    speed, s.latencyP50Ms(), s.latencyP99Ms(), s.eventsAcknowledged() - iterationStart.eventsAcknowledged(),
                    s.source().get("datagrams_lost_total") - iterationStart.source().get("datagrams_lost_total"));
        }

        @TearDown(Level.Trial)
        public void stop() {
            sender.close();
            service.close();
            broker.close();
        }
    }

    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Counts {
        public long lostDatagrams;
        public long droppedEvents;
    }

    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Events {
        public long events;
    }

    @Benchmark
    public void udpIntoKafka(Pipeline p, Events counted, Counts losses) throws IOException, InterruptedException {
        IngestStatus before = p.service.status();
        long datagramsBefore = p.sender.datagramsSent();
        if (p.speed > 0) {
            p.sender.sendPaced(p.raw, p.speed);
        } else {
            p.sender.send(p.raw);
        }
        long sent = p.sender.datagramsSent() - datagramsBefore;
        IngestStatus now = p.service.status();
        // Done when every datagram sent arrived or was counted lost (or nothing moved for 200 ms: the
        // last datagrams were lost), and everything received is acknowledged or dropped.
        long quietSince = System.nanoTime();
        long lastAcked = -1;
        while (System.nanoTime() - quietSince < TimeUnit.MILLISECONDS.toNanos(200)) {
            now = p.service.status();
            long seen = now.source().get("datagrams_received_total") + now.source().get("datagrams_lost_total")
                    - before.source().get("datagrams_received_total") - before.source().get("datagrams_lost_total");
            boolean settled = now.eventsAcknowledged() + now.droppedEvents() == now.eventsIn();
            if (seen >= sent && settled) {
                break;
            }
            if (now.eventsAcknowledged() != lastAcked || !settled) {
                lastAcked = now.eventsAcknowledged();
                quietSince = System.nanoTime();
            }
            Thread.sleep(1);
        }
        counted.events += now.eventsAcknowledged() - before.eventsAcknowledged();
        losses.lostDatagrams += now.source().get("datagrams_lost_total") - before.source().get("datagrams_lost_total");
        losses.droppedEvents += now.droppedEvents() - before.droppedEvents();
    }
}
