package io.dvstream.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvstream.deploy.Repository;
import io.dvstream.deploy.checks.FlinkOptions;
import io.dvstream.deploy.docker.Dockerfile;
import io.dvstream.deploy.docker.ImageRef;
import io.dvstream.events.wire.Topics;
import io.dvstream.jobs.GestureJob;
import io.strimzi.api.kafka.model.kafka.Kafka;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;
import org.apache.flink.kubernetes.operator.api.spec.FlinkDeploymentSpec;
import org.apache.flink.kubernetes.operator.api.spec.JobSpec;
import org.apache.flink.kubernetes.operator.api.spec.KubernetesDeploymentMode;
import org.apache.flink.kubernetes.operator.api.spec.UpgradeMode;
import org.junit.jupiter.api.Test;

/** The FlinkDeployment against the Flink image's Dockerfile, Flink's options and the job's own parser. */
class FlinkDeploymentTest {

    private final KubernetesManifests.Manifest manifest = KubernetesManifests.all().stream()
            .filter(m -> m.resource() instanceof FlinkDeployment).findFirst().orElseThrow();
    private final FlinkDeploymentSpec spec = ((FlinkDeployment) manifest.resource()).getSpec();

    @Test
    void itIsAnApplicationDeploymentOfTheProjectImageAndFlinkVersion() throws IOException {
        ImageRef image = ImageRef.parse(spec.getImage());
        assertThat(image).isEqualTo(new ImageRef("dvstream/flink-job", Repository.version()));
        Dockerfile dockerfile = Dockerfile.read(image.dockerfileIn(Repository.root()));
        String flink = FlinkOptions.flinkVersion();
        assertThat(dockerfile.baseImage()).as("the image's Flink is the job's Flink").startsWith("flink:" + flink + "-");
        String[] v = flink.split("\\.");
        assertThat(KubernetesManifests.flinkVersionField(manifest)).isEqualTo("v" + v[0] + "_" + v[1]);
        assertThat(spec.getMode()).isEqualTo(KubernetesDeploymentMode.NATIVE);
        assertThat(spec.getJob()).as("a job spec: application mode").isNotNull();
    }

    @Test
    void theJarIsTheOneTheImageHoldsAndTheEntryClassIsTheGestureJob() throws IOException {
        JobSpec job = spec.getJob();
        URI jar = URI.create(job.getJarURI());
        assertThat(jar.getScheme()).as("a jar inside the image").isEqualTo("local");
        Dockerfile dockerfile = Dockerfile.read(ImageRef.parse(spec.getImage()).dockerfileIn(Repository.root()));
        assertThat(dockerfile.copies()).extracting(Dockerfile.Copy::destination).contains(jar.getPath());
        assertThat(jar.getPath()).startsWith("/opt/flink/usrlib/");
        assertThat(job.getEntryClass()).isEqualTo(GestureJob.class.getName());
        assertThat(job.getUpgradeMode()).isEqualTo(UpgradeMode.LAST_STATE);
    }

    @Test
    void theArgumentsAreOnesTheJobAcceptsAndNameTheStrimziBootstrapService() throws IOException {
        GestureJob job = GestureJob.fromArguments(spec.getJob().getArgs());
        Kafka kafka = KubernetesManifests.only(Kafka.class);
        var listener = kafka.getSpec().getKafka().getListeners().get(0);
        assertThat(job.config().job().bootstrapServers())
                .isEqualTo(kafka.getMetadata().getName() + "-kafka-bootstrap:" + listener.getPort());
        assertThat(job.config().job().inputTopic()).isEqualTo(Topics.EVENTS);
        assertThat(job.config().gesturesTopic()).isEqualTo(Topics.GESTURES);
        // A source subtask reads whole partitions: more subtasks than partitions would sit idle.
        int eventPartitions = KubernetesManifests.ofKind(io.strimzi.api.kafka.model.topic.KafkaTopic.class).stream()
                .filter(t -> t.getMetadata().getName().equals(Topics.EVENTS)).findFirst().orElseThrow().getSpec().getPartitions();
        assertThat(spec.getJob().getParallelism()).isLessThanOrEqualTo(eventPartitions);
    }

    @Test
    void flinkConfigurationIsFlinkOptionsWithRocksDbAndObjectStoreCheckpoints() {
        Map<String, String> conf = spec.getFlinkConfiguration();
        FlinkOptions.check(conf, manifest.where() + " flinkConfiguration");
        assertThat(conf.get("state.backend.type")).isEqualTo("rocksdb");
        for (String key : new String[] {"execution.checkpointing.dir", "execution.checkpointing.savepoint-dir", "high-availability.storageDir"}) {
            assertThat(URI.create(conf.get(key)).getScheme()).as(key).isEqualTo("s3");
        }
        // The S3 plugin the s3:// URIs need is in the image.
        assertThat(ImageRef.parse(spec.getImage()).dockerfileIn(Repository.root())).content().contains("flink-s3-fs-presto");
        assertThat(conf.get("high-availability.type")).as("last-state upgrades need HA").isEqualTo("kubernetes");
        int slots = Integer.parseInt(conf.get("taskmanager.numberOfTaskSlots"));
        assertThat(slots).isPositive();
        assertThat(spec.getJob().getParallelism()).isPositive();
    }
}
