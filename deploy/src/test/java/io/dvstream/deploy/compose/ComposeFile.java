package io.dvstream.deploy.compose;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A Docker Compose file, typed: the subset of the Compose specification dvstream's file uses. SnakeYAML
 * reads it (anchors and aliases, as Compose does), {@link Interpolation} substitutes variables as Compose
 * does, and Jackson maps it onto these records strictly: a key outside this model (a typo, or a Compose
 * feature the tests do not know yet) fails. Top-level {@code x-} extension keys are allowed.
 */
public record ComposeFile(String name, Map<String, Service> services, Map<String, Object> volumes) {

    /** One service. {@code command} and {@code entrypoint} are lists in this project's file (exec form). */
    public record Service(String image, Build build, List<String> command, List<String> entrypoint,
                          Map<String, String> environment, List<String> ports, List<String> volumes,
                          @JsonProperty("depends_on") JsonNode dependsOn, Deploy deploy, String restart,
                          List<String> profiles, Healthcheck healthcheck) {

        public Map<String, String> env() {
            return environment == null ? Map.of() : environment;
        }

        public List<String> commandLine() {
            return command == null ? List.of() : command;
        }

        /** depends_on, in its short (list) or long (map) form: the names. */
        public List<String> dependencies() {
            List<String> names = new ArrayList<>();
            if (dependsOn == null) {
                return names;
            }
            if (dependsOn.isArray()) {
                dependsOn.forEach(n -> names.add(n.asText()));
            } else {
                dependsOn.fieldNames().forEachRemaining(names::add);
            }
            return names;
        }

        public List<PortMapping> portMappings() {
            return ports == null ? List.of() : ports.stream().map(PortMapping::parse).toList();
        }
    }

    public record Build(String context, String dockerfile) {
    }

    public record Deploy(Integer replicas) {
    }

    public record Healthcheck(List<String> test, String interval, String timeout, Integer retries) {
    }

    /** A short-syntax port: {@code [HOST_IP:]HOST_PORT:CONTAINER_PORT[/PROTOCOL]}. */
    public record PortMapping(String hostIp, int hostPort, int containerPort, String protocol) {
        static PortMapping parse(String spec) {
            String protocol = "tcp";
            String s = spec;
            int slash = s.indexOf('/');
            if (slash >= 0) {
                protocol = s.substring(slash + 1);
                s = s.substring(0, slash);
            }
            String[] parts = s.split(":");
            try {
                return switch (parts.length) {
                    case 2 -> new PortMapping(null, Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), protocol);
                    case 3 -> new PortMapping(parts[0], Integer.parseInt(parts[1]), Integer.parseInt(parts[2]), protocol);
                    default -> throw new IllegalArgumentException("port " + spec + ": expected [HOST_IP:]HOST_PORT:CONTAINER_PORT[/PROTOCOL]");
                };
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("port " + spec + ": not a number", e);
            }
        }
    }

    private static final JsonMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** Reads, interpolates with {@code variables} and maps a Compose file. */
    public static ComposeFile read(Path file, Map<String, String> variables) throws IOException {
        Object raw;
        try (Reader r = Files.newBufferedReader(file)) {
            raw = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
        }
        if (!(raw instanceof Map<?, ?> top)) {
            throw new IllegalArgumentException(file + ": not a YAML mapping");
        }
        Map<String, Object> kept = new LinkedHashMap<>();
        top.forEach((k, v) -> {
            if (!String.valueOf(k).startsWith("x-")) {
                kept.put(String.valueOf(k), v);
            }
        });
        Object interpolated = Interpolation.apply(kept, variables, file.getFileName().toString());
        try {
            return STRICT.convertValue(interpolated, ComposeFile.class);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": does not fit the Compose model: " + e.getMessage(), e);
        }
    }

    /** Reads a Compose {@code .env} file: {@code NAME=VALUE} lines, # comments. */
    public static Map<String, String> readEnvFile(Path file) throws IOException {
        Map<String, String> vars = new LinkedHashMap<>();
        int n = 0;
        for (String line : Files.readAllLines(file)) {
            n++;
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            int eq = t.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(file + ":" + n + ": expected NAME=VALUE, got " + t);
            }
            vars.put(t.substring(0, eq).strip(), t.substring(eq + 1).strip());
        }
        return vars;
    }
}
