package io.dvstream.jobs;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real recordings in {@code ../shared/recordings}; tests that need them skip when the folder
 * is absent. Found through the system property {@code dvstream.recordings} (set by the parent pom)
 * or, from a git worktree where that path misses, the nearest {@code shared/recordings} above the
 * working directory.
 */
public final class SharedRecordings {

    public static final String DVS128 = "dvs128_alex_walking_again.aedat";

    private SharedRecordings() {
    }

    /** The recording's path; skips the calling test when it is not available. */
    public static Path require(String name) {
        Path dir = directory();
        assumeTrue(dir != null, "no shared recordings folder; skipping test of " + name);
        Path file = dir.resolve(name);
        assumeTrue(Files.isReadable(file), "shared recording " + file + " is absent; skipping");
        return file;
    }

    private static Path directory() {
        String property = System.getProperty("dvstream.recordings");
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
