package io.dvstream.deploy.local;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * deploy/local/cluster.sh run as a user runs it, on a state directory and free ports of the test's
 * own (so that a cluster someone left running on the default ports does not interfere).
 */
final class ClusterScript {

    private final Path root;
    private final Path dir;
    private final Map<String, String> env = new LinkedHashMap<>();
    private int calls;

    ClusterScript(Path root, Path dir) throws IOException {
        this.root = root;
        this.dir = dir;
        List<Integer> ports = freePorts(5);
        env.put("DVSTREAM_CLUSTER_DIR", dir.toString());
        env.put("DVSTREAM_KAFKA_PORT", ports.get(0).toString());
        env.put("DVSTREAM_KAFKA_CONTROLLER_PORT", ports.get(1).toString());
        env.put("DVSTREAM_FLINK_REST_PORT", ports.get(2).toString());
        env.put("DVSTREAM_FLINK_RPC_PORT", ports.get(3).toString());
        env.put("DVSTREAM_FLINK_BLOB_PORT", ports.get(4).toString());
        env.put("DVSTREAM_TOPIC_PARTITIONS", "2");
    }

    String kafka() {
        return "127.0.0.1:" + env.get("DVSTREAM_KAFKA_PORT");
    }

    String rest() {
        return "http://127.0.0.1:" + env.get("DVSTREAM_FLINK_REST_PORT");
    }

    Path dir() {
        return dir;
    }

    /** The pid cluster.sh recorded for a process (e.g. {@code taskmanager-1}). */
    long pid(String process) throws IOException {
        return Long.parseLong(Files.readString(dir.resolve("pids").resolve(process + ".pid")).trim());
    }

    /** Runs {@code cluster.sh ARGS}; returns its stdout. Fails with the script's output when it fails or hangs. */
    String run(Duration timeout, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", root.resolve("deploy/local/cluster.sh").toString()));
        command.addAll(List.of(args));
        Files.createDirectories(dir);
        int call = ++calls;
        Path out = dir.resolve("script-" + call + "-" + args[0] + ".out");
        Path err = dir.resolve("script-" + call + "-" + args[0] + ".err");
        ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("cluster.sh " + String.join(" ", args) + " did not finish in " + timeout + ":\n" + Files.readString(err));
        }
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        System.out.print(stderr);
        if (p.exitValue() != 0) {
            throw new AssertionError("cluster.sh " + String.join(" ", args) + " exited with " + p.exitValue() + ":\n" + stderr);
        }
        return stdout;
    }

    private static List<Integer> freePorts(int n) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0);
                sockets.add(s);
                ports.add(s.getLocalPort());
            }
            return ports;
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
    }
}
