package io.dvstream.cli;

import io.dvstream.events.wire.Topics;
import io.dvstream.ingest.aedat.AddressLayout;
import io.dvstream.ingest.jaer.JaerUdpFormat;
import io.dvstream.ingest.kafka.LabelPublisher;
import io.dvstream.ingest.kafka.PacketPublisher;
import io.dvstream.ingest.kafka.PublisherConfig;
import io.dvstream.ingest.live.LiveSource;
import io.dvstream.ingest.service.IngestService;
import io.dvstream.ingest.service.IngestSettings;
import io.dvstream.ingest.service.IngestStatus;
import io.dvstream.ingest.service.LiveSources;
import io.dvstream.ingest.service.PacketSink;
import io.dvstream.ingest.service.SourceConfig;
import io.dvstream.ingest.sim.LabelSink;
import io.dvstream.kafka.clientconfig.KafkaClientConfig;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dvstream ingest}: a live camera (jAER stream, USB, recording) into the dvs.events topic. */
@Command(name = "ingest",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Ingest a live camera into the dvs.events topic: events are cut into packets of --packet-ms camera "
                + "time (at most --max-packet-events each), numbered, and published keyed by --camera with an idempotent "
                + "producer (acks=all, lz4 by default).",
                "Sources: jaer-udp://HOST:PORT (listen for jAER's UDP output, port 8991), jaer-tcp://HOST:PORT (connect to "
                + "jAER's TCP stream server, port 8990, reconnecting when lost), file:PATH (a recording as fast as it reads), "
                + "usb:dvs128[:SERIAL], sim:SPEC (a simulated camera performing gestures; its ground-truth labels go to "
                + "dvs.labels in the format of replay --labels).",
                "Between the camera and Kafka sits a queue of --queue-packets packets. When it is full the newest packet is "
                + "dropped (the camera reader never waits) and its events are counted into the next packet's dropped-events "
                + "field. A status line on stderr shows events/s in and out, drops, queue and lag; --metrics-port serves the "
                + "same as Prometheus text at /metrics. Ctrl-C (SIGINT) or SIGTERM stops the camera, sends what is held and "
                + "waits for Kafka's acknowledgements."},
        footer = {"", "Example:",
                "  ./dvstream broker --port 19092 &",
                "  ./dvstream ingest --source jaer-udp://0.0.0.0:8991 --camera lab1 --sensor davis346 --kafka 127.0.0.1:19092 --metrics-port 9464",
                "  ./dvstream ingest --source jaer-tcp://jaer-host:8990 --camera lab2 --sensor dvs128"})
final class IngestCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--source", required = true, paramLabel = "URI",
            description = "jaer-udp://HOST:PORT | jaer-tcp://HOST:PORT | file:PATH | usb:dvs128[:SERIAL] | sim:SPEC")
    String source;

    @Option(names = "--camera", required = true, paramLabel = "ID", description = "Camera id: the Kafka key of every packet.")
    String camera;

    @Option(names = {"--sensor", "--chip"}, paramLabel = "CHIP", defaultValue = "dvs128",
            description = "How the camera packs addresses (jAER streams, USB): dvs128, davis240, davis346 or dvxplorer. "
                    + "Default: ${DEFAULT-VALUE}. Files use their own header.")
    String sensor;

    @Option(names = {"--kafka", "--bootstrap"}, paramLabel = "HOST:PORT", description = KafkaConfigOption.KAFKA_DESCRIPTION)
    String kafka;

    @Mixin
    KafkaConfigOption kafkaConfig;

    @Option(names = "--compression", paramLabel = "CODEC", defaultValue = "lz4",
            description = "Kafka compression: lz4 or zstd (or none, gzip, snappy). Default: ${DEFAULT-VALUE}.")
    String compression;

    @Option(names = "--packet-ms", paramLabel = "MS", defaultValue = "5",
            description = "Camera time per packet in milliseconds. Default: ${DEFAULT-VALUE}.")
    long packetMs;

    @Option(names = "--max-packet-events", paramLabel = "N", defaultValue = "65536",
            description = "Most events per packet. Default: ${DEFAULT-VALUE}.")
    int maxPacketEvents;

    @Option(names = "--queue-packets", paramLabel = "N", defaultValue = "32",
            description = "Packets held between camera and Kafka before the newest is dropped. Default: ${DEFAULT-VALUE}.")
    int queuePackets;

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Serve Prometheus metrics at http://HOST:PORT/metrics (0: any free port). Default: off.")
    Integer metricsPort;

    @Option(names = "--metrics-host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "Interface of the metrics endpoint. Default: ${DEFAULT-VALUE}.")
    String metricsHost;

    @Option(names = "--swap-bytes", description = "jAER streams: little-endian fields (jAER's 'swap bytes' option).")
    boolean swapBytes;

    @Option(names = "--udp-16bit", description = "jAER UDP: 16-bit address and timestamp fields.")
    boolean udp16Bit;

    @Option(names = "--udp-no-sequence", description = "jAER UDP: datagrams carry no sequence number (loss is not detectable).")
    boolean udpNoSequence;

    @Option(names = "--timestamp-multiplier", paramLabel = "X", defaultValue = "1.0",
            description = "jAER UDP: microseconds per timestamp tick (jAER's timestamp multiplier). Default: ${DEFAULT-VALUE}.")
    double timestampMultiplier;

    @Option(names = "--no-status", description = "Do not draw the status line on stderr.")
    boolean noStatus;

    @Override
    public Integer call() throws Exception {
        SourceConfig config;
        AddressLayout layout;
        JaerUdpFormat format;
        IngestSettings settings;
        PublisherConfig publisherConfig;
        KafkaClientConfig clients = kafkaConfig.load(spec);
        String bootstrap = clients.bootstrapServers(kafka, KafkaConfigOption.DEFAULT_BOOTSTRAP);
        try {
            config = SourceConfig.parse(source);
            layout = AddressLayout.forChipName(sensor);
            format = new JaerUdpFormat(!udpNoSequence, swapBytes, !udp16Bit, timestampMultiplier);
            settings = new IngestSettings(Math.multiplyExact(packetMs, 1_000L), maxPacketEvents, queuePackets,
                    IngestSettings.DEFAULTS.idleFlushUs());
            publisherConfig = PublisherConfig.to(bootstrap).withCompression(compression);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (!KafkaConfigOption.accessible(bootstrap, clients, spec.commandLine().getErr())) {
            return 1;
        }
        // Only a simulated camera knows what it is doing: its labels go to dvs.labels beside the events.
        LabelPublisher labels = config instanceof SourceConfig.Sim ? new LabelPublisher(bootstrap, clients) : null;
        LiveSource live;
        try {
            live = LiveSources.open(config, camera, layout, format, labels == null ? LabelSink.NONE : labels.simulatedCameraSink());
        } catch (UnsupportedOperationException e) {
            closeLabels(labels);
            spec.commandLine().getErr().println(e.getMessage());
            return 1;
        } catch (RuntimeException | java.io.IOException e) {
            closeLabels(labels);
            throw e;
        }
        InetSocketAddress metrics = metricsPort == null ? null : new InetSocketAddress(metricsHost, metricsPort);
        IngestService service;
        try {
            service = new IngestService(live, camera, settings, PacketSink.of(new PacketPublisher(publisherConfig, clients)), metrics,
                    noStatus ? null : System.err, Duration.ofSeconds(1));
        } catch (RuntimeException | java.io.IOException e) {
            live.close();
            closeLabels(labels);
            throw e;
        }
        out.printf(Locale.ROOT, "Ingesting %s as camera %s (%s) into %s%s; Ctrl-C stops%n", live.description(), camera,
                live.sensor(), bootstrap, service.metricsAddress() == null ? ""
                        : ", metrics at http://" + service.metricsAddress().getHostString() + ":" + service.metricsAddress().getPort() + "/metrics");
        out.flush();
        // SIGINT/SIGTERM run the hook: it stops the camera, flushes and reports; the JVM waits for hooks.
        Thread hook = new Thread(() -> finish(service, labels, out), "ingest-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        while (!service.awaitSourceEnd(Duration.ofSeconds(1))) {
            // a live camera runs until stopped
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            hook.join(); // the hook is closing the service and reporting
            return 0;
        }
        finish(service, labels, out);
        return 0;
    }

    /** Stops and flushes the service (and the labels), then prints the summary line. */
    private static void finish(IngestService service, LabelPublisher labels, PrintWriter out) {
        try {
            try {
                service.close();
            } finally {
                closeLabels(labels);
            }
        } finally {
            IngestStatus s = service.status();
            out.printf(Locale.ROOT, "Ingested %,d events, %,d acknowledged by Kafka in %,d packets; dropped %,d events in %,d "
                            + "packets (queue full); the source lost %,d events%n", s.eventsIn(), s.eventsAcknowledged(),
                    s.packetsPublished(), s.droppedEvents(), s.droppedPackets(), s.sourceDroppedEvents());
            if (labels != null) {
                out.printf(Locale.ROOT, "Published %,d labels to %s%n", labels.sent(), Topics.LABELS);
            }
            out.flush();
        }
    }

    /** Sends what the label publisher holds; the camera has stopped by now. */
    private static void closeLabels(LabelPublisher labels) {
        if (labels != null) {
            labels.close();
        }
    }
}
