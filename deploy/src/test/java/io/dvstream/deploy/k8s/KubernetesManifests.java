package io.dvstream.deploy.k8s;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dvstream.deploy.Repository;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;

/**
 * Every Kubernetes manifest under {@code deploy/k8s}, each document parsed into the official model class of
 * its kind: fabric8's Kubernetes model, Strimzi's api, the Flink Kubernetes Operator's api. Parsing is
 * strict: an unknown kind, an apiVersion other than the class's, an unknown field (also those that the
 * models would keep in their additionalProperties) fails, naming file, document and field.
 */
public final class KubernetesManifests {

    /** A parsed document. */
    public record Manifest(Path file, int document, HasMetadata resource, JsonNode source) {
        public String where() {
            return file.getFileName() + " document " + document + " (" + resource.getKind() + " " + resource.getMetadata().getName() + ")";
        }
    }

    /** The kinds the deployment uses, and the class each is parsed into. */
    static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "Namespace", Namespace.class,
            "Deployment", Deployment.class,
            "Service", Service.class,
            "FlinkDeployment", FlinkDeployment.class,
            "Kafka", Kafka.class,
            "KafkaNodePool", KafkaNodePool.class,
            "KafkaTopic", KafkaTopic.class);

    /** kustomize's own file: not a Kubernetes resource, checked on its own. */
    public static final String KUSTOMIZATION = "kustomization.yaml";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
            .build();

    private KubernetesManifests() {
    }

    public static Path dir() {
        return Repository.deploy().resolve("k8s");
    }

    /** The YAML files of the deployment (all but the kustomization). */
    public static List<Path> files() {
        try (Stream<Path> s = Files.list(dir())) {
            return s.filter(p -> p.getFileName().toString().endsWith(".yaml"))
                    .filter(p -> !p.getFileName().toString().equals(KUSTOMIZATION))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Manifest> cached;

    /** Every document of every file, parsed once per test JVM (the files do not change during a run). */
    public static synchronized List<Manifest> all() {
        if (cached == null) {
            List<Manifest> out = new ArrayList<>();
            for (Path f : files()) {
                out.addAll(read(f));
            }
            cached = List.copyOf(out);
        }
        return cached;
    }

    public static <T extends HasMetadata> List<T> ofKind(Class<T> type) {
        return all().stream().map(Manifest::resource).filter(type::isInstance).map(type::cast).toList();
    }

    public static <T extends HasMetadata> T only(Class<T> type) {
        List<T> found = ofKind(type);
        if (found.size() != 1) {
            throw new IllegalStateException("expected exactly one " + type.getSimpleName() + " in deploy/k8s, found " + found.size());
        }
        return found.get(0);
    }

    /** Parses every document of one file. */
    public static List<Manifest> read(Path file) {
        List<Manifest> out = new ArrayList<>();
        try (var parser = YAML.getFactory().createParser(file.toFile())) {
            var docs = YAML.readValues(parser, JsonNode.class);
            int index = 0;
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                index++;
                if (doc == null || doc.isNull() || doc.isMissingNode()) {
                    continue;
                }
                out.add(new Manifest(file, index, parse(doc, file.getFileName() + " document " + index), doc));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": not YAML: " + e.getMessage(), e);
        }
        return out;
    }

    /** One document into its model class. */
    public static HasMetadata parse(JsonNode doc, String where) {
        String kind = doc.path("kind").asText(null);
        String apiVersion = doc.path("apiVersion").asText(null);
        Class<? extends HasMetadata> type = KINDS.get(kind);
        if (type == null) {
            throw new IllegalArgumentException(where + ": kind " + kind + " is not one the deployment uses " + KINDS.keySet());
        }
        List<String> served = apiVersions(type);
        if (!served.contains(apiVersion)) {
            throw new IllegalArgumentException(where + ": apiVersion " + apiVersion + " for " + kind + "; the model "
                    + type.getName() + " serves " + served);
        }
        HasMetadata resource;
        JsonNode parsed = type == FlinkDeployment.class ? withoutNewerFlinkVersion(doc) : doc;
        try {
            resource = STRICT.treeToValue(parsed, type);
        } catch (IOException e) {
            throw new IllegalArgumentException(where + ": does not parse as " + type.getName() + ": " + e.getMessage(), e);
        }
        Strictness.requireNoUnknownFields(resource, where);
        Strictness.requireRoundTrip(parsed, resource, STRICT, where);
        if (resource.getMetadata() == null || resource.getMetadata().getName() == null) {
            throw new IllegalArgumentException(where + ": metadata.name is missing");
        }
        return resource;
    }

    /**
     * The apiVersions a model class stands for: its own (fabric8's @Group/@Version), and for Strimzi's
     * classes every version in their VERSIONS list (0.51 serves v1 and the deprecated v1beta2 from one class).
     */
    static List<String> apiVersions(Class<? extends HasMetadata> type) {
        List<String> out = new ArrayList<>(List.of(HasMetadata.getApiVersion(type)));
        try {
            Object versions = type.getField("VERSIONS").get(null);
            String group = HasMetadata.getGroup(type);
            if (versions instanceof List<?> list) {
                list.forEach(v -> out.add(group + "/" + v));
            }
        } catch (NoSuchFieldException e) {
            // not a Strimzi class: its one version
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** A FlinkDeployment's spec.flinkVersion as written (the model may not know it: see {@link #withoutNewerFlinkVersion}). */
    public static String flinkVersionField(Manifest m) {
        return m.source().path("spec").path("flinkVersion").asText(null);
    }

    /**
     * The operator API the registry serves (1.10.0) has FlinkVersion constants up to v1_20; operators that
     * run Flink 2.x accept v2_0 and later. A value the enum lacks is taken out before parsing (everything
     * else stays strict) and checked against Flink itself by the tests, through {@link #flinkVersionField}.
     */
    static JsonNode withoutNewerFlinkVersion(JsonNode doc) {
        String v = doc.path("spec").path("flinkVersion").asText(null);
        boolean known = v == null || java.util.Arrays.stream(org.apache.flink.kubernetes.operator.api.spec.FlinkVersion.values())
                .anyMatch(f -> f.name().equals(v));
        if (known) {
            return doc;
        }
        JsonNode copy = doc.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) copy.get("spec")).remove("flinkVersion");
        return copy;
    }
}
