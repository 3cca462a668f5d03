package io.dvstream.ingest.sim;

import io.dvstream.events.EventPacket;
import io.dvstream.ingest.EventWriter;
import io.dvstream.ingest.aedat.AedatFormat;
import io.dvstream.ingest.aedat.RecordingWriters;
import io.dvstream.ingest.aedat.WriterOptions;
import io.dvstream.ingest.gesture.GestureDataset;
import io.dvstream.ingest.gesture.GestureLabels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a synthetic corpus in the DVS128 Gesture layout (formats.md 2.5): per trial an AEDAT 3.1
 * recording {@code userNN_<lighting>.aedat} and {@code userNN_<lighting>_labels.csv}, then
 * {@code trials_to_train.txt} and {@code trials_to_test.txt}; {@link GestureDataset#open} reads it.
 * The files depend only on the {@link CorpusSpec} (the header's start time is fixed too), so the
 * same spec writes the same bytes.
 */
public final class CorpusWriter {

    /** Told how far the writer has got, from the writing thread. */
    @FunctionalInterface
    public interface Listener {
        /**
         * @param trial index of the trial being written, 0-based
         * @param trials number of trials
         * @param name the trial, {@code userNN_<lighting>}
         * @param fraction how much of that trial is written, 0..1
         */
        void progress(int trial, int trials, String name, double fraction);
    }

    private static final Logger LOG = LoggerFactory.getLogger(CorpusWriter.class);
    /** Events are handed to the file writer every this much camera time. */
    private static final long CHUNK_US = 50_000;
    /** Written as every file's #Start-Time, so the bytes do not depend on when they were made. */
    private static final Instant START_TIME = Instant.parse("2017-01-01T00:00:00Z");

    private CorpusWriter() {
    }

    /**
     * Writes the corpus into {@code folder} (created if needed; files of the same names are
     * replaced).
     */
    public static List<TrialSummary> write(CorpusSpec spec, Path folder, Listener listener) throws IOException {
        Files.createDirectories(folder);
        List<TrialSpec> trials = spec.trials();
        List<TrialSummary> done = new ArrayList<>();
        StringBuilder train = new StringBuilder();
        StringBuilder test = new StringBuilder();
        for (int i = 0; i < trials.size(); i++) {
            TrialSpec trial = trials.get(i);
            int index = i;
            GestureDataset.Split split = spec.split(trial.user());
            TrialSummary summary = writeTrial(trial, folder.resolve(trial.name() + ".aedat"), split,
                    fraction -> listener.progress(index, trials.size(), trial.name(), fraction));
            done.add(summary);
            (split == GestureDataset.Split.TRAIN ? train : test).append(trial.name()).append(".aedat\n");
            LOG.debug("{}: {} events, {} s", trial.name(), summary.events(), summary.durationUs() / 1e6);
        }
        Files.writeString(folder.resolve(GestureDataset.Split.TRAIN.listFile()), train, StandardCharsets.UTF_8);
        Files.writeString(folder.resolve(GestureDataset.Split.TEST.listFile()), test, StandardCharsets.UTF_8);
        return done;
    }

    /** Fraction of a trial written so far. */
    @FunctionalInterface
    public interface TrialProgress {
        void progress(double fraction);
    }

    /**
     * Writes one trial: {@code recording} (AEDAT 3.1 for a {@code .aedat} name, AEDAT 4.0 for
     * {@code .aedat4}) and the labels CSV next to it ({@code <stem>_labels.csv}).
     */
    public static TrialSummary writeTrial(TrialSpec trial, Path recording, GestureDataset.Split split, TrialProgress progress)
            throws IOException {
        String file = recording.getFileName().toString();
        AedatFormat format = file.endsWith(".aedat4") ? AedatFormat.AEDAT_4_0 : AedatFormat.AEDAT_3_1;
        String stem = file.substring(0, file.lastIndexOf('.'));
        Path labels = recording.resolveSibling(stem + "_labels.csv");
        GestureSimulator sim = trial.simulator();
        EventPacket packet = sim.newPacket(trial.name());
        long end = sim.script().endUs();
        try (EventWriter out = RecordingWriters.create(recording, format, trial.sensor(),
                WriterOptions.DEFAULTS.withStartTime(START_TIME))) {
            while (!sim.finished()) {
                packet.clear();
                sim.advanceTo(sim.timeUs() + CHUNK_US, packet);
                out.write(packet);
                progress.progress((double) sim.timeUs() / end);
            }
        }
        GestureLabels.write(labels, sim.script().labels());
        return new TrialSummary(trial.name(), recording, labels, split, sim.pixels().eventsTotal(),
                sim.pixels().noiseEventsTotal(), end, sim.script().gestures().size());
    }
}
