/**
 * The IBM DVS128 Gesture dataset as it is laid out on disk (formats.md 2.5): per trial an AEDAT 3.1
 * recording {@code userNN_<lighting>.aedat} and its labels {@code userNN_<lighting>_labels.csv},
 * plus {@code trials_to_train.txt} and {@code trials_to_test.txt}.
 *
 * <pre>{@code
 * GestureDataset dataset = GestureDataset.open(Path.of("DvsGesture"));
 * for (GestureTrial trial : dataset.trials(GestureDataset.Split.TEST)) {
 *     for (GestureSegment s : trial.segments()) {
 *         // s.gesture() is the class, or empty for the unlabelled gap between two gestures;
 *         // events of the segment are those with s.startUs() <= t < s.endUs()
 *     }
 * }
 * }</pre>
 */
package io.dvstream.ingest.gesture;
