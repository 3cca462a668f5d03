package io.dvstream.cli;

import io.dvstream.events.EventPacket;
import io.dvstream.events.wire.Topics;
import io.dvstream.ingest.gesture.GestureLabels;
import io.dvstream.ingest.kafka.PacketPublisher;
import io.dvstream.ingest.kafka.PublisherConfig;
import io.dvstream.ingest.replay.LoopingReader;
import io.dvstream.ingest.replay.TimedReplay;
import io.dvstream.kafka.clientconfig.KafkaClientConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dvstream replay}: a recording into Kafka at its real pace, as if its camera were live. */
@Command(name = "replay",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Replay a recording (AEDAT 2.0, 3.1 or 4.0) into the dvs.events topic as one live camera: "
                + "events are cut into packets of --packet-ms camera time, each sent when its time is due "
                + "(at --speed times real pace, or as fast as possible with --speed max), in the dvstream wire "
                + "format, keyed by --camera.",
                "--loop replays it again and again as one continuous camera: each pass's times are shifted to "
                + "start 1 ms after the previous pass's last event, so the camera clock never goes back, and "
                + "packet sequence numbers continue.",
                "--labels sends the recording's DVS Gesture labels to dvs.labels (JSON, keyed by camera) when the "
                + "replay reaches each label's start, so evaluation can score a live run.",
                "Progress (events, camera time, rate, lag behind real pace) is drawn on stderr; a summary line "
                + "follows on stdout."},
        footer = {"", "Example:",
                "  ./dvstream broker --port 19092 &",
                "  ./dvstream replay ../shared/recordings/dvs128_alex_walking_again.aedat --camera alex --kafka 127.0.0.1:19092",
                "  ./dvstream replay user01_natural.aedat --labels user01_natural_labels.csv --speed max --loops 3"})
final class ReplayCommand implements Callable<Integer> {

    /** Camera time between the last event of a pass and the first event of the next one. */
    static final long LOOP_GAP_US = 1_000;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The recording.")
    Path file;

    @Mixin
    RecordingOptions recording;

    @Mixin
    ReplayOptions replay;

    @Option(names = "--camera", paramLabel = "ID",
            description = "Camera id: the Kafka key of every packet. Default: the file name without extension.")
    String camera;

    @Option(names = "--kafka", paramLabel = "HOST:PORT", description = KafkaConfigOption.KAFKA_DESCRIPTION)
    String kafka;

    @Mixin
    KafkaConfigOption kafkaConfig;

    @Option(names = "--loop", description = "Replay again and again until stopped (Ctrl-C), on one continuous camera clock.")
    boolean loop;

    @Option(names = "--loops", paramLabel = "N",
            description = "Replay N times on one continuous camera clock, then stop. Default: 1 (endless with --loop).")
    Long loops;

    @Option(names = "--labels", paramLabel = "CSV",
            description = "DVS Gesture labels of the recording (class,startTime_usec,endTime_usec, on the recording's "
                    + "clock): each goes to " + Topics.LABELS + " as JSON when the replay reaches its start, in every pass.")
    Path labels;

    @Option(names = "--no-progress", description = "Do not draw the progress bar on stderr.")
    boolean noProgress;

    @Override
    public Integer call() throws Exception {
        if (loops != null && loops < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--loops must be >= 1, was " + loops);
        }
        if (loop && loops != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--loop (endless) and --loops N exclude each other");
        }
        long passes = loops != null ? loops : loop ? LoopingReader.FOREVER : 1;
        String cameraId = camera != null ? camera : stem(file);
        TimedReplay timed = replay.timedReplay(spec);
        LabelFeed feed = labels == null ? null : new LabelFeed(GestureLabels.read(labels));
        PrintWriter out = spec.commandLine().getOut();
        KafkaClientConfig clients = kafkaConfig.load(spec);
        String bootstrap = clients.bootstrapServers(kafka, KafkaConfigOption.DEFAULT_BOOTSTRAP);
        if (!KafkaConfigOption.accessible(bootstrap, clients, spec.commandLine().getErr())) {
            return 1;
        }
        long wallStart = System.nanoTime();
        TimedReplay.Result result;
        try (LoopingReader reader = new LoopingReader(() -> recording.open(file), passes, LOOP_GAP_US, feed);
             PacketPublisher publisher = new PacketPublisher(PublisherConfig.to(bootstrap), clients);
             LabelPublisher labelPublisher = feed == null ? null : new LabelPublisher(bootstrap, clients)) {
            out.printf(Locale.ROOT, "Replaying %s as camera %s (%s) into %s at %s%s%s%n", file, cameraId, reader.sensor(), bootstrap,
                    replay.speedText(), passes == 1 ? "" : passes == LoopingReader.FOREVER ? ", looping" : ", " + passes + " passes",
                    feed == null ? "" : ", " + feed.labelsPerPass() + " labels per pass to " + Topics.LABELS);
            out.flush();
            ReplayMeter meter = new ReplayMeter(replay.packetUs(), replay.speed, reader);
            try (Progress progress = noProgress ? null : new Progress(spec.commandLine().getErr(), "replay", -1, " events")) {
                result = timed.run(reader, cameraId, packet -> {
                    long windowEndUs = meter.windowEndUs(packet);
                    if (feed != null) {
                        feed.releaseBefore(windowEndUs, due -> labelPublisher.publish(cameraId, due));
                    }
                    publisher.publish(packet);
                    meter.sent(packet, windowEndUs);
                    if (progress != null && meter.dueForDisplay()) {
                        progress.stepTo(meter.events);
                        progress.message(meter.describe());
                    }
                });
                if (progress != null) {
                    progress.stepTo(meter.events);
                    progress.message(meter.describe());
                }
            }
            if (feed != null) {
                feed.finish();
                labelPublisher.flush();
            }
            publisher.flush();
            double wallSeconds = (System.nanoTime() - wallStart) / 1e9;
            out.printf(Locale.ROOT, "Sent %,d events in %,d packets over %,d pass%s (%.3f s of camera time) in %.2f s "
                            + "(%,.0f events/s), %.2f wire bytes/event, worst lag behind real pace %s%s%n",
                    result.events(), result.packets(), reader.passesPlayed(), reader.passesPlayed() == 1 ? "" : "es",
                    result.durationSeconds(), wallSeconds, result.events() / Math.max(wallSeconds, 1e-9),
                    result.events() == 0 ? 0.0 : (double) publisher.bytes() / result.events(),
                    replay.isMaxSpeed() ? "n/a (--speed max)" : String.format(Locale.ROOT, "%.1f ms", result.maxLagMs()),
                    feed == null ? "" : String.format(Locale.ROOT, "; %,d labels to %s%s", labelPublisher.sent(), Topics.LABELS,
                            feed.notReached() == 0 ? "" : String.format(Locale.ROOT,
                                    ", %,d not sent (they start after the recording's last event)", feed.notReached())));
        }
        return 0;
    }

    static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** What the progress bar shows: camera time replayed, rate, lag behind real pace, pass. */
    private static final class ReplayMeter {
        final long packetUs;
        final double speed;
        final LoopingReader reader;
        long events;
        long firstWindowEndUs = Long.MIN_VALUE;
        long firstUs;
        long lastUs;
        long wallStartNanos;
        double lagMs;
        long lastDisplayNanos = System.nanoTime() - 1_000_000_000L;

        ReplayMeter(long packetUs, double speed, LoopingReader reader) {
            this.packetUs = packetUs;
            this.speed = speed;
            this.reader = reader;
        }

        /** The end of the packet's window of camera time: when a live camera would have sent it. */
        long windowEndUs(EventPacket packet) {
            return packet.isEmpty() ? lastUs : Math.floorDiv(packet.firstTUs(), packetUs) * packetUs + packetUs;
        }

        void sent(EventPacket packet, long windowEndUs) {
            if (packet.isEmpty()) {
                return;
            }
            long now = System.nanoTime();
            if (firstWindowEndUs == Long.MIN_VALUE) {
                firstWindowEndUs = windowEndUs;
                firstUs = packet.firstTUs();
                wallStartNanos = now;
            }
            lastUs = packet.lastTUs();
            events += packet.size();
            if (speed > 0) {
                double dueMs = (windowEndUs - firstWindowEndUs) / 1e3 / speed;
                lagMs = Math.max(0, (now - wallStartNanos) / 1e6 - dueMs);
            }
        }

        /** True at most every 100 ms (formatting the message per packet would slow a --speed max replay). */
        boolean dueForDisplay() {
            long now = System.nanoTime();
            if (now - lastDisplayNanos < 100_000_000L) {
                return false;
            }
            lastDisplayNanos = now;
            return true;
        }

        String describe() {
            double wallSeconds = Math.max((System.nanoTime() - wallStartNanos) / 1e9, 1e-9);
            return String.format(Locale.ROOT, "camera %.3f s, %,.0f events/s, lag %s, pass %d", (lastUs - firstUs) / 1e6,
                    events / wallSeconds, speed > 0 ? String.format(Locale.ROOT, "%.1f ms", lagMs) : "n/a (max speed)",
                    reader.pass() + 1);
        }
    }
}
