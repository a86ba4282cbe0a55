package dev.aurorarefresh.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.aurorarefresh.core.Durations;
import dev.aurorarefresh.core.Pipeline;
import dev.aurorarefresh.testing.Tool;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * k8s/ as the API server would take it: every manifest of the base binds to the Kubernetes API
 * model (fabric8, Kubernetes 1.3x) with no unknown field and no quoted number where a number
 * belongs, and the job's settings are options the application reads, with values it accepts. The
 * base and each overlay are also rendered by {@code kubectl kustomize} and checked as applied.
 */
class KubernetesManifestsTest {
    static final Path K8S = Path.of("k8s/base");
    static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of("Namespace", Namespace.class,
            "ServiceAccount", ServiceAccount.class, "ConfigMap", ConfigMap.class, "Secret", Secret.class,
            "CronJob", CronJob.class);

    /** The Kustomization fields this project uses; anything else is a typo. */
    record Kustomization(String apiVersion, String kind, String namespace, List<Map<String, Object>> labels,
            List<String> resources, List<Map<String, String>> images) {
    }

    static final ObjectMapper STRICT = JsonMapper.builder(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            // a number where the API wants a string (e.g. ConfigMap data: 60) is rejected too
            .withCoercionConfig(LogicalType.Textual, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            // fabric8 models keep unknown fields in additionalProperties; the API server rejects them
            .annotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasAnySetter(Annotated a) {
                    return a.getName().equals("setAdditionalProperty") ? Boolean.FALSE : super.hasAnySetter(a);
                }
            })
            .build();

    static Kustomization kustomization;
    static final Map<String, HasMetadata> resources = new LinkedHashMap<>();
    static CronJob cronJob;
    static ConfigMap configMap;
    static ServiceAccount serviceAccount;

    @BeforeAll
    static void parse() throws IOException {
        kustomization = STRICT.readValue(K8S.resolve("kustomization.yaml").toFile(), Kustomization.class);
        for (String file : kustomization.resources()) {
            if (Files.isDirectory(K8S.resolve(file))) {
                // a component with its own kustomization (e.g. monitoring/), tested with its feature
                assertThat(K8S.resolve(file).resolve("kustomization.yaml")).exists();
                continue;
            }
            HasMetadata r = parseStrictly(K8S.resolve(file));
            resources.put(r.getKind() + "/" + r.getMetadata().getName(), r);
        }
        cronJob = (CronJob) resources.get("CronJob/aurora-refresh");
        configMap = (ConfigMap) resources.get("ConfigMap/aurora-refresh");
        serviceAccount = (ServiceAccount) resources.get("ServiceAccount/aurora-refresh");
    }

    static HasMetadata parseStrictly(Path file) throws IOException {
        JsonNode tree = STRICT.readTree(file.toFile());
        String kind = tree.path("kind").asText();
        Class<? extends HasMetadata> type = KINDS.get(kind);
        assertThat(type).as("%s: kind '%s' is not one this test knows", file, kind).isNotNull();
        HasMetadata r = STRICT.readValue(file.toFile(), type);
        assertThat(r.getApiVersion()).as(file.toString()).isEqualTo(type == CronJob.class ? "batch/v1" : "v1");
        return r;
    }

    @Test
    void theKustomizationListsEveryManifestInTheFolder() throws IOException {
        assertThat(kustomization.apiVersion()).isEqualTo("kustomize.config.k8s.io/v1beta1");
        assertThat(kustomization.kind()).isEqualTo("Kustomization");
        Set<String> files = new TreeSet<>();
        try (Stream<Path> list = Files.list(K8S)) {
            list.filter(p -> p.toString().endsWith(".yaml") && !p.endsWith("kustomization.yaml"))
                    .forEach(p -> files.add(p.getFileName().toString()));
        }
        assertThat(new TreeSet<>(kustomization.resources().stream().filter(r -> r.endsWith(".yaml")).toList())).isEqualTo(files);
        assertThat(resources.keySet()).containsExactlyInAnyOrder("Namespace/aurora-refresh", "ServiceAccount/aurora-refresh",
                "ConfigMap/aurora-refresh", "CronJob/aurora-refresh");
        // the image name the CronJob uses is the one the kustomization rewrites
        assertThat(kustomization.images()).extracting(i -> i.get("name")).containsExactly(container().getImage());
    }

    @Test
    void strictParsingRejectsUnknownFieldsAndQuotedNumbers(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path typo = dir.resolve("typo.yaml");
        Files.writeString(typo, Files.readString(K8S.resolve("cronjob.yaml")).replace("concurrencyPolicy:", "concurencyPolicy:"));
        assertThatThrownBy(() -> parseStrictly(typo)).isInstanceOf(UnrecognizedPropertyException.class)
                .hasMessageContaining("concurencyPolicy");
        Path quoted = dir.resolve("quoted.yaml");
        Files.writeString(quoted, Files.readString(K8S.resolve("cronjob.yaml")).replace("backoffLimit: 1", "backoffLimit: \"1\""));
        assertThatThrownBy(() -> parseStrictly(quoted)).hasMessageContaining("backoffLimit");
        Path unquoted = dir.resolve("unquoted.yaml");
        Files.writeString(unquoted, Files.readString(K8S.resolve("configmap.yaml")).replace("\"60\"", "60"));
        assertThatThrownBy(() -> parseStrictly(unquoted)).hasMessageContaining("data");
    }

    @Test
    void theCronJobRunsOnePassAtATimeAndCannotOutliveOrPileUp() {
        var spec = cronJob.getSpec();
        assertThat(spec.getSchedule().trim().split("\\s+")).hasSize(5);
        assertThat(spec.getConcurrencyPolicy()).isEqualTo("Forbid");
        assertThat(spec.getStartingDeadlineSeconds()).isPositive();
        JobSpec job = spec.getJobTemplate().getSpec();
        assertThat(job.getBackoffLimit()).isBetween(0, 3);
        assertThat(job.getTtlSecondsAfterFinished()).isPositive();
        Duration waitTimeout = Durations.parse(configMap.getData().getOrDefault("AURORA_REFRESH_WAIT_TIMEOUT", "45m"));
        assertThat(Duration.ofSeconds(job.getActiveDeadlineSeconds()))
                .as("activeDeadlineSeconds must leave every attempt time to clone and clean after waiting --wait-timeout")
                .isGreaterThanOrEqualTo(waitTimeout.plusMinutes(10).multipliedBy(job.getBackoffLimit() + 1));
        assertThat(job.getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
    }

    @Test
    void thePodMeetsTheRestrictedPodSecurityStandard() {
        PodSpec pod = cronJob.getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isNotZero();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        Container c = container();
        assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(pod.getVolumes()).allSatisfy(v -> assertThat(v.getEmptyDir() != null || v.getSecret() != null).isTrue());
        // the secret's files are group-readable (0440), so the non-root user reads them through fsGroup
        assertThat(pod.getVolumes()).filteredOn(v -> v.getSecret() != null)
                .allSatisfy(v -> assertThat(v.getSecret().getDefaultMode()).isEqualTo(0440));
        assertThat(namespace().getMetadata().getLabels()).containsEntry("pod-security.kubernetes.io/enforce", "restricted");
    }

    @Test
    void theContainerAsksForLittleAndTheQuantitiesParse() {
        Map<String, Quantity> requests = container().getResources().getRequests();
        assertThat(Quantity.getAmountInBytes(requests.get("memory")).longValue()).isLessThanOrEqualTo(128L << 20);
        assertThat(requests.get("cpu").getNumericalAmount().doubleValue()).isLessThanOrEqualTo(0.25);
        assertThat(Quantity.getAmountInBytes(container().getResources().getLimits().get("memory")))
                .isGreaterThan(Quantity.getAmountInBytes(requests.get("memory")));
    }

    @Test
    void theJobRunsAsTheServiceAccountThatCarriesTheAwsRole() {
        PodSpec pod = cronJob.getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
        assertThat(pod.getServiceAccountName()).isEqualTo(serviceAccount.getMetadata().getName());
        assertThat(serviceAccount.getMetadata().getAnnotations().get("eks.amazonaws.com/role-arn"))
                .matches("arn:aws:iam::\\d{12}:role/[\\w+=,.@-]+");
        assertThat(container().getEnvFrom()).extracting(e -> e.getConfigMapRef().getName())
                .containsExactly(configMap.getMetadata().getName());
    }

    @Test
    void everySettingIsAnOptionTheApplicationReads() {
        Set<String> valid = AppEnvironment.validNames();
        List<String> names = new ArrayList<>(configMap.getData().keySet());
        List<EnvVar> env = container().getEnv() == null ? List.of() : container().getEnv();
        env.forEach(e -> names.add(e.getName()));
        assertThat(names).isNotEmpty().allSatisfy(n -> assertThat(valid).as("known environment variables").contains(n));
        // and a typo would be caught
        assertThat(valid).doesNotContain("AURORA_REFRESH_SOURCE_CLUSER").contains("AURORA_REFRESH_SOURCE_CLUSTER");
    }

    @Test
    void theCommentedDatabaseLoginIsReadyToUncommentAndReadsTheMountedSecret(@org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException {
        String text = Files.readString(K8S.resolve("configmap.yaml"));
        Path uncommented = dir.resolve("configmap.yaml");
        Files.writeString(uncommented, text.replaceAll("(?m)^  # (AURORA_REFRESH_DB_)", "  $1"));
        Map<String, String> data = ((ConfigMap) parseStrictly(uncommented)).getData();
        assertThat(data).containsKeys("AURORA_REFRESH_DB_USER", "AURORA_REFRESH_DB_PASSWORD_FILE")
                .doesNotContainKey("AURORA_REFRESH_DB_PASSWORD");
        assertThat(data.keySet()).allSatisfy(n -> assertThat(AppEnvironment.validNames()).contains(n));
        PodSpec pod = cronJob.getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
        String secret = pod.getVolumes().stream().filter(v -> v.getSecret() != null).findFirst().orElseThrow()
                .getSecret().getSecretName();
        String mount = container().getVolumeMounts().stream().filter(m -> m.getName().equals("db-credentials"))
                .findFirst().orElseThrow().getMountPath();
        assertThat(secret).isEqualTo("aurora-refresh-db");
        assertThat(data.get("AURORA_REFRESH_DB_PASSWORD_FILE")).isEqualTo(mount + "/password");
    }

    @Test
    void pushgatewayCredentialsComeFromAnOptionalSecretNeverTheConfigMap() {
        assertThat(container().getEnv()).extracting(EnvVar::getName)
                .containsExactlyInAnyOrder("AURORA_REFRESH_PUSHGATEWAY_USERNAME", "AURORA_REFRESH_PUSHGATEWAY_PASSWORD");
        assertThat(container().getEnv()).allSatisfy(e -> {
            assertThat(e.getValue()).isNull();
            assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("aurora-refresh-pushgateway");
            assertThat(e.getValueFrom().getSecretKeyRef().getOptional()).as("the job runs without the Secret").isTrue();
        });
        assertThat(container().getEnv()).extracting(e -> e.getValueFrom().getSecretKeyRef().getKey())
                .containsExactlyInAnyOrder("username", "password");
        assertThat(configMap.getData()).doesNotContainKeys("AURORA_REFRESH_PUSHGATEWAY_USERNAME",
                "AURORA_REFRESH_PUSHGATEWAY_PASSWORD", "AURORA_REFRESH_DB_PASSWORD");
    }

    @Test
    void theSettingsMakeAValidPipeline() {
        Map<String, String> env = new HashMap<>(configMap.getData());
        Pipeline p = AppEnvironment.pipelineFrom(env);
        assertThat(p.sourceClusterId()).isEqualTo("prod-db");
        assertThat(p.name()).isEqualTo("dev");
        assertThat(p.waitTimeout()).isEqualTo(Duration.ofMinutes(45));
    }

    /** What kubectl would apply: the rendered base and overlays, each object strictly parsed. */
    record Rendered(String name, Map<String, Object> objects) {
        /** The one object of that type, or of that type named aurora-refresh (not e.g. the dashboard's ConfigMap). */
        <T> T one(Class<T> type) {
            List<T> found = objects.values().stream().filter(type::isInstance).map(type::cast).toList();
            if (found.size() > 1) {
                found = objects.entrySet().stream().filter(e -> type.isInstance(e.getValue())
                        && e.getKey().endsWith("/aurora-refresh")).map(e -> type.cast(e.getValue())).toList();
            }
            assertThat(found).as("%s: one %s", name, type.getSimpleName()).hasSize(1);
            return found.get(0);
        }

        List<String> kinds() {
            return objects.keySet().stream().map(k -> k.substring(0, k.indexOf('/'))).toList();
        }
    }

    static final List<String> VARIANTS = List.of("base", "overlays/dev", "overlays/qa");

    static Rendered render(String variant) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(Tool.KUBECTL.command(), "kustomize", Path.of("k8s", variant).toString()).redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("kubectl kustomize k8s/%s:%n%s", variant, out)
                .isZero();
        Map<String, Object> objects = new LinkedHashMap<>();
        for (String doc : out.split("(?m)^---$")) {
            JsonNode tree = STRICT.readTree(doc);
            String kind = tree.path("kind").asText();
            Object parsed;
            if (kind.equals("NetworkPolicy")) {
                assertThat(tree.path("apiVersion").asText()).isEqualTo("networking.k8s.io/v1");
                parsed = STRICT.readValue(doc, NetworkPolicyModel.class);
            } else if (kind.equals("PrometheusRule")) {
                parsed = tree; // a CRD: MonitoringRulesTest checks its content
            } else {
                Class<? extends HasMetadata> type = KINDS.get(kind);
                assertThat(type).as("%s: kind '%s'", variant, kind).isNotNull();
                parsed = STRICT.readValue(doc, type);
            }
            objects.put(kind + "/" + tree.path("metadata").path("name").asText(), parsed);
        }
        return new Rendered(variant, objects);
    }

    private static final Map<String, Rendered> RENDERED = new LinkedHashMap<>();

    static List<Rendered> renderAll() throws IOException, InterruptedException {
        for (String v : VARIANTS) {
            if (!RENDERED.containsKey(v)) {
                RENDERED.put(v, render(v));
            }
        }
        return List.copyOf(RENDERED.values());
    }

    @Test
    void theBaseAppliesOnAnyClusterAndMonitoringIsAnOptInComponent() throws Exception {
        Rendered base = renderAll().get(0);
        assertThat(base.kinds()).containsExactlyInAnyOrder("Namespace", "ServiceAccount", "ConfigMap", "CronJob");
        Rendered dev = renderAll().get(1);
        assertThat(dev.kinds()).contains("PrometheusRule", "NetworkPolicy");
        assertThat(dev.objects()).containsKey("ConfigMap/aurora-refresh-dashboard");
        for (String component : List.of("monitoring", "network-policy")) {
            JsonNode k = STRICT.readTree(Path.of("k8s/components", component, "kustomization.yaml").toFile());
            assertThat(k.path("kind").asText()).as(component).isEqualTo("Component");
            assertThat(k.path("apiVersion").asText()).isEqualTo("kustomize.config.k8s.io/v1alpha1");
        }
    }

    @Test
    void inEveryEnvironmentExitTwoFailsTheJobAtOnceAndTheDeadlineFitsEveryAttempt() throws Exception {
        for (Rendered r : renderAll()) {
            CronJob cron = r.one(CronJob.class);
            JobSpec job = cron.getSpec().getJobTemplate().getSpec();
            var failJob = job.getPodFailurePolicy().getRules().stream().filter(rule -> rule.getAction().equals("FailJob"))
                    .toList();
            assertThat(failJob).as(r.name()).hasSize(1);
            var onExit = failJob.get(0).getOnExitCodes();
            assertThat(onExit.getOperator()).isEqualTo("In");
            assertThat(onExit.getValues()).containsExactly(2);
            assertThat(onExit.getContainerName()).isEqualTo(job.getTemplate().getSpec().getContainers().get(0).getName());
            assertThat(job.getTemplate().getSpec().getRestartPolicy()).as("podFailurePolicy needs Never").isEqualTo("Never");

            Duration wait = Durations.parse(r.one(ConfigMap.class).getData().getOrDefault("AURORA_REFRESH_WAIT_TIMEOUT", "45m"));
            Duration attempt = wait.plusMinutes(10); // clone before, connect and clean after the wait
            Duration deadline = Duration.ofSeconds(job.getActiveDeadlineSeconds());
            assertThat(deadline).as("%s: the deadline caps the whole Job, retries included", r.name())
                    .isGreaterThanOrEqualTo(attempt.multipliedBy(job.getBackoffLimit() + 1));
            assertThat(deadline.plusSeconds(cron.getSpec().getStartingDeadlineSeconds()))
                    .as("a run ends within the 3 h the alerts allow after it was due").isLessThanOrEqualTo(Duration.ofHours(3));
        }
    }

    @Test
    void aFailedJobAndItsLogsAreKeptOverALongWeekend() throws Exception {
        for (Rendered r : renderAll()) {
            var spec = r.one(CronJob.class).getSpec();
            // Friday 05:30's failure, read on Tuesday morning after a holiday Monday
            Duration fridayToTuesday = Duration.ofDays(4).minusHours(5);
            assertThat(Duration.ofSeconds(spec.getJobTemplate().getSpec().getTtlSecondsAfterFinished())).as(r.name())
                    .isGreaterThanOrEqualTo(fridayToTuesday);
            assertThat(spec.getFailedJobsHistoryLimit()).as("a week of weekday failures").isGreaterThanOrEqualTo(5);
        }
    }

    @Test
    void thePodsCarryTheRecommendedLabelsAndTheVersionIsTheImageTag() throws Exception {
        Set<String> instances = new TreeSet<>();
        for (Rendered r : renderAll()) {
            CronJob cron = r.one(CronJob.class);
            var pod = cron.getSpec().getJobTemplate().getSpec().getTemplate();
            Map<String, String> labels = pod.getMetadata().getLabels();
            assertThat(labels).as(r.name()).containsKeys("app.kubernetes.io/name", "app.kubernetes.io/instance",
                    "app.kubernetes.io/version", "app.kubernetes.io/component", "app.kubernetes.io/part-of",
                    "app.kubernetes.io/managed-by").containsEntry("app.kubernetes.io/name", "aurora-refresh");
            String image = pod.getSpec().getContainers().get(0).getImage();
            assertThat(image.substring(image.lastIndexOf(':') + 1)).as("%s: image tag", r.name())
                    .isEqualTo(labels.get("app.kubernetes.io/version"));
            assertThat(cron.getMetadata().getLabels()).containsEntry("app.kubernetes.io/instance",
                    labels.get("app.kubernetes.io/instance"));
            instances.add(labels.get("app.kubernetes.io/instance"));
        }
        assertThat(instances).as("each environment its own instance").hasSize(VARIANTS.size());
    }

    @Test
    void everyEnvironmentTellsTheJobItsOwnScheduleWithValidSettings() throws Exception {
        Set<String> namespaces = new TreeSet<>();
        for (Rendered r : renderAll()) {
            CronJob cron = r.one(CronJob.class);
            Map<String, String> data = r.one(ConfigMap.class).getData();
            assertThat(data).as(r.name()).containsEntry("AURORA_REFRESH_SCHEDULE", cron.getSpec().getSchedule())
                    .containsEntry("AURORA_REFRESH_SCHEDULE_TIME_ZONE", cron.getSpec().getTimeZone());
            assertThat(data.keySet()).allSatisfy(n -> assertThat(AppEnvironment.validNames()).contains(n));
            dev.aurorarefresh.core.CronSchedule.parse(data.get("AURORA_REFRESH_SCHEDULE"),
                    java.time.ZoneId.of(data.get("AURORA_REFRESH_SCHEDULE_TIME_ZONE")));
            assertThat(AppEnvironment.pipelineFrom(new HashMap<>(data)).name()).isEqualTo(data.get("AURORA_REFRESH_PIPELINE"));
            namespaces.add(r.one(Namespace.class).getMetadata().getName());
            assertThat(cron.getMetadata().getNamespace()).isEqualTo(r.one(Namespace.class).getMetadata().getName());
        }
        assertThat(namespaces).hasSize(VARIANTS.size());
        Rendered qa = renderAll().get(2);
        assertThat(qa.one(CronJob.class).getSpec().getSchedule()).isEqualTo("0 2 * * *");
        assertThat(qa.one(ConfigMap.class).getData()).containsEntry("AURORA_REFRESH_PIPELINE", "qa");
    }

    @Test
    void theArchitectureIsChosenByNodeAffinity() throws Exception {
        Map<String, List<String>> archs = new LinkedHashMap<>();
        for (Rendered r : renderAll()) {
            var terms = r.one(CronJob.class).getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getAffinity()
                    .getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms();
            assertThat(terms).hasSize(1);
            terms.get(0).getMatchExpressions().stream().filter(e -> e.getKey().equals("kubernetes.io/arch"))
                    .forEach(e -> archs.put(r.name(), e.getValues()));
        }
        assertThat(archs).containsEntry("base", List.of("amd64", "arm64")) // a multi-arch image
                .containsEntry("overlays/qa", List.of("arm64")); // built for Graviton only
    }

    @Test
    void theNetworkPolicyAllowsOnlyTheEgressTheJobNeeds() throws Exception {
        for (Rendered r : renderAll().subList(1, 3)) {
            String variant = r.name();
            NetworkPolicyModel policy = r.one(NetworkPolicyModel.class);
            Map<String, String> podLabels = r.one(CronJob.class).getSpec().getJobTemplate().getSpec().getTemplate()
                    .getMetadata().getLabels();
            assertThat(podLabels).containsAllEntriesOf(policy.spec().podSelector().getMatchLabels());
            assertThat(policy.spec().policyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
            assertThat(policy.spec().ingress()).as("nothing connects to the job").isEmpty();
            List<String> allowed = new ArrayList<>();
            for (NetworkPolicyModel.Egress e : policy.spec().egress()) {
                assertThat(e.to()).as("every rule names its destination").isNotEmpty();
                e.ports().forEach(p -> allowed.add(p.protocol() + "/" + p.port().getIntVal()));
            }
            String dbPort = variant.endsWith("qa") ? "TCP/3306" : "TCP/5432";
            assertThat(allowed).as(variant).containsExactlyInAnyOrder("UDP/53", "TCP/53", "TCP/443", "TCP/80", dbPort,
                    "TCP/9091");
            String pushgateway = r.one(ConfigMap.class).getData().get("AURORA_REFRESH_PUSHGATEWAY_URL");
            assertThat(pushgateway).endsWith(":9091");
        }
    }

    /**
     * k8s/overlays/fleet (k8s/components/fleet): one CronJob for every pipeline of a mounted file.
     * The job is told the path the file is mounted at; the file is a fleet whose every key is an
     * option and whose every pipeline, with the defaults and the ConfigMap's settings under it,
     * is one the application accepts; no pipeline-defining setting is left in the environment
     * (it would apply to every pipeline); the deadline fits the fleet.
     */
    @Test
    void theFleetOverlayMountsItsFileWhereTheJobIsToldToReadIt() throws Exception {
        Rendered fleet = render("overlays/fleet");
        PodSpec pod = fleet.one(CronJob.class).getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
        Container c = pod.getContainers().get(0);
        String config = c.getEnv().stream().filter(e -> e.getName().equals("AURORA_REFRESH_CONFIG")).findFirst()
                .orElseThrow().getValue();
        var mount = c.getVolumeMounts().stream().filter(m -> config.startsWith(m.getMountPath() + "/")).findFirst().orElseThrow();
        assertThat(mount.getReadOnly()).isTrue();
        assertThat(mount.getMountPath()).as("not over the image's RDS CA bundle").isNotEqualTo("/etc/aurora-refresh");
        var volume = pod.getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst().orElseThrow();
        String configMapName = volume.getConfigMap().getName();
        assertThat(configMapName).as("kustomize's hashed name, so a changed file reaches the next Job")
                .startsWith("aurora-refresh-fleet-");
        ConfigMap files = (ConfigMap) fleet.objects().get("ConfigMap/" + configMapName);
        String text = files.getData().get(config.substring(mount.getMountPath().length() + 1));
        assertThat(text).as("the file at %s", config).isNotNull();

        Map<String, String> env = fleet.one(ConfigMap.class).getData();
        assertThat(env).doesNotContainKeys("AURORA_REFRESH_SOURCE_CLUSTER", "AURORA_REFRESH_CLONE_PREFIX",
                "AURORA_REFRESH_PIPELINE", "AURORA_REFRESH_HOSTED_ZONE", "AURORA_REFRESH_HOSTED_ZONE_ID",
                "AURORA_REFRESH_RECORD", "AURORA_REFRESH_READER_RECORD").containsKey("AWS_REGION");
        List<Pipeline> pipelines = fleetPipelines(text, env);
        assertThat(pipelines).extracting(Pipeline::name).containsExactly("dev", "qa");
        assertThat(pipelines).extracting(p -> p.record().writerRecord()).doesNotHaveDuplicates();

        Set<String> valid = AppEnvironment.validNames();
        List<String> names = new ArrayList<>(env.keySet());
        c.getEnv().forEach(e -> names.add(e.getName()));
        assertThat(names).allSatisfy(n -> assertThat(valid).contains(n));

        JobSpec job = fleet.one(CronJob.class).getSpec().getJobTemplate().getSpec();
        int parallel = Integer.parseInt(env.getOrDefault("AURORA_REFRESH_PARALLEL", "4"));
        Duration longestWait = pipelines.stream().map(Pipeline::waitTimeout).max(Duration::compareTo).orElseThrow();
        long waves = (pipelines.size() + parallel - 1) / parallel;
        assertThat(Duration.ofSeconds(job.getActiveDeadlineSeconds()))
                .as("pipelines run %d at a time, each waiting up to its --wait-timeout", parallel)
                .isGreaterThanOrEqualTo(longestWait.plusMinutes(10).multipliedBy(waves * (job.getBackoffLimit() + 1)));
    }

    /** The pipelines of a fleet file as the application reads them over this environment (a bad key or value fails). */
    static List<Pipeline> fleetPipelines(String text, Map<String, String> env) {
        return dev.aurorarefresh.cli.Parsing.fleet(text, env);
    }

    private static Container container() {
        List<Container> containers = cronJob.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers();
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }

    private static Namespace namespace() {
        return (Namespace) resources.get("Namespace/aurora-refresh");
    }
}
