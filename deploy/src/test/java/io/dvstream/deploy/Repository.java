package io.dvstream.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository and its deploy files are, and the project version, as the build passes them to tests. */
public final class Repository {

    private Repository() {
    }

    /** The repository root (system property {@code dvstream.root}, set by the parent pom; else the parent of the working directory). */
    public static Path root() {
        String root = System.getProperty("dvstream.root");
        Path p = root != null ? Path.of(root) : Path.of("").toAbsolutePath().getParent();
        if (!Files.isRegularFile(p.resolve("pom.xml")) || !Files.isDirectory(p.resolve("deploy"))) {
            throw new IllegalStateException("not the dvstream repository root: " + p + " (set -Ddvstream.root)");
        }
        return p.toAbsolutePath().normalize();
    }

    public static Path deploy() {
        return root().resolve("deploy");
    }

    /** The Maven project version: the tag of the images the manifests name. */
    public static String version() {
        String v = System.getProperty("dvstream.version");
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("system property dvstream.version is not set (deploy/pom.xml sets it for tests)");
        }
        return v;
    }
}
