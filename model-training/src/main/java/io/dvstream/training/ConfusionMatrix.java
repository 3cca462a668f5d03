package io.dvstream.training;

import java.util.List;

/** Counts of (true class, predicted class) with accuracy and a fixed-width text rendering. */
public final class ConfusionMatrix {

    private final List<String> classes;
    private final long[][] counts;

    public ConfusionMatrix(List<String> classes) {
        this.classes = List.copyOf(classes);
        this.counts = new long[classes.size()][classes.size()];
    }

    public void add(int truth, int predicted) {
        counts[truth][predicted]++;
    }

    public long count(int truth, int predicted) {
        return counts[truth][predicted];
    }

    public long total() {
        long n = 0;
        for (long[] row : counts) {
            for (long c : row) {
                n += c;
            }
        }
        return n;
    }

    public long correct() {
        long n = 0;
        for (int i = 0; i < counts.length; i++) {
            n += counts[i][i];
        }
        return n;
    }

    public double accuracy() {
        long t = total();
        return t == 0 ? 0 : (double) correct() / t;
    }

    /** Rows = true class, columns = predicted class (numbered as the rows), with per-class recall. */
    public String toText() {
        var sb = new StringBuilder();
        int w = 4;
        int nameW = classes.stream().mapToInt(String::length).max().orElse(5) + 4;
        sb.append(String.format("%-" + nameW + "s", "true \\ predicted"));
        for (int j = 0; j < classes.size(); j++) {
            sb.append(String.format("%" + w + "d", j + 1));
        }
        sb.append("  recall\n");
        for (int i = 0; i < classes.size(); i++) {
            sb.append(String.format("%-" + nameW + "s", (i + 1) + " " + classes.get(i)));
            long row = 0;
            for (int j = 0; j < classes.size(); j++) {
                sb.append(String.format("%" + w + "d", counts[i][j]));
                row += counts[i][j];
            }
            sb.append(row == 0 ? "       -" : String.format("  %5.1f%%", 100.0 * counts[i][i] / row)).append('\n');
        }
        sb.append(String.format("accuracy %d/%d = %.1f %%%n", correct(), total(), 100 * accuracy()));
        return sb.toString();
    }
}
