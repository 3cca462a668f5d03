package io.dvstream.training;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The PNG figures of a streaming evaluation: accuracy vs observation time, firing rate per LIF layer. */
public final class StreamingFigures {

    private StreamingFigures() {
    }

    /**
     * Writes {@code PREFIX-accuracy-vs-time.png} and {@code PREFIX-firing-rates.png} into {@code dir}.
     *
     * @return the files written
     */
    public static List<Path> write(StreamingMetrics m, StreamReplay.LayerActivity a, Path dir, String prefix)
            throws IOException {
        Files.createDirectories(dir);
        double[] x = new double[m.observationMs().length];
        for (int i = 0; i < x.length; i++) {
            x[i] = m.observationMs()[i];
        }
        Path curve = dir.resolve(prefix + "-accuracy-vs-time.png");
        Plots.lines(prefix + ": accuracy vs time after gesture onset (" + m.gestures() + " gestures)",
                "ms after onset", x, List.of(
                        new Plots.Series("decided gesture right (job's decider)", m.decidedAccuracy(), new Color(0xd62728)),
                        new Plots.Series("latest window's top class right", m.windowAccuracy(), new Color(0x1f77b4))),
                0, 1, curve);
        double[] rates = new double[a.layers().size()];
        var names = new ArrayList<String>();
        for (int i = 0; i < rates.length; i++) {
            rates[i] = a.firingRate(i);
            names.add(a.layers().get(i));
        }
        Path firing = dir.resolve(prefix + "-firing-rates.png");
        Plots.bars(String.format("%s: firing rate per LIF layer (spikes / neuron / step), %.2f uJ per decision", prefix,
                a.joulesPerDecision() * 1e6), names, rates, "%.4f", firing);
        return List.of(curve, firing);
    }
}
