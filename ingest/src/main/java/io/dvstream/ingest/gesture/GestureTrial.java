package io.dvstream.ingest.gesture;

import io.dvstream.ingest.aedat.RecordingReader;
import io.dvstream.ingest.aedat.Recordings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One recorded session: a user performing the gestures under one lighting condition.
 *
 * @param user e.g. {@code user01}
 * @param lighting {@code fluorescent}, {@code fluorescent_led}, {@code lab}, {@code led} or {@code natural}
 * @param recording the AEDAT 3.1 file {@code userNN_<lighting>.aedat}
 * @param labelsFile {@code userNN_<lighting>_labels.csv} next to it
 * @param split which list names the trial
 */
public record GestureTrial(String user, String lighting, Path recording, Path labelsFile, GestureDataset.Split split) {

    public GestureTrial {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(lighting, "lighting");
        Objects.requireNonNull(recording, "recording");
        Objects.requireNonNull(labelsFile, "labelsFile");
        Objects.requireNonNull(split, "split");
    }

    /** {@code userNN_<lighting>}, the stem shared by both files. */
    public String name() {
        return user + "_" + lighting;
    }

    /** The user number, 1..29 in the published dataset. */
    public int userNumber() {
        return Integer.parseInt(user.substring("user".length()));
    }

    /** The labels CSV rows, in file order. Read on each call. */
    public List<GestureLabel> labels() throws IOException {
        return GestureLabels.read(labelsFile);
    }

    /** Labelled gestures in time order with the unlabelled gaps between them. */
    public List<GestureSegment> segments() throws IOException {
        return GestureLabels.segments(labels());
    }

    /** Opens the recording (its events share the labels' clock). */
    public RecordingReader openRecording() throws IOException {
        return Recordings.open(recording);
    }
}
