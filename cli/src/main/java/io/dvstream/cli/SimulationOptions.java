package io.dvstream.cli;

import io.dvstream.ingest.gesture.GestureClass;
import io.dvstream.ingest.sim.PixelParameters;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** What a simulated trial performs and how noisy the sensor is: shared by the simulate commands. */
final class SimulationOptions {

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "Seed: the same seed and options write the same bytes. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--classes", paramLabel = "N[,N...]", split = ",",
            description = "Gesture classes to perform, in order, by number 1..11 (1 hand clap, 2 right hand wave, "
                    + "3 left hand wave, 4/5 right arm cw/ccw, 6/7 left arm cw/ccw, 8 arm roll, 9 air drums, "
                    + "10 air guitar, 11 other). Default: all 11.")
    List<Integer> classes = new ArrayList<>();

    @Option(names = "--gesture-s", paramLabel = "SECONDS", defaultValue = "6",
            description = "Nominal length of one gesture (each varies +-10%%). Default: ${DEFAULT-VALUE}.")
    double gestureS;

    @Option(names = "--gap-s", paramLabel = "SECONDS", defaultValue = "1.5",
            description = "Nominal idle gap before, between and after gestures (each varies x0.7..1.5). Default: ${DEFAULT-VALUE}.")
    double gapS;

    @Option(names = "--noise-hz", paramLabel = "HZ",
            description = "Background activity per pixel before the lighting scales it. Default: 0.1.")
    Double noiseHz;

    List<GestureClass> classes(CommandLine cmd) {
        if (classes.isEmpty()) {
            return List.of(GestureClass.values());
        }
        try {
            return classes.stream().map(GestureClass::ofNumber).toList();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cmd, "--classes: " + e.getMessage());
        }
    }

    PixelParameters pixels(CommandLine cmd) {
        try {
            return noiseHz == null ? PixelParameters.DVS128 : PixelParameters.DVS128.withBackgroundRateHz(noiseHz);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cmd, "--noise-hz: " + e.getMessage());
        }
    }

    void checkTiming(CommandLine cmd) {
        if (!(gestureS >= 1) || gestureS > 60) {
            throw new CommandLine.ParameterException(cmd, "--gesture-s must be 1..60 seconds, was " + gestureS);
        }
        if (!(gapS >= 0.2) || gapS > 60) {
            throw new CommandLine.ParameterException(cmd, "--gap-s must be 0.2..60 seconds, was " + gapS);
        }
    }
}
