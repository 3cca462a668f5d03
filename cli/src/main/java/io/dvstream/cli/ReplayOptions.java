package io.dvstream.cli;

import io.dvstream.ingest.replay.TimedReplay;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Pace and packet length of a replay. */
final class ReplayOptions {

    @Option(names = "--speed", paramLabel = "X", defaultValue = "1",
            description = "Camera time per wall time: 1 = real pace, 2 = twice as fast, 0 = as fast as possible. "
                    + "Default: ${DEFAULT-VALUE}.")
    double speed;

    @Option(names = "--packet-ms", paramLabel = "MS", defaultValue = "10",
            description = "Camera time per Kafka packet, milliseconds. Default: ${DEFAULT-VALUE}.")
    double packetMs;

    TimedReplay timedReplay(CommandLine.Model.CommandSpec spec) {
        if (!(packetMs > 0)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--packet-ms must be > 0, was " + packetMs);
        }
        try {
            return new TimedReplay(Math.max(1, Math.round(packetMs * 1000)), speed);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--speed: " + e.getMessage());
        }
    }

    String speedText() {
        return speed == 0 ? "full speed" : speed == 1 ? "real pace" : speed + "x real pace";
    }
}
