package io.dvstream.cli;

import io.dvstream.ingest.replay.TimedReplay;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Pace and packet length of a replay. */
final class ReplayOptions {

    @Option(names = "--speed", paramLabel = "X|max", defaultValue = "1", converter = SpeedConverter.class,
            description = "Camera time per wall time: 1 = real pace, 2 = twice as fast, 0.5 = half as fast; "
                    + "max = as fast as Kafka takes it (0 means the same). Default: ${DEFAULT-VALUE}.")
    double speed;

    @Option(names = "--packet-ms", paramLabel = "MS", defaultValue = "10",
            description = "Camera time per Kafka packet, milliseconds. Default: ${DEFAULT-VALUE}.")
    double packetMs;

    TimedReplay timedReplay(CommandLine.Model.CommandSpec spec) {
        if (!(packetMs > 0)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--packet-ms must be > 0, was " + packetMs);
        }
        try {
            return new TimedReplay(packetUs(), speed);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--speed: " + e.getMessage());
        }
    }

    /** {@code --packet-ms} in microseconds, at least 1. */
    long packetUs() {
        return Math.max(1, Math.round(packetMs * 1000));
    }

    boolean isMaxSpeed() {
        return speed == 0;
    }

    String speedText() {
        return speed == 0 ? "full speed" : speed == 1 ? "real pace" : speed + "x real pace";
    }

    /** {@code --speed}: a factor >= 0, or {@code max} for as fast as possible (0 internally). */
    static final class SpeedConverter implements CommandLine.ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            if (value.strip().toLowerCase(Locale.ROOT).equals("max")) {
                return 0.0;
            }
            double speed;
            try {
                speed = Double.parseDouble(value.strip());
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is neither a number nor max");
            }
            if (!(speed >= 0) || Double.isInfinite(speed)) {
                throw new CommandLine.TypeConversionException("must be >= 0 or max, was " + value);
            }
            return speed;
        }
    }
}
