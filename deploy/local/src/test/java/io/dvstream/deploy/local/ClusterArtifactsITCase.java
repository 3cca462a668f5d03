package io.dvstream.deploy.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * What cluster.sh runs, checked without starting it (default build, after {@code package}): the job
 * jar carries the job and its libraries but no Flink or ND4J, the Flink classpath carries Flink,
 * the web submission endpoints and ND4J but nothing of the job, the two share no class, and the
 * script parses and answers.
 */
class ClusterArtifactsITCase {

    private static final Path ROOT = Path.of(System.getProperty("dvstream.root", ".")).toAbsolutePath().normalize();
    private static final Path TARGET = ROOT.resolve("deploy/local/target");

    @Test
    void jobJarHoldsTheJobAndItsLibrariesButNoFlinkRuntimeOrNativeCode() throws IOException {
        try (JarFile jar = new JarFile(TARGET.resolve("dvstream-gesture-job.jar").toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo("io.dvstream.jobs.GestureJob");
            Set<String> names = classes(jar);
            assertThat(names).contains("io/dvstream/jobs/GestureJob.class", "io/dvstream/model/Ds2ta.class",
                    "io/dvstream/events/wire/WireCodec.class", "org/apache/flink/connector/kafka/sink/KafkaSink.class",
                    "org/apache/kafka/clients/producer/KafkaProducer.class", "com/fasterxml/jackson/databind/ObjectMapper.class");
            assertThat(names).noneMatch(n -> n.startsWith("org/apache/flink/runtime/") || n.startsWith("org/apache/flink/streaming/api/")
                    || n.startsWith("org/nd4j/") || n.startsWith("org/bytedeco/") || n.startsWith("com/github/luben/")
                    || n.startsWith("io/dvstream/deploy/"));
        }
    }

    @Test
    void flinkClasspathHoldsFlinkWebSubmissionAndNd4jButNothingOfTheJob() throws IOException {
        List<String> entries = flinkLib();
        assertThat(entries).allSatisfy(e -> assertThat(Path.of(e)).exists());
        List<String> names = entries.stream().map(e -> Path.of(e).getFileName().toString()).toList();
        assertThat(names).anyMatch(n -> n.startsWith("flink-runtime-web-")).anyMatch(n -> n.startsWith("flink-runtime-2"))
                .anyMatch(n -> n.startsWith("nd4j-native-")).anyMatch(n -> n.startsWith("log4j-core-"))
                .anyMatch(n -> n.startsWith("zstd-jni-"));
        assertThat(names).noneMatch(n -> n.startsWith("dvstream-") || n.equals("classes") || n.startsWith("kafka-clients-")
                || n.startsWith("flink-connector-kafka-") || n.startsWith("jackson-databind-"));
    }

    @Test
    void jobJarAndFlinkClasspathShareNoClass() throws IOException {
        Set<String> job;
        try (JarFile jar = new JarFile(TARGET.resolve("dvstream-gesture-job.jar").toFile())) {
            job = classes(jar);
        }
        List<String> both = new ArrayList<>();
        for (String entry : flinkLib()) {
            try (JarFile lib = new JarFile(entry)) {
                for (String c : classes(lib)) {
                    if (job.contains(c)) {
                        both.add(c + " (" + Path.of(entry).getFileName() + ")");
                    }
                }
            }
        }
        assertThat(both).as("classes in the job jar and on the cluster's classpath").isEmpty();
    }

    @Test
    void scriptParsesAndPrintsItsUsage() throws IOException, InterruptedException {
        Path script = ROOT.resolve("deploy/local/cluster.sh");
        assertThat(run("bash", "-n", script.toString()).exitValue).as("bash -n").isZero();
        Result usage = run("bash", script.toString());
        assertThat(usage.exitValue).isEqualTo(2);
        assertThat(usage.output).contains("cluster.sh up [--taskmanagers N] [--slots N]", "cluster.sh submit",
                "cluster.sh status", "cluster.sh down");
    }

    private static List<String> flinkLib() throws IOException {
        String cp = Files.readString(TARGET.resolve("flink-lib.classpath"), StandardCharsets.UTF_8).strip();
        return List.of(cp.split(File.pathSeparator));
    }

    private static Set<String> classes(JarFile jar) {
        Set<String> names = new HashSet<>();
        jar.stream().map(ZipEntry::getName)
                .filter(n -> n.endsWith(".class") && !n.startsWith("META-INF/") && !n.endsWith("module-info.class"))
                .forEach(names::add);
        return names;
    }

    private record Result(int exitValue, String output) {
    }

    private static Result run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }
}
