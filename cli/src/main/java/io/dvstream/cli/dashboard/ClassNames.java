package io.dvstream.cli.dashboard;

import io.dvstream.model.StreamingConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The model's class names, as far as the gesture records tell them: a record names one class
 * ({@code gesture} at {@code classIndex}) and scores all of them. Indices not named yet are shown
 * as {@code class N}, except that a model with the 11 DVS128 Gesture classes whose every name seen
 * so far is the DVS128 Gesture name at that index is taken to use that list (the dataset's order,
 * {@link StreamingConfig#DVS128_GESTURE_CLASSES}). Not thread-safe: its {@link CameraState} locks.
 */
final class ClassNames {

    private final List<String> learned = new ArrayList<>();

    void learn(int classIndex, String name, int classCount) {
        while (learned.size() < Math.max(classCount, classIndex + 1)) {
            learned.add(null);
        }
        if (classIndex >= 0) {
            learned.set(classIndex, name);
        }
    }

    /** Names for {@code count} classes. */
    List<String> names(int count) {
        List<String> dvs = StreamingConfig.DVS128_GESTURE_CLASSES;
        boolean dvsGesture = count == dvs.size();
        for (int i = 0; i < learned.size() && dvsGesture; i++) {
            dvsGesture = learned.get(i) == null || i < dvs.size() && learned.get(i).equals(dvs.get(i));
        }
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String known = i < learned.size() ? learned.get(i) : null;
            out.add(known != null ? known : dvsGesture ? dvs.get(i) : "class " + i);
        }
        return out;
    }
}
