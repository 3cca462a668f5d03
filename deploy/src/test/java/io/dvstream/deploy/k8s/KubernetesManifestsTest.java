package io.dvstream.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Namespace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every document under deploy/k8s parses strictly into its official model class. */
class KubernetesManifestsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void everyDocumentParsesIntoItsModelClass() {
        List<KubernetesManifests.Manifest> all = KubernetesManifests.all();
        assertThat(all).extracting(m -> m.resource().getKind())
                .contains("Namespace", "Kafka", "KafkaNodePool", "KafkaTopic", "FlinkDeployment", "Deployment", "Service");
        for (KubernetesManifests.Manifest m : all) {
            assertThat(m.resource().getClass()).as(m.where()).isEqualTo(KubernetesManifests.KINDS.get(m.resource().getKind()));
        }
    }

    @Test
    void everythingIsInTheOneNamespace() {
        String namespace = KubernetesManifests.only(Namespace.class).getMetadata().getName();
        for (KubernetesManifests.Manifest m : KubernetesManifests.all()) {
            if (!(m.resource() instanceof Namespace)) {
                assertThat(m.resource().getMetadata().getNamespace()).as(m.where()).isEqualTo(namespace);
            }
        }
    }

    @Test
    void theKustomizationListsEveryManifestFile() throws IOException {
        JsonNode k = YAML.readTree(KubernetesManifests.dir().resolve(KubernetesManifests.KUSTOMIZATION).toFile());
        assertThat(k.path("kind").asText()).isEqualTo("Kustomization");
        List<String> resources = new ArrayList<>();
        k.path("resources").forEach(r -> resources.add(r.asText()));
        assertThat(resources).containsExactlyInAnyOrderElementsOf(
                KubernetesManifests.files().stream().map(Path::getFileName).map(Path::toString).toList());
    }

    @Test
    void aMisspelledFieldIsRejected() throws IOException {
        JsonNode doc = YAML.readTree("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x, namespace: dvstream}
                spec:
                  replicas: 1
                  template:
                    spec:
                      containers:
                        - name: c
                          image: dvstream/cli:1
                          arg: [ingest]
                """);
        assertThatThrownBy(() -> KubernetesManifests.parse(doc, "test document"))
                .hasMessageContaining("test document").hasMessageContaining("arg");
    }

    @Test
    void aStrimziTypoIsRejected() throws IOException {
        JsonNode doc = YAML.readTree("""
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaTopic
                metadata: {name: dvs.events, namespace: dvstream}
                spec: {partitions: 8, replica: 3}
                """);
        assertThatThrownBy(() -> KubernetesManifests.parse(doc, "test document")).hasMessageContaining("replica");
    }

    @Test
    void aFlinkDeploymentTypoIsRejected() throws IOException {
        JsonNode doc = YAML.readTree("""
                apiVersion: flink.apache.org/v1beta1
                kind: FlinkDeployment
                metadata: {name: x, namespace: dvstream}
                spec:
                  flinkVersion: v2_2
                  job: {jarURI: "local:///opt/flink/usrlib/dvstream-job.jar", entryclass: io.dvstream.jobs.GestureJob}
                """);
        assertThatThrownBy(() -> KubernetesManifests.parse(doc, "test document")).hasMessageContaining("entryclass");
    }

    @Test
    void anUnknownKindOrApiVersionIsRejected() throws IOException {
        JsonNode cron = YAML.readTree("{apiVersion: batch/v1, kind: CronJob, metadata: {name: x}}");
        assertThatThrownBy(() -> KubernetesManifests.parse(cron, "d")).hasMessageContaining("kind CronJob");
        JsonNode old = YAML.readTree("{apiVersion: apps/v1beta1, kind: Deployment, metadata: {name: x}}");
        assertThatThrownBy(() -> KubernetesManifests.parse(old, "d")).hasMessageContaining("apiVersion apps/v1beta1");
    }
}
