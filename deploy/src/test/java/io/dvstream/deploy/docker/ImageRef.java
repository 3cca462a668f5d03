package io.dvstream.deploy.docker;

import io.dvstream.deploy.Repository;
import java.nio.file.Path;

/**
 * An image reference {@code NAME[:TAG]}. The project's own images are named {@code dvstream/NAME} and built
 * from {@code deploy/docker/NAME/Dockerfile}: that convention is what ties a manifest to a Dockerfile.
 */
public record ImageRef(String name, String tag) {

    public static final String PROJECT_PREFIX = "dvstream/";

    public static ImageRef parse(String image) {
        if (image == null || image.isBlank()) {
            throw new IllegalArgumentException("empty image reference");
        }
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        if (colon > slash) {
            return new ImageRef(image.substring(0, colon), image.substring(colon + 1));
        }
        return new ImageRef(image, "latest");
    }

    public boolean isProjectImage() {
        return name.startsWith(PROJECT_PREFIX);
    }

    /** The Dockerfile a project image is built from (relative to the repository root). */
    public Path dockerfile() {
        if (!isProjectImage()) {
            throw new IllegalStateException(name + " is not a dvstream image");
        }
        return Path.of("deploy", "docker", name.substring(PROJECT_PREFIX.length()), "Dockerfile");
    }

    public Path dockerfileIn(Path root) {
        return root.resolve(dockerfile());
    }

    /** All project Dockerfiles, for tests that go through them. */
    public static Path dockerDir() {
        return Repository.deploy().resolve("docker");
    }

    @Override
    public String toString() {
        return name + ":" + tag;
    }
}
