package io.dvstream.ingest.aedat;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real recordings in {@code ../shared/recordings} (see its README for provenance and golden
 * numbers). They are never copied into this repository: tests that need them skip when the folder
 * is absent, e.g. on a user's machine. Public so that tests of other packages (wire round trip,
 * Kafka publisher) use the same lookup.
 */
public final class SharedRecordings {

    public static final String DVS128 = "dvs128_alex_walking_again.aedat";
    public static final String DAVIS240 = "davis240c_IMU_translBoxes.aedat";
    public static final String AEDAT4 = "aestream_davis.aedat4";
    public static final String GESTURE_LABELS = "dvsgesture_user01_natural_labels.csv";

    private static final String PROPERTY = "dvstream.recordings";

    private SharedRecordings() {
    }

    /** The recording's path; skips the calling test when it is not available. */
    public static Path require(String name) {
        Path dir = directory();
        assumeTrue(dir != null, "no shared recordings: system property " + PROPERTY
                + " is unset or not a directory and no shared/recordings folder is above " + System.getProperty("user.dir")
                + "; skipping test of " + name);
        Path file = dir.resolve(name);
        assumeTrue(Files.isReadable(file), "shared recording " + file + " is absent; skipping");
        return file;
    }

    /**
     * The property (set by the parent pom to {@code <root>/../shared/recordings}) when it names a
     * directory, else the nearest {@code shared/recordings} above the working directory: a git
     * worktree sits one level deeper than the main checkout, so the pom's relative path misses it.
     */
    private static Path directory() {
        String property = System.getProperty(PROPERTY);
        if (property != null && Files.isDirectory(Path.of(property))) {
            return Path.of(property);
        }
        for (Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared").resolve("recordings");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
