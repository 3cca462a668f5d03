package io.dvstream.deploy.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvstream.deploy.Repository;
import io.dvstream.deploy.checks.FlinkOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfiles under deploy/docker: base images of the versions the code is built for, COPY sources
 * that are build outputs or shipped folders, and .dockerignore files that let those sources through.
 * That the build outputs exist after {@code package} is {@link ImageContentsITCase}'s part.
 */
class DockerfilesTest {

    /** Where a COPY may take files from: a module's build output, or a folder of the repository. */
    static boolean isBuildOutput(String source) {
        return source.startsWith("cli/target/") || source.startsWith("deploy/target/image/");
    }

    static List<Dockerfile> all() throws IOException {
        List<Dockerfile> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(ImageRef.dockerDir())) {
            for (Path d : dirs.sorted().toList()) {
                out.add(Dockerfile.read(d.resolve("Dockerfile")));
            }
        }
        return out;
    }

    @Test
    void thereIsAnImageForTheJobAndForTheCli() throws IOException {
        assertThat(all()).extracting(d -> d.file().getParent().getFileName().toString()).containsExactly("cli", "flink-job");
    }

    @Test
    void theFlinkImageIsTheOfficialImageOfTheJobsFlinkVersion() throws IOException {
        Dockerfile flink = Dockerfile.read(new ImageRef("dvstream/flink-job", "x").dockerfileIn(Repository.root()));
        assertThat(flink.baseImage()).isEqualTo("flink:" + FlinkOptions.flinkVersion() + "-scala_2.12-java17");
        assertThat(flink.copies()).extracting(Dockerfile.Copy::destination)
                .contains("/opt/flink/lib/", "/opt/flink/usrlib/dvstream-job.jar");
    }

    @Test
    void theCliImageRunsTheJavaTheProjectIsCompiledFor() throws IOException {
        Dockerfile cli = Dockerfile.read(new ImageRef("dvstream/cli", "x").dockerfileIn(Repository.root()));
        assertThat(cli.baseImage()).isEqualTo("eclipse-temurin:" + Runtime.version().feature() + "-jre");
        assertThat(cli.instructions()).contains("ENTRYPOINT", "USER");
    }

    @Test
    void copySourcesAreBuildOutputsOrShippedFolders() throws IOException {
        for (Dockerfile d : all()) {
            for (Dockerfile.Copy c : d.copies()) {
                for (String source : c.sources()) {
                    if (!isBuildOutput(source)) {
                        assertThat(Repository.root().resolve(source)).as("%s line %d: %s", d.file(), c.line(), source).exists();
                    }
                }
            }
        }
    }

    @Test
    void theDockerignoreOfEachImageLetsItsCopySourcesThrough() throws IOException {
        for (Dockerfile d : all()) {
            Path ignore = d.file().resolveSibling("Dockerfile.dockerignore");
            List<String> lines = Files.readAllLines(ignore).stream().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
            assertThat(lines).as("%s starts by excluding everything", ignore).startsWith("*");
            List<String> allowed = lines.stream().filter(l -> l.startsWith("!")).map(l -> l.substring(1)).toList();
            for (Dockerfile.Copy c : d.copies()) {
                for (String source : c.sources()) {
                    assertThat(allowed).as("%s lets %s (line %d of its Dockerfile) into the build context", ignore, source, c.line())
                            .anyMatch(a -> source.equals(a) || (a.endsWith("/") && source.startsWith(a)));
                }
            }
        }
    }
}
