package io.dvstream.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dvstream.deploy.Repository;
import io.dvstream.deploy.checks.CliArguments;
import io.dvstream.deploy.docker.ImageRef;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.strimzi.api.kafka.model.kafka.Kafka;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParseResult;

/** The ingest and dashboard Deployments and their Services: images, CLI arguments, ports, selectors. */
class WorkloadsTest {

    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    private final List<Deployment> deployments = KubernetesManifests.ofKind(Deployment.class);
    private final List<Service> services = KubernetesManifests.ofKind(Service.class);

    private static String bootstrap() {
        Kafka kafka = KubernetesManifests.only(Kafka.class);
        return kafka.getMetadata().getName() + "-kafka-bootstrap:" + kafka.getSpec().getKafka().getListeners().get(0).getPort();
    }

    private Deployment deploymentRunning(String subcommand) {
        return deployments.stream().filter(d -> container(d).getArgs().get(0).equals(subcommand)).findFirst()
                .orElseThrow(() -> new AssertionError("no Deployment runs dvstream " + subcommand));
    }

    private static Container container(Deployment d) {
        List<Container> containers = d.getSpec().getTemplate().getSpec().getContainers();
        assertThat(containers).as("containers of %s", d.getMetadata().getName()).hasSize(1);
        return containers.get(0);
    }

    /** The arguments as Kubernetes passes them: $(VAR) replaced by the container's env (a stand-in for secrets). */
    private static List<String> resolvedArgs(Container c) {
        List<String> out = new ArrayList<>();
        for (String a : c.getArgs()) {
            Matcher m = ENV_REFERENCE.matcher(a);
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                String name = m.group(1);
                assertThat(c.getEnv()).as("$(%s) in the args of %s is an env var of the container", name, c.getName())
                        .extracting(EnvVar::getName).contains(name);
                m.appendReplacement(sb, "stand-in-for-" + name);
            }
            m.appendTail(sb);
            out.add(sb.toString());
        }
        return out;
    }

    @Test
    void everyDeploymentRunsTheCliImageOfThisVersion() {
        assertThat(deployments).isNotEmpty();
        for (Deployment d : deployments) {
            ImageRef image = ImageRef.parse(container(d).getImage());
            assertThat(image).as(d.getMetadata().getName()).isEqualTo(new ImageRef("dvstream/cli", Repository.version()));
            assertThat(image.dockerfileIn(Repository.root())).isRegularFile();
            assertThat(d.getSpec().getSelector().getMatchLabels()).as("selector of %s", d.getMetadata().getName())
                    .isEqualTo(d.getSpec().getTemplate().getMetadata().getLabels());
        }
    }

    @Test
    void ingestArgumentsParseAndItsPortsAreTheOnesItListensOn() {
        Deployment ingest = deploymentRunning("ingest");
        Container c = container(ingest);
        ParseResult parsed = CliArguments.parse(resolvedArgs(c));
        assertThat(CliArguments.option(parsed, "--kafka")).isEqualTo(bootstrap());
        URI source = URI.create(CliArguments.option(parsed, "--source"));
        assertThat(source.getScheme()).isEqualTo("jaer-udp");
        assertThat(source.getHost()).isEqualTo("0.0.0.0");
        assertThat(c.getPorts()).anyMatch(p -> p.getContainerPort() == source.getPort() && p.getProtocol().equals("UDP"));
        int metrics = Integer.parseInt(CliArguments.option(parsed, "--metrics-port"));
        assertThat(CliArguments.option(parsed, "--metrics-host")).isEqualTo("0.0.0.0");
        assertThat(c.getPorts()).anyMatch(p -> p.getContainerPort() == metrics && p.getProtocol().equals("TCP"));
        assertThat(ingest.getSpec().getReplicas()).as("one listener per camera").isEqualTo(1);
        assertThat(ingest.getSpec().getStrategy().getType()).isEqualTo("Recreate");
        assertServicesReach(ingest, "UDP", source.getPort());
    }

    @Test
    void dashboardArgumentsParseAndItsServiceReachesItsPort() {
        Deployment dashboard = deploymentRunning("dashboard");
        Container c = container(dashboard);
        List<String> args = resolvedArgs(c);
        int port = Integer.parseInt(args.get(args.indexOf("--port") + 1));
        assertThat(args.get(args.indexOf("--kafka") + 1)).isEqualTo(bootstrap());
        assertThat(c.getEnv()).filteredOn(e -> e.getName().equals("DASHBOARD_TOKEN"))
                .allSatisfy(e -> assertThat(e.getValueFrom().getSecretKeyRef()).as("the token comes from a Secret").isNotNull());
        assertThat(c.getPorts()).anyMatch(p -> p.getContainerPort() == port);
        assertServicesReach(dashboard, "TCP", port);
        assumeTrue(CliArguments.hasSubcommand("dashboard"), "dvstream dashboard is not in this build yet: its options are not checked");
        ParseResult parsed = CliArguments.parse(args);
        assertThat(CliArguments.option(parsed, "--port")).isEqualTo(String.valueOf(port));
        assertThat(CliArguments.option(parsed, "--kafka")).isEqualTo(bootstrap());
    }

    @Test
    void everyServiceSelectsADeploymentAndTargetsOneOfItsPorts() {
        assertThat(services).isNotEmpty();
        for (Service s : services) {
            Deployment target = deployments.stream().filter(d -> selects(s, d)).findFirst()
                    .orElseThrow(() -> new AssertionError("Service " + s.getMetadata().getName() + " selects no Deployment"));
            for (ServicePort p : s.getSpec().getPorts()) {
                assertThat(containerPort(container(target), p.getTargetPort()))
                        .as("Service %s port %s targets a port of %s", s.getMetadata().getName(), p.getName(), target.getMetadata().getName())
                        .isNotNull()
                        .satisfies(cp -> assertThat(cp.getProtocol()).isEqualTo(p.getProtocol()));
            }
        }
    }

    private void assertServicesReach(Deployment d, String protocol, int containerPort) {
        assertThat(services.stream().filter(s -> selects(s, d)).flatMap(s -> s.getSpec().getPorts().stream()))
                .as("a Service of %s reaches %s port %d", d.getMetadata().getName(), protocol, containerPort)
                .anyMatch(p -> {
                    ContainerPort cp = containerPort(container(d), p.getTargetPort());
                    return cp != null && cp.getContainerPort() == containerPort && protocol.equals(p.getProtocol());
                });
    }

    private static boolean selects(Service s, Deployment d) {
        Map<String, String> labels = d.getSpec().getTemplate().getMetadata().getLabels();
        return labels.entrySet().containsAll(s.getSpec().getSelector().entrySet());
    }

    private static ContainerPort containerPort(Container c, IntOrString target) {
        return c.getPorts().stream()
                .filter(p -> target.getStrVal() != null ? target.getStrVal().equals(p.getName()) : target.getIntVal().equals(p.getContainerPort()))
                .findFirst().orElse(null);
    }
}
