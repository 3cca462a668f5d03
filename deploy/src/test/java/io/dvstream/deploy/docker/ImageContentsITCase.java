package io.dvstream.deploy.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvstream.deploy.Repository;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * After {@code package}: what the Dockerfiles COPY exists, and the Flink image's two halves are split as
 * deploy/README.md says (the job jar without Flink and ND4J; flink/lib with ND4J and its natives, without
 * Flink), and together with Flink they hold every class the job's entry point needs.
 */
class ImageContentsITCase {

    private static Path imageDir() {
        return Path.of(System.getProperty("dvstream.image.dir"));
    }

    private static Path jobJar() {
        return imageDir().resolve("flink-job/usrlib/dvstream-job.jar");
    }

    private static List<Path> flinkLib() throws IOException {
        try (Stream<Path> s = Files.list(imageDir().resolve("flink-job/lib"))) {
            return s.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
    }

    private static List<String> entries(Path jar) throws IOException {
        try (JarFile jf = new JarFile(jar.toFile())) {
            return Collections.list(jf.entries()).stream().map(e -> e.getName()).toList();
        }
    }

    @Test
    void everyCopySourceExists() throws IOException {
        for (Dockerfile d : DockerfilesTest.all()) {
            for (Dockerfile.Copy c : d.copies()) {
                for (String source : c.sources()) {
                    assertThat(Repository.root().resolve(source)).as("%s line %d: COPY %s", d.file(), c.line(), source).exists();
                }
            }
        }
    }

    @Test
    void theJobJarHoldsTheJobAndKafkaButNeitherFlinkNorNd4j() throws IOException {
        List<String> entries = entries(jobJar());
        assertThat(entries).contains("io/dvstream/jobs/GestureJob.class", "io/dvstream/model/Ds2ta.class",
                "org/apache/flink/connector/kafka/source/KafkaSource.class", "org/apache/kafka/clients/producer/KafkaProducer.class");
        assertThat(entries).noneMatch(e -> e.startsWith("org/nd4j/") || e.startsWith("org/bytedeco/"))
                .noneMatch(e -> e.startsWith("org/apache/flink/streaming/api/") || e.startsWith("org/apache/flink/runtime/"));
        try (JarFile jf = new JarFile(jobJar().toFile())) {
            assertThat(jf.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo("io.dvstream.jobs.GestureJob");
        }
    }

    @Test
    void flinkLibHoldsNd4jWithItsLinuxNativesAndNoFlink() throws IOException {
        List<Path> jars = flinkLib();
        List<String> names = jars.stream().map(p -> p.getFileName().toString()).toList();
        assertThat(names).anyMatch(n -> n.startsWith("nd4j-native-") && n.endsWith("-linux-x86_64.jar"))
                .anyMatch(n -> n.startsWith("openblas-") && n.endsWith("-linux-x86_64.jar"))
                .anyMatch(n -> n.startsWith("javacpp-") && n.endsWith("-linux-x86_64.jar"));
        // One version of each library (the name without its version and classifier).
        assertThat(names.stream().map(n -> n.replaceAll("-\\d.*$", "") + (n.contains("-linux-x86_64") ? ":linux-x86_64" : "")).toList())
                .as("flink/lib %s", names).doesNotHaveDuplicates();
        List<String> all = new ArrayList<>();
        for (Path j : jars) {
            all.addAll(entries(j));
        }
        assertThat(all).contains("org/nd4j/linalg/factory/Nd4j.class", "org/bytedeco/javacpp/Loader.class")
                .noneMatch(e -> e.startsWith("org/apache/flink/") || e.startsWith("io/dvstream/"));
    }

    /**
     * The Flink jars of this build stand in for flink-dist: with flink/lib they form the parent class
     * loader, the job jar the child, as in a TaskManager. The job's entry point then builds the job with
     * DS2TA (random weights): every class it needs resolves, and ND4J comes from the parent.
     */
    @Test
    void theJobsEntryPointLinksAgainstFlinkLibAndFlink() throws Exception {
        List<URL> parent = new ArrayList<>();
        for (Path j : flinkLib()) {
            parent.add(j.toUri().toURL());
        }
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            boolean flinkDist = (name.startsWith("flink-") && !name.startsWith("flink-connector-kafka") && !name.contains("test")
                    && !name.startsWith("flink-kubernetes-operator")) || name.startsWith("slf4j-") || name.startsWith("log4j-")
                    || name.startsWith("kryo-") || name.startsWith("objenesis-") || name.startsWith("minlog-")
                    || name.startsWith("commons-") || name.startsWith("snakeyaml") || name.startsWith("jsr305");
            if (flinkDist && entry.endsWith(".jar")) {
                parent.add(Path.of(entry).toUri().toURL());
            }
        }
        try (URLClassLoader flinkAndLib = new URLClassLoader(parent.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
             URLClassLoader user = new URLClassLoader(new URL[] {jobJar().toUri().toURL()}, flinkAndLib)) {
            // Flink runs user code with the user class loader as the thread's context loader; ND4J finds its
            // backend through it.
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(user);
            Object job;
            Class<?> gestureJob;
            try {
                gestureJob = Class.forName("io.dvstream.jobs.GestureJob", true, user);
                Method fromArguments = gestureJob.getMethod("fromArguments", String[].class);
                job = fromArguments.invoke(null, (Object) new String[] {"bootstrap.servers=kafka:9092", "model=random:small-1-64:1"});
            } finally {
                thread.setContextClassLoader(previous);
            }
            Object classifier = gestureJob.getMethod("classifier").invoke(job);
            assertThat(classifier.getClass().getClassLoader()).isSameAs(user);
            assertThat(Class.forName("org.nd4j.linalg.factory.Nd4j", false, user).getClassLoader()).isSameAs(flinkAndLib);
        }
    }
}
