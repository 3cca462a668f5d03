package io.dvstream.ingest.gesture;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads a DVS128 Gesture labels CSV ({@code class,startTime_usec,endTime_usec}, one gesture per
 * row) and turns labels into {@link GestureSegment}s.
 */
public final class GestureLabels {

    static final String HEADER = "class,startTime_usec,endTime_usec";

    private GestureLabels() {
    }

    /**
     * Reads every row, in file order (which is not class order, and a class may occur twice).
     * LF and CRLF line ends, surrounding spaces and blank lines are accepted.
     *
     * @throws MalformedDatasetException naming the file and line of the first bad row
     */
    public static List<GestureLabel> read(Path csv) throws IOException {
        List<GestureLabel> labels = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String line = in.readLine();
            int number = 1;
            if (line == null || !line.replace("\uFEFF", "").strip().equals(HEADER)) {
                throw new MalformedDatasetException(csv, 1, "expected the header '" + HEADER + "', found "
                        + (line == null ? "an empty file" : "'" + line + "'"));
            }
            while ((line = in.readLine()) != null) {
                number++;
                if (!line.isBlank()) {
                    labels.add(parseRow(csv, number, line));
                }
            }
        }
        return labels;
    }

    /**
     * Writes a labels CSV as the dataset has them: the header, then one row per label in the given
     * order, LF line ends. {@link #read} gives the same labels back.
     */
    public static void write(Path csv, List<GestureLabel> labels) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            out.write(HEADER);
            out.write('\n');
            for (GestureLabel label : labels) {
                out.write(label.gesture().number() + "," + label.startUs() + "," + label.endUs());
                out.write('\n');
            }
        }
    }

    private static GestureLabel parseRow(Path csv, int number, String line) {
        String[] fields = line.split(",", -1);
        if (fields.length != 3) {
            throw new MalformedDatasetException(csv, number, "expected 3 fields (" + HEADER + "), found "
                    + fields.length + " in '" + line + "'");
        }
        int gesture = (int) parseNumber(csv, number, "class", fields[0]);
        long start = parseNumber(csv, number, "startTime_usec", fields[1]);
        long end = parseNumber(csv, number, "endTime_usec", fields[2]);
        if (gesture < 1 || gesture > GestureClass.values().length) {
            throw new MalformedDatasetException(csv, number, "class " + gesture + " is not 1.." + GestureClass.values().length);
        }
        if (end <= start) {
            throw new MalformedDatasetException(csv, number, "endTime_usec " + end + " is not after startTime_usec " + start);
        }
        return new GestureLabel(GestureClass.ofNumber(gesture), start, end);
    }

    private static long parseNumber(Path csv, int number, String field, String text) {
        try {
            long value = Long.parseLong(text.strip());
            if (value < 0) {
                throw new MalformedDatasetException(csv, number, field + " " + value + " is negative");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new MalformedDatasetException(csv, number, field + " '" + text + "' is not a whole number", e);
        }
    }

    /**
     * The labels in time order with the unlabelled gaps between them: a gap runs from the latest end
     * of the labels so far to the next label's start, whenever that start is later. Overlapping
     * labels (the dataset has some) are all kept, so labelled segments may overlap; gaps never
     * overlap anything. Nothing is added before the first label or after the last.
     */
    public static List<GestureSegment> segments(List<GestureLabel> labels) {
        List<GestureLabel> sorted = new ArrayList<>(labels);
        sorted.sort(Comparator.comparingLong(GestureLabel::startUs).thenComparingLong(GestureLabel::endUs));
        List<GestureSegment> segments = new ArrayList<>(2 * sorted.size());
        long coveredUntil = Long.MIN_VALUE;
        for (GestureLabel label : sorted) {
            if (!segments.isEmpty() && label.startUs() > coveredUntil) {
                segments.add(GestureSegment.gap(coveredUntil, label.startUs()));
            }
            segments.add(GestureSegment.labelled(label));
            coveredUntil = Math.max(coveredUntil, label.endUs());
        }
        return segments;
    }
}
