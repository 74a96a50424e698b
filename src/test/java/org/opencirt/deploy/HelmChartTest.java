package org.opencirt.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Helm chart (helm/opencirt): linted strictly, rendered with Helm 3 embedded through
 * helm-java (no cluster, no helm binary), and every manifest parsed into the typed Kubernetes
 * model with unknown fields refused, so that a misspelt or misplaced field fails here rather than
 * being dropped by the API server.
 */
class HelmChartTest {

    static final Path CHART = Path.of("helm/opencirt");
    static final Path PRODUCTION = CHART.resolve("values-production.yaml");
    static final long HELM_TIMEOUT_SECONDS = 60;
    /** Helm's template defaults to an old Kubernetes; the chart needs 1.30 (the preStop sleep action). */
    static final String KUBE_VERSION = "1.33.0";

    /** The kinds the chart may render, each with the class it must parse into. */
    static final Map<String, Class<?>> KINDS = Map.ofEntries(
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class),
            Map.entry("monitoring.coreos.com/v1/PrometheusRule", PrometheusRule.class),
            // Operators' resources: no typed model in fabric8; their fields are asserted below.
            Map.entry("postgresql.cnpg.io/v1/Cluster", GenericKubernetesResource.class),
            Map.entry("elasticsearch.k8s.elastic.co/v1/Elasticsearch", GenericKubernetesResource.class),
            Map.entry("k8s.keycloak.org/v2alpha1/Keycloak", GenericKubernetesResource.class),
            Map.entry("k8s.keycloak.org/v2alpha1/KeycloakRealmImport", GenericKubernetesResource.class));

    /** The environment variables that carry secrets: each must come from a Secret. */
    static final Set<String> SECRET_VARIABLES = Set.of(
            "OPENCIRT_DB_USER",
            "OPENCIRT_DB_PASSWORD",
            "OPENCIRT_ES_PASSWORD",
            "OPENCIRT_KEYCLOAK_SERVICE_SECRET",
            "OPENCIRT_CONSOLE_SECRET",
            "OPENCIRT_SIGNING_KEK",
            "OPENCIRT_CONSOLE_SESSION_KEY",
            "OPENCIRT_CONSOLE_CSRF_KEY",
            "OPENCIRT_SEARCH_CURSOR_KEY",
            "OPENCIRT_SMTP_PASSWORD");

    static final List<String> PRIVATE_IPV4 =
            List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16", "100.64.0.0/10");
    static final List<String> PRIVATE_IPV6 = List.of("fc00::/7", "fe80::/10");

    /**
     * fabric8's model keeps unknown fields in an "additionalProperties" map (a Jackson any-setter):
     * without any-setters, FAIL_ON_UNKNOWN_PROPERTIES refuses them.
     */
    static final ObjectMapper STRICT = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setAnnotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasAnySetter(Annotated annotated) {
                    return Boolean.FALSE;
                }
            });

    /** For the operators' resources, kept whole in a GenericKubernetesResource. */
    static final ObjectMapper LENIENT = new ObjectMapper();

    static final Map<String, String> EVERY_OPTION = everyOption();

    /** The cluster Helm's lookup asks (KUBECONFIG, set by Surefire, names it). */
    static FakeKubernetesApi cluster;

    @BeforeAll
    static void startFakeCluster() throws Exception {
        var kubeconfig = System.getenv("KUBECONFIG");
        assertThat(kubeconfig)
                .as("KUBECONFIG (Surefire sets it; helm-java's template asks that cluster for lookup)")
                .isNotBlank();
        cluster = FakeKubernetesApi.start(Path.of(kubeconfig));
    }

    @AfterAll
    static void stopFakeCluster() {
        cluster.close();
    }

    @BeforeEach
    void emptyCluster() {
        cluster.clear();
    }

    @Test
    void chartLintsStrictly() {
        var result = helm(() -> new Helm(CHART).lint().strict().call());
        assertThat(result.isFailed())
                .as("helm lint --strict: %s", result.getMessages())
                .isFalse();
    }

    @Test
    void chartVersionAndAppVersionAreTheProjectVersion() throws Exception {
        var pom = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(Path.of("pom.xml").toFile());
        var projectVersion = pom.getDocumentElement()
                .getElementsByTagName("version")
                .item(0)
                .getTextContent()
                .trim();
        var chart = STRICT.readTree(CHART.resolve("Chart.yaml").toFile());
        assertThat(chart.path("version").asText()).isEqualTo(projectVersion);
        assertThat(chart.path("appVersion").asText()).isEqualTo(projectVersion);
    }

    @Test
    void strictParserRefusesAnUnknownField() {
        var manifest = """
                apiVersion: v1
                kind: Service
                metadata: {name: x}
                spec:
                  ports: [{port: 80, targetPrt: 8080}]
                """;
        assertThatThrownBy(() -> parse(manifest)).hasMessageContaining("targetPrt");
    }

    @Test
    void defaultRenderIsHardened() {
        var objects = render(List.of(), Map.of());
        var deployment = one(objects, Deployment.class);
        var pod = deployment.getSpec().getTemplate().getSpec();
        var container = pod.getContainers().getFirst();

        assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
        assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/q/health/started");
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");

        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        var security = container.getSecurityContext();
        assertThat(security.getRunAsNonRoot()).isTrue();
        assertThat(security.getReadOnlyRootFilesystem()).isTrue();
        assertThat(security.getAllowPrivilegeEscalation()).isFalse();
        assertThat(security.getPrivileged()).isFalse();
        assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(security.getCapabilities().getAdd()).isNullOrEmpty();
        assertThat(security.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");

        var tmpMount = container.getVolumeMounts().stream()
                .filter(mount -> mount.getMountPath().equals("/tmp"))
                .findFirst()
                .orElseThrow();
        var tmp = pod.getVolumes().stream()
                .filter(volume -> volume.getName().equals(tmpMount.getName()))
                .findFirst()
                .orElseThrow();
        assertThat(tmp.getEmptyDir()).isNotNull();

        var resources = container.getResources();
        assertThat(resources.getRequests()).containsKeys("cpu", "memory");
        assertThat(resources.getLimits()).containsKeys("cpu", "memory");

        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(one(objects, ServiceAccount.class).getAutomountServiceAccountToken())
                .isFalse();
        assertThat(pod.getTerminationGracePeriodSeconds()).isGreaterThanOrEqualTo(30L);
        assertThat(one(objects, ConfigMap.class, "release-opencirt").getData())
                .containsEntry("QUARKUS_SHUTDOWN_TIMEOUT", "25S");

        assertThat(all(objects, PodDisruptionBudget.class)).isEmpty();
        assertThat(all(objects, HorizontalPodAutoscaler.class)).isEmpty();
        assertThat(all(objects, Ingress.class)).isEmpty();
    }

    @Test
    void imageTagIsTheAppVersionNeverLatest() throws Exception {
        var appVersion = STRICT.readTree(CHART.resolve("Chart.yaml").toFile())
                .path("appVersion")
                .asText();
        for (var objects : List.of(
                render(List.of(), Map.of()), render(List.of(PRODUCTION), Map.of()), render(List.of(), EVERY_OPTION))) {
            var image = container(objects).getImage();
            assertThat(image).isEqualTo("ghcr.io/opencirt/opencirt:" + appVersion);
        }
        assertThatThrownBy(() -> render(List.of(), Map.of("image.tag", "latest")))
                .hasMessageContaining("schema")
                .hasMessageContaining("tag");
    }

    @Test
    void podDisruptionBudgetExactlyWhenMoreThanOneReplica() {
        assertThat(all(render(List.of(), Map.of("replicaCount", "1")), PodDisruptionBudget.class))
                .isEmpty();
        var two = one(render(List.of(), Map.of("replicaCount", "2")), PodDisruptionBudget.class);
        assertThat(two.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        assertThat(two.getSpec().getSelector().getMatchLabels()).containsEntry("app.kubernetes.io/name", "opencirt");

        assertThat(all(
                        render(List.of(), Map.of("autoscaling.enabled", "true", "autoscaling.minReplicas", "1")),
                        PodDisruptionBudget.class))
                .isEmpty();
        var autoscaled = render(List.of(), Map.of("autoscaling.enabled", "true", "autoscaling.minReplicas", "2"));
        assertThat(all(autoscaled, PodDisruptionBudget.class)).hasSize(1);
        assertThat(one(autoscaled, Deployment.class).getSpec().getReplicas())
                .as("the autoscaler owns the replica count")
                .isNull();
    }

    @Test
    void networkPolicyIsOnByDefaultAndNarrow() {
        var objects = render(List.of(), Map.of());
        var policy = one(objects, NetworkPolicy.class);
        assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
        assertThat(policy.getSpec().getPodSelector().getMatchLabels())
                .containsEntry("app.kubernetes.io/name", "opencirt");

        // In: the ingress controller's namespace and the monitoring namespace, on the HTTP port only.
        assertThat(policy.getSpec().getIngress()).hasSize(1);
        var in = policy.getSpec().getIngress().getFirst();
        assertThat(in.getFrom())
                .extracting(peer -> peer.getNamespaceSelector().getMatchLabels())
                .containsExactly(
                        Map.of("kubernetes.io/metadata.name", "ingress-nginx"),
                        Map.of("kubernetes.io/metadata.name", "monitoring"));
        assertThat(in.getFrom())
                .allSatisfy(peer -> assertThat(peer.getIpBlock()).isNull());
        assertThat(in.getPorts())
                .singleElement()
                .satisfies(port -> assertThat(port.getPort().getStrVal()).isEqualTo("http"));

        // Out: DNS, PostgreSQL, Elasticsearch, Keycloak, SMTP, and the internet minus private ranges.
        var egress = policy.getSpec().getEgress();
        assertThat(ports(egress)).contains(53, 5432, 9200, 8080, 587, 443, 80);
        var dns = egress.stream()
                .filter(rule -> ports(List.of(rule)).contains(53))
                .findFirst()
                .orElseThrow();
        assertThat(dns.getTo().getFirst().getPodSelector().getMatchLabels()).containsEntry("k8s-app", "kube-dns");

        var blocks = egress.stream()
                .flatMap(rule -> rule.getTo() == null ? java.util.stream.Stream.of() : rule.getTo().stream())
                .map(NetworkPolicyPeer::getIpBlock)
                .filter(java.util.Objects::nonNull)
                .toList();
        assertThat(blocks).hasSize(2);
        var v4 = blocks.stream()
                .filter(block -> block.getCidr().equals("0.0.0.0/0"))
                .findFirst()
                .orElseThrow();
        assertThat(v4.getExcept()).containsExactlyInAnyOrderElementsOf(PRIVATE_IPV4);
        var v6 = blocks.stream()
                .filter(block -> block.getCidr().equals("::/0"))
                .findFirst()
                .orElseThrow();
        assertThat(v6.getExcept()).containsExactlyInAnyOrderElementsOf(PRIVATE_IPV6);
        var internet = egress.stream()
                .filter(rule ->
                        rule.getTo() != null && rule.getTo().stream().anyMatch(peer -> peer.getIpBlock() != null))
                .findFirst()
                .orElseThrow();
        assertThat(ports(List.of(internet))).containsExactlyInAnyOrder(443, 80);

        assertThat(all(render(List.of(), Map.of("networkPolicy.enabled", "false")), NetworkPolicy.class))
                .isEmpty();
    }

    @Test
    void noLiteralSecretAnywhere() throws Exception {
        for (var objects : List.of(
                render(List.of(), Map.of()), render(List.of(PRODUCTION), Map.of()), render(List.of(), EVERY_OPTION))) {
            var container = container(objects);
            assertThat(container.getEnv())
                    .as("every variable of the env list comes from a Secret or a field")
                    .allSatisfy(variable -> assertThat(variable.getValueFrom()).isNotNull());
            var fromSecrets = container.getEnv().stream()
                    .filter(variable -> variable.getValueFrom().getSecretKeyRef() != null)
                    .map(EnvVar::getName)
                    .collect(Collectors.toSet());
            assertThat(fromSecrets)
                    .contains(
                            "OPENCIRT_DB_PASSWORD",
                            "OPENCIRT_KEYCLOAK_SERVICE_SECRET",
                            "OPENCIRT_CONSOLE_SECRET",
                            "OPENCIRT_SIGNING_KEK",
                            "OPENCIRT_CONSOLE_SESSION_KEY",
                            "OPENCIRT_CONSOLE_CSRF_KEY",
                            "OPENCIRT_SEARCH_CURSOR_KEY");
            var settings = one(objects, ConfigMap.class, "release-opencirt").getData();
            assertThat(settings.keySet()).doesNotContainAnyElementsOf(SECRET_VARIABLES);
            assertThat(container.getEnvFrom())
                    .allSatisfy(source -> assertThat(source.getSecretRef()).isNull());
        }

        // The production example names an existing Secret for everything: the chart makes none.
        assertThat(all(render(List.of(PRODUCTION), Map.of()), Secret.class)).isEmpty();

        // Without one, the service's keys are generated once and kept (lookup, resource-policy keep).
        var generated = one(render(List.of(), Map.of()), Secret.class);
        assertThat(generated.getMetadata().getAnnotations()).containsEntry("helm.sh/resource-policy", "keep");
        assertThat(generated.getData())
                .containsOnlyKeys("signing-kek", "console-session-key", "console-csrf-key", "search-cursor-key");
        var kek = java.util.Base64.getDecoder()
                .decode(java.util.Base64.getDecoder().decode(generated.getData().get("signing-kek")));
        assertThat(kek).as("a 32-byte AES key").hasSize(32);
        String template = Files.readString(CHART.resolve("templates/secret-keys.yaml"));
        assertThat(template).contains("lookup \"v1\" \"Secret\" .Release.Namespace $name");

        // values.yaml holds no secret: only names of Secrets and of their keys.
        var values = STRICT.readTree(CHART.resolve("values.yaml").toFile());
        assertThat(fieldNames(values, "")).noneMatch(name -> name.matches("(?i).*\\.(password|secret|token|kek)$"));
    }

    @Test
    void generatedKeysAreKeptAcrossUpgrades() {
        var first = one(render(List.of(), Map.of()), Secret.class);
        assertThat(cluster.requests).contains("GET /api/v1/namespaces/cirt/secrets/release-opencirt-keys");
        var second = one(render(List.of(), Map.of()), Secret.class);
        assertThat(second.getData().get("signing-kek"))
                .as("without a Secret in the cluster, each render generates")
                .isNotEqualTo(first.getData().get("signing-kek"));

        cluster.putSecret("cirt", "release-opencirt-keys", first.getData());
        var upgraded = one(render(List.of(), Map.of()), Secret.class);
        assertThat(upgraded.getData()).isEqualTo(first.getData());
    }

    @Test
    void productionExampleRendersAHub() {
        var objects = render(List.of(PRODUCTION), Map.of());
        var hpa = one(objects, HorizontalPodAutoscaler.class);
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(3);
        assertThat(one(objects, PodDisruptionBudget.class)).isNotNull();
        var ingress = one(objects, Ingress.class);
        assertThat(ingress.getSpec().getTls()).singleElement().satisfies(tls -> {
            assertThat(tls.getSecretName()).isEqualTo("opencirt-tls");
            assertThat(tls.getHosts()).containsExactly("cirt-hub.example.org");
        });
        assertThat(one(objects, NetworkPolicy.class)).isNotNull();
        assertThat(one(objects, ServiceMonitor.class).getSpec().getEndpoints())
                .singleElement()
                .satisfies(endpoint -> assertThat(endpoint.getPath()).isEqualTo("/q/metrics"));
        assertThat(one(objects, PrometheusRule.class).getSpec().getGroups()).isNotEmpty();
        assertThat(one(objects, ConfigMap.class, "release-opencirt-dashboard")
                        .getMetadata()
                        .getLabels())
                .containsEntry("grafana_dashboard", "1");

        var settings = one(objects, ConfigMap.class, "release-opencirt").getData();
        assertThat(settings)
                .containsEntry("OPENCIRT_PUBLIC_URL", "https://cirt-hub.example.org")
                .containsEntry(
                        "OPENCIRT_DB_URL", "jdbc:postgresql://release-opencirt-pg-rw:5432/opencirt?sslmode=require")
                .containsEntry(
                        "OPENCIRT_KEYS_DB_URL",
                        "jdbc:postgresql://release-opencirt-pg-rw:5432/opencirt_keys?sslmode=require")
                .containsEntry("OPENCIRT_ES_HOSTS", "release-opencirt-es-es-http:9200");
        var cluster = generic(objects, "Cluster");
        assertThat(cluster.getAdditionalProperties()).containsKey("spec");
        // the Cluster makes the key store beside the database (ADR 40)
        assertThat(cluster.getAdditionalProperties().get("spec").toString())
                .contains("CREATE DATABASE opencirt_keys OWNER opencirt");
        assertThat(generic(objects, "Elasticsearch").getApiVersion()).isEqualTo("elasticsearch.k8s.elastic.co/v1");
        var env = envByName(container(objects));
        assertThat(env.get("OPENCIRT_DB_PASSWORD")
                        .getValueFrom()
                        .getSecretKeyRef()
                        .getName())
                .isEqualTo("release-opencirt-pg-app");
        assertThat(env.get("OPENCIRT_ES_PASSWORD")
                        .getValueFrom()
                        .getSecretKeyRef()
                        .getName())
                .isEqualTo("release-opencirt-es-es-elastic-user");
    }

    @Test
    void everyOptionalPartRendersIntoTypedObjects() {
        var objects = render(List.of(), EVERY_OPTION);
        var kinds = objects.stream().map(HasMetadata::getKind).collect(Collectors.toSet());
        assertThat(kinds)
                .containsExactlyInAnyOrder(
                        "ConfigMap",
                        "Secret",
                        "Service",
                        "ServiceAccount",
                        "Deployment",
                        "HorizontalPodAutoscaler",
                        "Ingress",
                        "NetworkPolicy",
                        "PodDisruptionBudget",
                        "ServiceMonitor",
                        "PrometheusRule",
                        "Cluster",
                        "Elasticsearch",
                        "Keycloak",
                        "KeycloakRealmImport");

        // The realm import takes the clients' secrets from the generated Secret by placeholders.
        var realmImport = generic(objects, "KeycloakRealmImport");
        var spec = STRICT.valueToTree(realmImport.getAdditionalProperties().get("spec"));
        assertThat(spec.at("/placeholders/OPENCIRT_CONSOLE_SECRET/secret/name").asText())
                .isEqualTo("release-opencirt-keys");
        var clients = spec.at("/realm/clients");
        assertThat(clients.findValuesAsText("secret"))
                .containsExactlyInAnyOrder("${OPENCIRT_CONSOLE_SECRET}", "${OPENCIRT_SERVICE_SECRET}");
        assertThat(spec.at("/realm/sslRequired").asText()).isEqualTo("all");
        assertThat(spec.at("/realm/clients/0/redirectUris/0").asText()).isEqualTo("https://cirt.example.org/console/*");
        assertThat(one(objects, Secret.class).getData())
                .containsKeys("service-client-secret", "console-client-secret", "signing-kek");

        var env = envByName(container(objects));
        assertThat(env.get("OPENCIRT_SMTP_PASSWORD")
                        .getValueFrom()
                        .getSecretKeyRef()
                        .getName())
                .isEqualTo("smtp-credentials");
        var policy = one(objects, NetworkPolicy.class);
        assertThat(policy.getSpec().getEgress())
                .anySatisfy(rule -> assertThat(
                                rule.getTo().getFirst().getPodSelector().getMatchLabels())
                        .containsEntry("cnpg.io/cluster", "release-opencirt-pg"));
    }

    @Test
    void theKeyStoreIsBesideTheDatabaseUnlessItHasAServerOfItsOwn() {
        assertThat(one(render(List.of(), Map.of()), ConfigMap.class, "release-opencirt")
                        .getData())
                .containsEntry(
                        "OPENCIRT_KEYS_DB_URL", "jdbc:postgresql://postgresql:5432/opencirt_keys?sslmode=require");
        var own = "jdbc:postgresql://keys-rw:5432/keys?sslmode=verify-full";
        assertThat(one(
                                render(List.of(), Map.of("postgresql.keyStoreJdbcUrl", own)),
                                ConfigMap.class,
                                "release-opencirt")
                        .getData())
                .containsEntry("OPENCIRT_KEYS_DB_URL", own);
        assertThatThrownBy(() -> render(List.of(), Map.of("postgresql.keyStoreJdbcUrl", "mysql://keys")))
                .hasMessageContaining("keyStoreJdbcUrl");
    }

    @Test
    void logsAreJsonByDefaultAndPlainOnRequest() {
        assertThat(one(render(List.of(), Map.of()), ConfigMap.class, "release-opencirt")
                        .getData())
                .containsEntry("OPENCIRT_LOG_JSON", "true");
        assertThat(one(render(List.of(), Map.of("logging.json", "false")), ConfigMap.class, "release-opencirt")
                        .getData())
                .containsEntry("OPENCIRT_LOG_JSON", "false");
        assertThatThrownBy(() -> render(List.of(), Map.of("logging.json", "yes")))
                .hasMessageContaining("logging");
        assertThatThrownBy(() -> render(List.of(), Map.of("logging.format", "json")))
                .hasMessageContaining("format");
    }

    @Test
    void rulesAlertOnTheDomainMetrics() {
        var rules = one(render(List.of(), EVERY_OPTION), PrometheusRule.class).getSpec().getGroups().stream()
                .flatMap(group -> group.getRules().stream())
                .collect(Collectors.toMap(
                        rule -> rule.getAlert(), rule -> rule.getExpr().getStrVal()));
        assertThat(rules.get("OpenCirtOutboxLagHigh"))
                .contains("opencirt_outbox_lag_seconds")
                .contains("> 600");
        assertThat(rules.get("OpenCirtFeedRunsFailing"))
                .contains("opencirt_feed_runs_total")
                .contains("failed");
        assertThat(rules.get("OpenCirtDeadLettersGrowing")).contains("opencirt_feed_dead_letters_total");
        assertThat(rules.get("OpenCirtSigningKeyExpiring"))
                .contains("opencirt_signing_key_expiry_days")
                .contains("< 30");
    }

    @Test
    void schemaRefusesWrongTypesAndUnknownKeys() {
        assertThatThrownBy(() -> render(List.of(), Map.of("replicaCount", "three")))
                .hasMessageContaining("replicaCount");
        assertThatThrownBy(() -> render(List.of(), Map.of("replicas", "2"))).hasMessageContaining("replicas");
        assertThatThrownBy(() -> render(List.of(), Map.of("image.tagg", "1.0.0")))
                .hasMessageContaining("tagg");
        assertThatThrownBy(() -> render(List.of(), Map.of("networkPolicy.enabled", "maybe")))
                .hasMessageContaining("networkPolicy");
        assertThatThrownBy(() -> render(List.of(), Map.of("postgresql.external.sslmode", "sometimes")))
                .hasMessageContaining("sslmode");
        assertThatThrownBy(() -> render(List.of(), Map.of("ingress.enabled", "true")))
                .hasMessageContaining("ingress.enabled needs at least one host");
    }

    // ---------------------------------------------------------------- helpers

    static Map<String, String> everyOption() {
        var values = new LinkedHashMap<String, String>();
        values.put("publicUrl", "https://cirt.example.org");
        values.put("autoscaling.enabled", "true");
        values.put("ingress.enabled", "true");
        values.put("ingress.hosts[0]", "cirt.example.org");
        values.put("ingress.tls.secretName", "cirt-tls");
        values.put("postgresql.cnpg.enabled", "true");
        values.put("elasticsearch.eck.enabled", "true");
        values.put("keycloak.existingSecret", "");
        values.put("keycloak.operator.enabled", "true");
        values.put("keycloak.operator.hostname", "login.cirt.example.org");
        values.put("keycloak.operator.tlsSecret", "login-tls");
        values.put("keycloak.operator.db.host", "keycloak-db-rw");
        values.put("keycloak.operator.db.existingSecret", "keycloak-db-app");
        values.put("smtp.existingSecret", "smtp-credentials");
        values.put("metrics.serviceMonitor.enabled", "true");
        values.put("metrics.prometheusRule.enabled", "true");
        return Map.copyOf(values);
    }

    static List<HasMetadata> render(List<Path> valuesFiles, Map<String, String> values) {
        var rendered = helm(() -> {
            var command = new Helm(CHART)
                    .template()
                    .withName("release")
                    .withNamespace("cirt")
                    .withKubeVersion(KUBE_VERSION);
            valuesFiles.forEach(command::withValuesFile);
            values.forEach(command::set);
            return command.call();
        });
        return parse(rendered);
    }

    static List<HasMetadata> parse(String manifests) {
        var objects = new ArrayList<HasMetadata>();
        try (var parser = STRICT.getFactory().createParser(manifests)) {
            for (var it = STRICT.readValues(parser, JsonNode.class); it.hasNext(); ) {
                var node = it.next();
                if (node == null || node.isNull() || node.isEmpty()) {
                    continue;
                }
                var type = node.path("apiVersion").asText() + "/"
                        + node.path("kind").asText();
                var modelClass = KINDS.get(type);
                assertThat(modelClass)
                        .as("a kind the chart may render: %s", type)
                        .isNotNull();
                objects.add((HasMetadata)
                        (modelClass == GenericKubernetesResource.class
                                ? LENIENT.treeToValue(node, modelClass)
                                : STRICT.treeToValue(node, modelClass)));
            }
        } catch (java.io.IOException e) {
            throw new AssertionError("a rendered manifest does not parse: " + e.getMessage(), e);
        }
        return objects;
    }

    /** Runs a Helm call with a hard timeout. */
    static <T> T helm(Callable<T> call) {
        var executor = Executors.newSingleThreadExecutor(runnable -> {
            var thread = new Thread(runnable, "helm");
            thread.setDaemon(true);
            return thread;
        });
        try {
            return executor.submit(call).get(HELM_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime
                    ? runtime
                    : new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (Exception e) {
            throw new AssertionError("helm did not answer within %d s".formatted(HELM_TIMEOUT_SECONDS), e);
        } finally {
            executor.shutdownNow();
        }
    }

    static <T> List<T> all(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static <T> T one(List<HasMetadata> objects, Class<T> type) {
        var found = all(objects, type);
        assertThat(found).as("one %s", type.getSimpleName()).hasSize(1);
        return found.getFirst();
    }

    static <T extends HasMetadata> T one(List<HasMetadata> objects, Class<T> type, String name) {
        return all(objects, type).stream()
                .filter(object -> object.getMetadata().getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no %s %s".formatted(type.getSimpleName(), name)));
    }

    static GenericKubernetesResource generic(List<HasMetadata> objects, String kind) {
        return all(objects, GenericKubernetesResource.class).stream()
                .filter(object -> object.getKind().equals(kind))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind));
    }

    static Container container(List<HasMetadata> objects) {
        return one(objects, Deployment.class)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .getFirst();
    }

    static Map<String, EnvVar> envByName(Container container) {
        return container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, variable -> variable));
    }

    static Set<Integer> ports(List<NetworkPolicyEgressRule> rules) {
        return rules.stream()
                .flatMap(rule -> rule.getPorts().stream())
                .map(port -> port.getPort().getIntVal())
                .collect(Collectors.toSet());
    }

    static List<String> fieldNames(JsonNode node, String prefix) {
        var names = new ArrayList<String>();
        node.fields().forEachRemaining(field -> {
            var name = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
            names.add(name);
            if (field.getValue().isObject()) {
                names.addAll(fieldNames(field.getValue(), name));
            }
        });
        return names;
    }
}
