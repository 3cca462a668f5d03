package io.dvstream.jobs.decisions;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * One record of {@code dvs.gestures} (docs/gestures-topic.md): a window's scores, or a gesture's
 * start or end.
 *
 * @param camera camera id (also the Kafka key)
 * @param kind {@link Kind#WINDOW}, {@link Kind#START} or {@link Kind#END}
 * @param gesture class name: the window's most probable class, or the gesture that started/ended
 * @param classIndex index of {@code gesture} in the model's classes
 * @param confidence softmax probability of {@code gesture}: in the window; for a start the
 *     confirming window's; for an end the highest the gesture reached
 * @param scores softmax probabilities of all classes (window kind only, else null)
 * @param logits mean logits of all classes (window kind only, else null)
 * @param stream the camera's stream (binning restarts)
 * @param window window number within the stream (for start/end: the window that triggered it)
 * @param startUs camera time: window start; gesture start (first window of the confirming run)
 * @param endUs camera time: window end; for a start the confirming window's end; for an end the
 *     end of the last window the gesture held
 * @param emittedAtMs wall time the record was produced (ms since the epoch; with {@code inferenceMs}
 *     the only fields that differ between two runs over the same input)
 * @param modelId the classifier's id
 * @param firingRate mean firing rate of the window (for start/end: of the triggering window)
 * @param energyJoules energy estimate of the window (for start/end: of the triggering window)
 * @param inferenceMs wall time the classifier spent on the frame that closed the window, ms (for
 *     start/end: the triggering window's); {@link Double#NaN} when the record does not say (records
 *     of job versions before the field existed). Wall time, so it differs between runs.
 */
public record GestureEvent(String camera, Kind kind, String gesture, int classIndex, double confidence, float[] scores,
                           float[] logits, long stream, long window, long startUs, long endUs, long emittedAtMs,
                           String modelId, double firingRate, double energyJoules, double inferenceMs) {

    public static final TypeInformation<GestureEvent> TYPE = Types.POJO(GestureEvent.class);

    /** What a record says; JSON spells it in lower case. */
    public enum Kind {
        WINDOW, START, END;

        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Kind fromKey(String key) {
            for (Kind k : values()) {
                if (k.key().equals(key)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown gesture event kind '" + key + "', expected one of window, start, end");
        }
    }

    public GestureEvent {
        Objects.requireNonNull(camera, "camera");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(gesture, "gesture");
        Objects.requireNonNull(modelId, "modelId");
    }

    /**
     * The same record with its wall-clock fields (emit time, inference time) set to 0: what two runs
     * over one input must agree on.
     */
    public GestureEvent withoutWallTime() {
        return new GestureEvent(camera, kind, gesture, classIndex, confidence, scores, logits, stream, window, startUs, endUs,
                0, modelId, firingRate, energyJoules, 0);
    }

    /** The scores as a list (for assertions and printing). */
    public List<Float> scoreList() {
        if (scores == null) {
            return List.of();
        }
        Float[] boxed = new Float[scores.length];
        for (int i = 0; i < scores.length; i++) {
            boxed[i] = scores[i];
        }
        return List.of(boxed);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GestureEvent e && camera.equals(e.camera) && kind == e.kind && gesture.equals(e.gesture)
                && classIndex == e.classIndex && Double.compare(confidence, e.confidence) == 0 && Arrays.equals(scores, e.scores)
                && Arrays.equals(logits, e.logits) && stream == e.stream && window == e.window && startUs == e.startUs
                && endUs == e.endUs && emittedAtMs == e.emittedAtMs && modelId.equals(e.modelId)
                && Double.compare(firingRate, e.firingRate) == 0 && Double.compare(energyJoules, e.energyJoules) == 0
                && Double.compare(inferenceMs, e.inferenceMs) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(camera, kind, gesture, stream, window, startUs, endUs) * 31 + Arrays.hashCode(scores);
    }

    @Override
    public String toString() {
        return "GestureEvent{" + camera + " " + kind.key() + " " + gesture + " (" + classIndex + ") p=" + confidence + " stream "
                + stream + " window " + window + " [" + startUs + ", " + endUs + ") us, model " + modelId + "}";
    }
}
