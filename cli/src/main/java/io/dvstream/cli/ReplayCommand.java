package io.dvstream.cli;

import io.dvstream.ingest.aedat.RecordingReader;
import io.dvstream.ingest.kafka.PacketPublisher;
import io.dvstream.ingest.kafka.PublisherConfig;
import io.dvstream.ingest.replay.TimedReplay;
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
        description = {"Replay a recording (AEDAT 2.0 or 4.0) into the dvs.events topic as one live camera: "
                + "events are cut into packets of --packet-ms camera time, each sent when its time is due "
                + "(at --speed times real pace), in the dvstream wire format, keyed by --camera."},
        footer = {"", "Example:",
                "  ./dvstream broker --port 19092 &",
                "  ./dvstream replay ../shared/recordings/dvs128_alex_walking_again.aedat --camera alex --kafka 127.0.0.1:19092"})
final class ReplayCommand implements Callable<Integer> {

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

    @Option(names = "--kafka", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:9092",
            description = "Kafka bootstrap servers. Default: ${DEFAULT-VALUE} (what ./dvstream broker starts).")
    String kafka;

    @Override
    public Integer call() throws Exception {
        String cameraId = camera != null ? camera : stem(file);
        TimedReplay timed = replay.timedReplay(spec);
        PrintWriter out = spec.commandLine().getOut();
        TimedReplay.Result result;
        try (RecordingReader reader = recording.open(file);
             PacketPublisher publisher = new PacketPublisher(PublisherConfig.to(kafka))) {
            out.printf(Locale.ROOT, "Replaying %s as camera %s (%s) into %s at %s%n", file, cameraId, reader.sensor(), kafka,
                    replay.speedText());
            out.flush();
            result = timed.run(reader, cameraId, publisher::publish);
            publisher.flush();
            out.printf(Locale.ROOT, "Sent %,d events in %,d packets (%.3f s of camera time), %.2f wire bytes/event, "
                            + "worst lag behind real pace %.1f ms%n",
                    result.events(), result.packets(), result.durationSeconds(),
                    result.events() == 0 ? 0.0 : (double) publisher.bytes() / result.events(), result.maxLagMs());
        }
        return 0;
    }

    static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
