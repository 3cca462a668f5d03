package io.dvstream.cli.dashboard;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The cameras the dashboard has seen, by id, at most {@code limit} of them: a page with hundreds
 * of live views would not help anyone, and memory stays bounded whatever the topics hold. Records
 * of further cameras are counted, not shown.
 */
final class Cameras {

    private final Map<String, CameraState> byId = new ConcurrentSkipListMap<>();
    private final int limit;
    private final AtomicLong notShown = new AtomicLong();

    Cameras(int limit) {
        this.limit = limit;
    }

    /** The camera's state, created on its first record; null beyond the limit. */
    CameraState get(String camera) {
        CameraState s = byId.get(camera);
        if (s != null) {
            return s;
        }
        synchronized (this) {
            if (byId.size() >= limit && !byId.containsKey(camera)) {
                notShown.incrementAndGet();
                return null;
            }
            return byId.computeIfAbsent(camera, CameraState::new);
        }
    }

    /** In camera id order. */
    List<CameraState> all() {
        return List.copyOf(byId.values());
    }

    void resyncPartition(int partition) {
        for (CameraState s : byId.values()) {
            if (s.partition() == partition) {
                s.resync();
            }
        }
    }

    /** Records of cameras beyond the limit. */
    long recordsNotShown() {
        return notShown.get();
    }
}
