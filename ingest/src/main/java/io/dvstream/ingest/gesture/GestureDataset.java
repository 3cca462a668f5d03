package io.dvstream.ingest.gesture;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A DVS128 Gesture dataset folder: {@code trials_to_train.txt} and {@code trials_to_test.txt}
 * (one {@code userNN_<lighting>.aedat} name per line) next to the recordings and their
 * {@code _labels.csv} files. Opening reads the two lists and checks every named file exists;
 * labels and events are read only when asked for.
 */
public final class GestureDataset {

    /** The dataset's own split: users 1-23 train, 24-29 test in the published lists. */
    public enum Split {
        TRAIN("trials_to_train.txt"),
        TEST("trials_to_test.txt");

        private final String listFile;

        Split(String listFile) {
            this.listFile = listFile;
        }

        public String listFile() {
            return listFile;
        }
    }

    private static final Pattern TRIAL = Pattern.compile("(user\\d+)_([A-Za-z0-9_]+)\\.aedat");
    private static final String LABELS_SUFFIX = "_labels.csv";

    private final Path root;
    private final List<GestureTrial> trials;

    private GestureDataset(Path root, List<GestureTrial> trials) {
        this.root = root;
        this.trials = List.copyOf(trials);
    }

    /**
     * Reads both trial lists of the folder.
     *
     * @throws MalformedDatasetException if a list is missing, a line is not a trial file name, or a
     *     named recording or labels file does not exist (naming the list and line)
     */
    public static GestureDataset open(Path root) throws IOException {
        List<GestureTrial> trials = new ArrayList<>();
        for (Split split : Split.values()) {
            Path list = root.resolve(split.listFile());
            if (!Files.isRegularFile(list)) {
                throw new MalformedDatasetException(list, 0, "missing: a DVS128 Gesture folder holds "
                        + Split.TRAIN.listFile() + " and " + Split.TEST.listFile());
            }
            List<String> lines = Files.readAllLines(list, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String name = lines.get(i).strip();
                if (!name.isEmpty()) {
                    trials.add(trial(root, list, i + 1, name, split));
                }
            }
        }
        return new GestureDataset(root, trials);
    }

    private static GestureTrial trial(Path root, Path list, int line, String name, Split split) {
        Matcher m = TRIAL.matcher(name);
        if (!m.matches()) {
            throw new MalformedDatasetException(list, line, "'" + name + "' is not a trial file name (userNN_<lighting>.aedat)");
        }
        Path recording = root.resolve(name);
        Path labels = root.resolve(m.group(1) + "_" + m.group(2) + LABELS_SUFFIX);
        for (Path p : List.of(recording, labels)) {
            if (!Files.isRegularFile(p)) {
                throw new MalformedDatasetException(list, line, "trial " + name + ": " + p + " does not exist");
            }
        }
        return new GestureTrial(m.group(1), m.group(2), recording, labels, split);
    }

    public Path root() {
        return root;
    }

    /** Every trial, training list first, each list in file order. */
    public List<GestureTrial> trials() {
        return trials;
    }

    public List<GestureTrial> trials(Split split) {
        return trials.stream().filter(t -> t.split() == split).toList();
    }
}
