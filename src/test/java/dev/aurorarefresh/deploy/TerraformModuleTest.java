package dev.aurorarefresh.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aurorarefresh.core.MasterPassword;
import dev.aurorarefresh.core.Pipeline;
import dev.aurorarefresh.core.Tags;
import dev.aurorarefresh.deploy.RepresentativePasses.Recorded;
import dev.aurorarefresh.iam.DatabaseLogin;
import dev.aurorarefresh.iam.PipelineGrant;
import dev.aurorarefresh.iam.PolicyDocuments;
import dev.aurorarefresh.pass.PassReport;
import dev.aurorarefresh.testing.IamPolicy;
import dev.aurorarefresh.testing.IamPolicy.Authorization;
import dev.aurorarefresh.testing.IamPolicy.Decision;
import dev.aurorarefresh.testing.IamRequests;
import dev.aurorarefresh.testing.IamRequests.Wire;
import dev.aurorarefresh.testing.MotoAccount;
import dev.aurorarefresh.testing.Terraform;
import dev.aurorarefresh.testing.Tool;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.Secret;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionStatus;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.PolicyScopeType;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * terraform/ for real: fmt, init from the machine's provider mirror and validate of the module and
 * both examples; then both examples applied to moto, read back with the SDK, and destroyed. The
 * roles' policies as IAM stored them are evaluated against every request of representative passes
 * of their pipelines, and against takeovers and changes to a source.
 *
 * <p>ECS example: pipelines {@code dev} (prod-db, final snapshots) and {@code qa} (billing-db,
 * reader record) in one role. EKS example: {@code dev} alone with the README's example values,
 * which must give exactly iam/policy.json.
 */
class TerraformModuleTest {
    static final String ACCOUNT = RepresentativePasses.ACCOUNT;
    static final String EXAMPLE_ZONE_ID = IamPolicyTest.EXAMPLE_ZONE_ID;
    static final String IMAGE = ACCOUNT + ".dkr.ecr.us-east-1.amazonaws.com/aurora-refresh:0.1.0";
    static final String ECS_ROLE = "aurora-refresh";
    static final String EKS_ROLE = "aurora-refresh-eks";
    /** The enhanced monitoring roles the pipelines' clones get (dev's is iam/policy.json's example). */
    static final String DEV_MONITORING = "arn:aws:iam::" + ACCOUNT + ":role/rds-monitoring-role";
    static final String QA_MONITORING = "arn:aws:iam::" + ACCOUNT + ":role/rds-monitoring-billing";
    static final String OIDC_ISSUER = "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";
    static final ObjectMapper JSON = new ObjectMapper();

    static Terraform tf;
    static MotoAccount moto;
    static IamClient iam;
    static EcsClient ecs;
    static SchedulerClient scheduler;
    static String zoneId;
    static Recorded dev;
    static Recorded qa;
    static String clusterArn;
    static String secretArn;
    static String parameterArn;
    static String oidcProviderArn;

    static Terraform.Result fmt;
    static final Map<String, String> validate = new LinkedHashMap<>();
    static String ecsApply;
    static Terraform.Result ecsPlanAfterApply;
    static JsonNode ecsOutputs;
    static JsonNode eksOutputs;
    // read back from moto while applied
    static List<String> ecsRolePolicies;
    static List<String> ecsRoleInlinePolicies;
    static List<String> eksRolePolicies;
    static String eksTrust;
    static String podIdentityTrust;
    static List<String> podIdentityRolePolicies;
    static final Map<String, String> ecsTrusts = new LinkedHashMap<>();
    static String executionPolicy;
    static String schedulerPolicy;
    static Map<String, TaskDefinition> tasks = new LinkedHashMap<>();
    static Map<String, GetScheduleResponse> schedules = new LinkedHashMap<>();
    // after destroy
    static String ecsDestroy;
    static String eksDestroy;
    static List<String> rolesLeft;
    static List<String> policiesLeft;
    static List<String> schedulesLeft;
    static List<String> activeTaskDefinitionsLeft;

    @BeforeAll
    static void applyBothExamplesAndDestroyThem() throws Exception {
        Tool.require(Tool.TERRAFORM, Tool.TERRAFORM_AWS_PROVIDER); // before the passes below, not after them
        moto = MotoAccount.fresh();
        // the roles' policies come from the apply below: the twin keeps what the passes need, to check them after
        moto.twin.recordAuthorizations();
        URI endpoint = URI.create(moto.server.endpoint());
        iam = IamClient.builder().endpointOverride(endpoint).region(Region.AWS_GLOBAL)
                .credentialsProvider(MotoAccount.testCredentials()).httpClient(UrlConnectionHttpClient.create()).build();
        ecs = EcsClient.builder().endpointOverride(endpoint).region(Region.of(MotoAccount.REGION))
                .credentialsProvider(MotoAccount.testCredentials()).httpClient(UrlConnectionHttpClient.create()).build();
        scheduler = SchedulerClient.builder().endpointOverride(endpoint).region(Region.of(MotoAccount.REGION))
                .credentialsProvider(MotoAccount.testCredentials()).httpClient(UrlConnectionHttpClient.create()).build();

        moto.createSource("prod-db", "aurora-postgresql");
        moto.createSource("billing-db", "aurora-mysql");
        zoneId = moto.createZone("example.internal");
        dev = RepresentativePasses.run(moto, "example.internal", zoneId, true, DEV_MONITORING,
                "--source-cluster", "prod-db", "--clone-prefix", "dev", "--record", "dev-db.example.internal");
        qa = RepresentativePasses.run(moto, "example.internal", zoneId, false, QA_MONITORING,
                "--source-cluster", "billing-db", "--clone-prefix", "qa", "--record", "qa-db.example.internal",
                "--reader-record", "qa-ro.example.internal");

        clusterArn = ecs.createCluster(r -> r.clusterName("apps")).cluster().clusterArn();
        secretArn = moto.createSecret("prod-db/aurora-refresh", "{\"password\":\"s3cret-pw\"}");
        try (SsmClient ssm = SsmClient.builder().endpointOverride(endpoint).region(Region.of(MotoAccount.REGION))
                .credentialsProvider(MotoAccount.testCredentials()).httpClient(UrlConnectionHttpClient.create()).build()) {
            ssm.putParameter(r -> r.name("/aurora-refresh/pushgateway-url").type(ParameterType.STRING)
                    .value("http://pushgateway.example.internal:9091"));
            parameterArn = ssm.getParameter(r -> r.name("/aurora-refresh/pushgateway-url")).parameter().arn();
        }
        oidcProviderArn = iam.createOpenIDConnectProvider(r -> r.url("https://" + OIDC_ISSUER).clientIDList("sts.amazonaws.com")
                .thumbprintList("9e99a48a9960b14926bb7f3b02e22da2b0ab7280")).openIDConnectProviderArn();

        tf = Terraform.copyOf(Path.of("terraform"), moto.server.endpoint());
        fmt = tf.run(".", "fmt", "-check", "-recursive", "-diff", "-no-color");
        for (String dir : List.of("modules/aurora-refresh", "examples/ecs", "examples/eks")) {
            tf.init(dir);
            validate.put(dir, tf.succeed(dir, "validate", "-no-color"));
        }

        Files.writeString(tf.root().resolve("examples/ecs/terraform.tfvars.json"), JSON.writeValueAsString(Map.of(
                "image", IMAGE, "ecs_cluster_arn", clusterArn,
                "subnets", List.of("subnet-0123456789abcdef0", "subnet-0fedcba9876543210"),
                "security_groups", List.of("sg-0123456789abcdef0"),
                "environment", Map.of("AURORA_REFRESH_DB_USER", "aurora_refresh", "AURORA_REFRESH_WAIT_TIMEOUT", "30m"),
                "secrets", Map.of("AURORA_REFRESH_PUSHGATEWAY_URL", parameterArn),
                "pipelines", List.of(
                        Map.of("source_cluster", "prod-db", "clone_prefix", "dev", "hosted_zone_id", zoneId,
                                "record", "dev-db.example.internal", "final_snapshot", true, "monitoring_role_arn", DEV_MONITORING,
                                "secrets", Map.of("AURORA_REFRESH_DB_PASSWORD", secretArn + ":password::")),
                        Map.of("source_cluster", "billing-db", "clone_prefix", "qa", "hosted_zone_id", zoneId,
                                "record", "qa-db.example.internal", "reader_record", "qa-ro.example.internal",
                                "monitoring_role_arn", QA_MONITORING)))));
        Files.writeString(tf.root().resolve("examples/eks/terraform.tfvars.json"), JSON.writeValueAsString(Map.of(
                "name", EKS_ROLE, "oidc_provider_arn", oidcProviderArn,
                "pipelines", List.of(Map.of("source_cluster", "prod-db", "clone_prefix", "dev",
                        "hosted_zone_id", EXAMPLE_ZONE_ID, "record", "dev-db.example.internal", "final_snapshot", true,
                        "monitoring_role_arn", DEV_MONITORING)))));

        ecsApply = tf.succeed("examples/ecs", "apply", "-auto-approve", "-input=false", "-no-color");
        tf.succeed("examples/eks", "apply", "-auto-approve", "-input=false", "-no-color");
        ecsPlanAfterApply = tf.run("examples/ecs", "plan", "-detailed-exitcode", "-input=false", "-no-color");
        ecsOutputs = JSON.readTree(tf.succeed("examples/ecs", "output", "-json"));
        eksOutputs = JSON.readTree(tf.succeed("examples/eks", "output", "-json"));

        ecsRolePolicies = attachedPolicies(ECS_ROLE);
        ecsRoleInlinePolicies = iam.listRolePolicies(r -> r.roleName(ECS_ROLE)).policyNames();
        eksRolePolicies = attachedPolicies(EKS_ROLE);
        eksTrust = decode(iam.getRole(r -> r.roleName(EKS_ROLE)).role().assumeRolePolicyDocument());
        for (String role : List.of(ECS_ROLE, ECS_ROLE + "-execution", ECS_ROLE + "-scheduler")) {
            ecsTrusts.put(role, decode(iam.getRole(r -> r.roleName(role)).role().assumeRolePolicyDocument()));
        }
        executionPolicy = inlinePolicy(ECS_ROLE + "-execution", "pull-log-and-read-secrets");
        schedulerPolicy = inlinePolicy(ECS_ROLE + "-scheduler", "run-task");
        for (String prefix : List.of("dev", "qa")) {
            tasks.put(prefix, ecs.describeTaskDefinition(r -> r.taskDefinition(ECS_ROLE + "-" + prefix)).taskDefinition());
            schedules.put(prefix, scheduler.getSchedule(r -> r.name(ECS_ROLE + "-" + prefix)));
        }

        // the same role for EKS Pod Identity instead
        Path podIdentity = tf.root().resolve("pod-identity.tfvars.json");
        Files.writeString(podIdentity, "{\"eks_identity\": \"pod-identity\", \"oidc_provider_arn\": null}");
        tf.succeed("examples/eks", "apply", "-auto-approve", "-input=false", "-no-color", "-var-file=" + podIdentity);
        podIdentityTrust = decode(iam.getRole(r -> r.roleName(EKS_ROLE)).role().assumeRolePolicyDocument());
        podIdentityRolePolicies = attachedPolicies(EKS_ROLE);

        applyTheEcsExampleAsAFleetAndDestroyIt();
        applyTheEcsExampleWithASharedSourceAndDestroyIt();

        ecsDestroy = tf.succeed("examples/ecs", "destroy", "-auto-approve", "-input=false", "-no-color");
        eksDestroy = tf.succeed("examples/eks", "destroy", "-auto-approve", "-input=false", "-no-color");
        rolesLeft = iam.listRoles().roles().stream().map(r -> r.roleName()).toList();
        policiesLeft = iam.listPolicies(r -> r.scope(PolicyScopeType.LOCAL)).policies().stream().map(p -> p.policyName()).toList();
        schedulesLeft = scheduler.listSchedules(r -> { }).schedules().stream().map(s -> s.name()).toList();
        activeTaskDefinitionsLeft = ecs.listTaskDefinitions(r -> r.status(TaskDefinitionStatus.ACTIVE)).taskDefinitionArns();
    }

    static final String FLEET_ROLE = "aurora-refresh-all";
    /** qa's clones get their master password from this secret (--master-password secret:ARN). */
    static final String MASTER_SECRET = "arn:aws:secretsmanager:us-east-1:" + ACCOUNT + ":secret:qa-master-AbCdEf";
    static final String SECRET_KEY = "arn:aws:kms:us-east-1:" + ACCOUNT + ":key/1234abcd-12ab-34cd-56ef-1234567890ab";
    static JsonNode fleetOutputs;
    static TaskDefinition fleetTask;
    static List<String> fleetTaskFamilies;
    static GetScheduleResponse fleetSchedule;
    static String fleetParameter;
    static String fleetExecutionPolicy;
    static List<String> fleetRolePolicies;

    /** The same pipelines as one fleet (a workspace of its own), qa with a setting of its own; read back, destroyed. */
    private static void applyTheEcsExampleAsAFleetAndDestroyIt() throws Exception {
        tf.succeed("examples/ecs", "workspace", "new", "-no-color", "fleet");
        Path vars = tf.root().resolve("fleet.tfvars.json");
        // no module-wide AURORA_REFRESH_DB_USER: stg logs in as its clones' master user, a login of its own
        Files.writeString(vars, JSON.writeValueAsString(Map.of("name", FLEET_ROLE, "fleet", true,
                "environment", Map.of("AURORA_REFRESH_WAIT_TIMEOUT", "30m"),
                "pipelines", List.of(
                        Map.of("source_cluster", "prod-db", "clone_prefix", "dev", "hosted_zone_id", zoneId,
                                "record", "dev-db.example.internal", "final_snapshot", true, "monitoring_role_arn", DEV_MONITORING,
                                // the probes' login: the policy grants it from the same settings
                                // and its clones' master secrets under a customer key (by key id)
                                "environment", Map.of("AURORA_REFRESH_DB_SECRET_ARN", secretArn,
                                        "AURORA_REFRESH_DB_SECRET_KMS_KEY", SECRET_KEY,
                                        "AURORA_REFRESH_MASTER_USER_SECRET_KMS_KEY_ID", MASTER_SECRET_KEY_ID)),
                        // qa's clones get their master password from an operator's secret: no managed secret in its policy
                        Map.of("source_cluster", "billing-db", "clone_prefix", "qa", "hosted_zone_id", zoneId,
                                "record", "qa-db.example.internal", "reader_record", "qa-ro.example.internal",
                                "monitoring_role_arn", QA_MONITORING, "master_password", "secret:" + MASTER_SECRET,
                                "environment", Map.of("AURORA_REFRESH_RETAIN", "2",
                                        "AURORA_REFRESH_DB_IAM_AUTH", "true", "AURORA_REFRESH_DB_USER", "app")),
                        // the probes log in as each clone's master user, with the secret RDS keeps for that clone
                        Map.of("source_cluster", "stage-db", "clone_prefix", "stg", "hosted_zone_id", zoneId,
                                "record", "stg-db.example.internal", "master_password", "managed",
                                "environment", Map.of("AURORA_REFRESH_DB_MASTER_SECRET", "true"))))));
        tf.succeed("examples/ecs", "apply", "-auto-approve", "-input=false", "-no-color", "-var-file=" + vars);
        fleetOutputs = JSON.readTree(tf.succeed("examples/ecs", "output", "-json"));
        fleetTaskFamilies = ecs.listTaskDefinitionFamilies(r -> r.familyPrefix(FLEET_ROLE)).families();
        fleetTask = ecs.describeTaskDefinition(r -> r.taskDefinition(FLEET_ROLE + "-fleet")).taskDefinition();
        fleetSchedule = scheduler.getSchedule(r -> r.name(FLEET_ROLE + "-fleet"));
        try (SsmClient ssm = SsmClient.builder().endpointOverride(URI.create(moto.server.endpoint()))
                .region(Region.of(MotoAccount.REGION)).credentialsProvider(MotoAccount.testCredentials())
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            fleetParameter = ssm.getParameter(r -> r.name("/" + FLEET_ROLE + "/fleet")).parameter().value();
        }
        fleetExecutionPolicy = inlinePolicy(FLEET_ROLE + "-execution", "pull-log-and-read-secrets");
        fleetRolePolicies = attachedPolicies(FLEET_ROLE);
        tf.succeed("examples/ecs", "destroy", "-auto-approve", "-input=false", "-no-color", "-var-file=" + vars);
        tf.succeed("examples/ecs", "workspace", "select", "-no-color", "default");
    }

    /** A key id: the module, as the application, makes it a key ARN of the account. */
    static final String MASTER_SECRET_KEY_ID = "0b5ec7e7-1234-4abc-8def-1234567890ab";

    static final String PRODUCTION = "210987654321";
    static final String SHARED_SOURCE = "arn:aws:rds:us-east-1:" + PRODUCTION + ":cluster:prod-db";
    static final String SHARED_ROLE = "aurora-refresh-shared";
    static final String CLONE_KEY = "arn:aws:kms:us-east-1:" + ACCOUNT + ":key/0b3e4f5a-12ab-34cd-56ef-1234567890ab";
    static final String QA_KEY_ALIAS = "alias/dev-clones";
    static final String STAGE_KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";
    static Terraform.Result sharedApply;
    static List<String> sharedRolePolicies = List.of();
    static final Map<String, Map<String, String>> sharedTaskEnvironments = new LinkedHashMap<>();

    /**
     * A role for a pipeline on a source another account shares (by its ARN, with the clones' key and
     * a managed master password), one on this account's source with a managed password, final
     * snapshots and a key alias, one with a key id keeping the password (a workspace of its own);
     * read back, destroyed. The apply is kept, not required: the tests below say what it printed.
     */
    private static void applyTheEcsExampleWithASharedSourceAndDestroyIt() throws Exception {
        tf.succeed("examples/ecs", "workspace", "new", "-no-color", "shared");
        Path vars = tf.root().resolve("shared.tfvars.json");
        Files.writeString(vars, JSON.writeValueAsString(Map.of("name", SHARED_ROLE,
                "pipelines", List.of(
                        Map.of("source_cluster", SHARED_SOURCE, "hosted_zone_id", zoneId, "record", "xdev-db.example.internal",
                                "kms_key_id", CLONE_KEY, "master_password", "managed",
                                "environment", Map.of("AURORA_REFRESH_INSTANCE_CLASS", "db.r6g.large",
                                        "AURORA_REFRESH_DB_SUBNET_GROUP", "dev-databases",
                                        "AURORA_REFRESH_VPC_SECURITY_GROUP_IDS", "sg-0123456789abcdef0",
                                        "AURORA_REFRESH_DB_CLUSTER_PARAMETER_GROUP", "dev-cluster-params",
                                        "AURORA_REFRESH_DB_PARAMETER_GROUP", "dev-instance-params")),
                        Map.of("source_cluster", "billing-db", "clone_prefix", "qa", "hosted_zone_id", zoneId,
                                "record", "qa-db.example.internal", "final_snapshot", true, "final_snapshot_retain", 3,
                                "kms_key_id", QA_KEY_ALIAS, "master_password", "managed"),
                        Map.of("source_cluster", "billing-db", "clone_prefix", "stage", "hosted_zone_id", zoneId,
                                "record", "stage-db.example.internal", "kms_key_id", STAGE_KEY_ID, "master_password", "keep")))));
        sharedApply = tf.run("examples/ecs", "apply", "-auto-approve", "-input=false", "-no-color", "-var-file=" + vars);
        if (sharedApply.exitCode() == 0) {
            sharedRolePolicies = attachedPolicies(SHARED_ROLE);
            for (String prefix : List.of("prod-db-clone", "qa", "stage")) {
                sharedTaskEnvironments.put(prefix, environment(ecs.describeTaskDefinition(r -> r.taskDefinition(SHARED_ROLE + "-"
                        + prefix)).taskDefinition()));
            }
        }
        tf.succeed("examples/ecs", "destroy", "-auto-approve", "-input=false", "-no-color", "-var-file=" + vars);
        tf.succeed("examples/ecs", "workspace", "select", "-no-color", "default");
    }

    /** The two pipelines of the ECS example as the application's generator writes their policies. */
    static List<JsonNode> generatedPolicies() {
        return List.copyOf(PolicyDocuments.forRole(ACCOUNT, MotoAccount.REGION, List.of(
                new PipelineGrant("dev", "prod-db", "dev", zoneId, List.of("dev-db.example.internal"), true,
                        java.util.Optional.of(DEV_MONITORING), DatabaseLogin.NONE),
                new PipelineGrant("qa", "billing-db", "qa", zoneId, List.of("qa-db.example.internal", "qa-ro.example.internal"),
                        false, java.util.Optional.of(QA_MONITORING), DatabaseLogin.NONE))).values());
    }

    /**
     * The fleet's: the same pipelines, their probes logging in as given, dev's clones' master
     * secrets under {@link #MASTER_SECRET_KEY_ID}, qa's clones keeping production's password.
     */
    static List<JsonNode> generatedPolicies(DatabaseLogin devLogin, DatabaseLogin qaLogin) {
        return generatedPolicies(devLogin, qaLogin, java.util.Optional.empty());
    }

    /** The same, qa's clones' master password from the secret {@code qaMasterSecret}. */
    static List<JsonNode> generatedPolicies(DatabaseLogin devLogin, DatabaseLogin qaLogin, java.util.Optional<String> qaMasterSecret) {
        return List.copyOf(PolicyDocuments.forRole(ACCOUNT, MotoAccount.REGION, List.of(
                new PipelineGrant("dev", "prod-db", "dev", zoneId, List.of("dev-db.example.internal"), true,
                        java.util.Optional.of(DEV_MONITORING), devLogin, java.util.Optional.empty(), true,
                        java.util.Optional.of(MASTER_SECRET_KEY_ID), java.util.Optional.empty()),
                new PipelineGrant("qa", "billing-db", "qa", zoneId, List.of("qa-db.example.internal", "qa-ro.example.internal"),
                        false, java.util.Optional.of(QA_MONITORING), qaLogin, java.util.Optional.empty(), false,
                        java.util.Optional.empty(), qaMasterSecret))).values());
    }

    @Test
    void theModuleAndTheApplicationsGeneratorWriteTheSamePolicies() throws IOException {
        List<JsonNode> module = new ArrayList<>();
        for (String document : ecsRolePolicies) {
            module.add(JSON.readTree(document));
        }
        assertThat(module).containsExactlyInAnyOrderElementsOf(generatedPolicies());
        assertThat(module.toString()).contains("NeverHandThisPipelinesClonesToAnother");
    }

    @Test
    void inFleetModeOneTaskRunsEveryPipelineOfTheFileTheModuleWrites() throws IOException {
        assertThat(fleetTaskFamilies).containsExactly(FLEET_ROLE + "-fleet");
        ContainerDefinition c = fleetTask.containerDefinitions().get(0);
        String parameterArn = c.secrets().stream().filter(x -> x.name().equals("AURORA_REFRESH_CONFIG_YAML")).findFirst()
                .orElseThrow().valueFrom();
        assertThat(parameterArn).isEqualTo("arn:aws:ssm:us-east-1:" + ACCOUNT + ":parameter/" + FLEET_ROLE + "/fleet");
        assertThat(c.secrets()).extracting(Secret::name).containsExactlyInAnyOrder("AURORA_REFRESH_CONFIG_YAML",
                "AURORA_REFRESH_PUSHGATEWAY_URL");
        Map<String, String> env = environment(fleetTask);
        assertThat(env).containsEntry("AURORA_REFRESH_WAIT_TIMEOUT", "30m").containsKey("AWS_REGION")
                .doesNotContainKeys("AURORA_REFRESH_SOURCE_CLUSTER", "AURORA_REFRESH_CLONE_PREFIX", "AURORA_REFRESH_RECORD");
        assertThat(fleetParameter).isEqualTo(fleetOutputs.at("/fleet_yaml/value").asText());
        List<Pipeline> pipelines = KubernetesManifestsTest.fleetPipelines(fleetParameter, env);
        assertThat(pipelines).extracting(Pipeline::name).containsExactly("dev", "qa", "stg");
        assertThat(pipelines.get(0).settings().finalSnapshot()).isTrue();
        assertThat(pipelines.get(1).retain()).isEqualTo(2);
        assertThat(pipelines.get(0).settings().masterUserSecretKmsKeyId()).contains(MASTER_SECRET_KEY_ID);
        assertThat(pipelines.get(1).settings().masterPassword()).isEqualTo(MasterPassword.SECRET);
        assertThat(pipelines.get(1).record().readerRecord()).contains("qa-ro.example.internal");
        assertThat(pipelines).allSatisfy(p -> assertThat(p.waitTimeout()).hasMinutes(30));
        assertThat(fleetSchedule.target().ecsParameters().taskDefinitionArn()).isEqualTo(fleetTask.taskDefinitionArn());

        IamPolicy execution = IamPolicy.parse(fleetExecutionPolicy);
        assertThat(execution.evaluate(new Authorization("ssm:GetParameters", parameterArn, Map.of()))).isEqualTo(Decision.ALLOW);
        assertThat(execution.evaluate(new Authorization("ssm:GetParameters", parameterArn + "-other", Map.of())))
                .isEqualTo(Decision.IMPLICIT_DENY);
        List<JsonNode> role = new ArrayList<>();
        for (String document : fleetRolePolicies) {
            role.add(JSON.readTree(document));
        }
        assertThat(role).as("the fleet's role: the same policies, with each pipeline's login")
                .containsExactlyInAnyOrderElementsOf(PolicyDocuments.forRole(ACCOUNT, MotoAccount.REGION, List.of(
                        new PipelineGrant("dev", "prod-db", "dev", zoneId, List.of("dev-db.example.internal"), true,
                                java.util.Optional.of(DEV_MONITORING), DatabaseLogin.secret(secretArn, java.util.Optional.of(SECRET_KEY)),
                                java.util.Optional.empty(), true, java.util.Optional.of(MASTER_SECRET_KEY_ID), java.util.Optional.empty()),
                        new PipelineGrant("qa", "billing-db", "qa", zoneId, List.of("qa-db.example.internal", "qa-ro.example.internal"),
                                false, java.util.Optional.of(QA_MONITORING), DatabaseLogin.iamAuth("app"), java.util.Optional.empty(),
                                false, java.util.Optional.empty(), java.util.Optional.of(MASTER_SECRET)),
                        new PipelineGrant("stg", "stage-db", "stg", zoneId, List.of("stg-db.example.internal"), false,
                                java.util.Optional.empty(), DatabaseLogin.CLONES_MASTER_SECRET, java.util.Optional.empty(), true))).values());
        assertThat(fleetRolePolicies.toString()).contains("ConnectAsTheDatabaseUser", "ReadTheDatabaseSecret",
                "DecryptTheDatabaseSecret", "ReadTheMasterPasswordSecret", "ReadTheClonesMasterSecret",
                "EncryptTheMasterSecretWithItsKey", "key/" + MASTER_SECRET_KEY_ID);
        assertThat(pipelines.get(1).settings().masterPasswordSecretArn()).as("the fleet file carries it to the pass")
                .contains(MASTER_SECRET);
    }

    private static List<String> attachedPolicies(String role) {
        List<String> documents = new ArrayList<>();
        for (var attached : iam.listAttachedRolePolicies(r -> r.roleName(role)).attachedPolicies()) {
            String version = iam.getPolicy(r -> r.policyArn(attached.policyArn())).policy().defaultVersionId();
            documents.add(decode(iam.getPolicyVersion(r -> r.policyArn(attached.policyArn()).versionId(version))
                    .policyVersion().document()));
        }
        return documents;
    }

    private static String inlinePolicy(String role, String name) {
        return decode(iam.getRolePolicy(r -> r.roleName(role).policyName(name)).policyDocument());
    }

    private static String decode(String document) {
        return URLDecoder.decode(document, StandardCharsets.UTF_8);
    }

    static IamPolicy ecsRole() throws IOException {
        return IamPolicy.ofRole(ecsRolePolicies);
    }

    /** The EKS role was generated for the README's zone id; the passes used moto's. */
    static IamPolicy eksRole() throws IOException {
        return IamPolicy.ofRole(eksRolePolicies.stream().map(d -> d.replace(EXAMPLE_ZONE_ID, zoneId)).toList());
    }

    /**
     * A source shared by another account (its ARN, the clones' key, a managed master password) and
     * two of this account's (a key alias and a managed password; a key id, keeping the password): the
     * module writes what the generator writes, with the KMS and Secrets Manager statements RDS needs
     * for the caller.
     */
    @Test
    void forASharedSourceAKeyAndAManagedPasswordTheModuleWritesWhatTheGeneratorWrites() throws IOException {
        assertThat(sharedApply.exitCode()).as(sharedApply.output()).isZero();
        List<JsonNode> module = new ArrayList<>();
        for (String document : sharedRolePolicies) {
            module.add(JSON.readTree(document));
        }
        assertThat(module).containsExactlyInAnyOrderElementsOf(PolicyDocuments.forRole(ACCOUNT, MotoAccount.REGION, List.of(
                new PipelineGrant("prod-db-clone", SHARED_SOURCE, "prod-db-clone", zoneId, List.of("xdev-db.example.internal"),
                        false, java.util.Optional.empty(), DatabaseLogin.NONE, java.util.Optional.of(CLONE_KEY), true),
                new PipelineGrant("qa", "billing-db", "qa", zoneId, List.of("qa-db.example.internal"), true,
                        java.util.Optional.empty(), DatabaseLogin.NONE, java.util.Optional.of(QA_KEY_ALIAS), true),
                new PipelineGrant("stage", "billing-db", "stage", zoneId, List.of("stage-db.example.internal"), false,
                        java.util.Optional.empty(), DatabaseLogin.NONE, java.util.Optional.of(STAGE_KEY_ID), false))).values());
        assertThat(module.toString()).contains("\"UseTheSharedSourcesKey\"", "\"EncryptClonesWithTheirKey\"",
                "\"LetRdsKeepTheClonesMasterPassword\"", "\"DescribeTheMasterSecretsKey\"", SHARED_SOURCE, "kms:ResourceAliases");
    }

    /** What each task runs is the pipeline its policy was written for: the generator, given the task's settings, writes the role's policies. */
    @Test
    void theTasksOfASharedSourceRunThePipelinesTheirPoliciesAreFor() throws IOException {
        assertThat(sharedApply.exitCode()).as(sharedApply.output()).isZero();
        List<PipelineGrant> grants = new ArrayList<>();
        for (Map<String, String> env : sharedTaskEnvironments.values()) {
            assertThat(env.keySet()).allSatisfy(n -> assertThat(AppEnvironment.validNames()).contains(n));
            grants.add(PipelineGrant.of(AppEnvironment.pipelineFrom(env), DatabaseLogin.NONE));
        }
        List<JsonNode> module = new ArrayList<>();
        for (String document : sharedRolePolicies) {
            module.add(JSON.readTree(document));
        }
        assertThat(module).containsExactlyInAnyOrderElementsOf(PolicyDocuments.forRole(ACCOUNT, MotoAccount.REGION, grants).values());
        Pipeline shared = AppEnvironment.pipelineFrom(sharedTaskEnvironments.get("prod-db-clone"));
        assertThat(shared.sourceClusterId()).isEqualTo(SHARED_SOURCE);
        assertThat(shared.settings().kmsKeyId()).contains(CLONE_KEY);
        assertThat(shared.settings().masterPassword()).isEqualTo(MasterPassword.MANAGED);
        Pipeline qa = AppEnvironment.pipelineFrom(sharedTaskEnvironments.get("qa"));
        assertThat(qa.finalSnapshotRetain()).isEqualTo(3);
        assertThat(qa.settings().kmsKeyId()).contains(QA_KEY_ALIAS);
        assertThat(qa.settings().masterPassword()).isEqualTo(MasterPassword.MANAGED);
        assertThat(AppEnvironment.pipelineFrom(sharedTaskEnvironments.get("stage")).settings().masterPassword())
                .isEqualTo(MasterPassword.KEEP);
    }

    /** Bad shared-source settings stop the plan, each with the value and what is valid (as the CLI's own lines say). */
    @Test
    void badSharedSourceSettingsStopThePlanWithTheValueAndWhatIsValid() throws IOException {
        Path bad = tf.root().resolve("bad-shared.tfvars.json");
        Files.writeString(bad, JSON.writeValueAsString(Map.of("pipelines", List.of(
                Map.of("source_cluster", "arn:aws:rds:us-east-1:" + PRODUCTION + ":cluster:prod_db", "clone_prefix", "a",
                        "hosted_zone_id", zoneId, "record", "a-db.example.internal", "environment", Map.of(
                                "AURORA_REFRESH_INSTANCE_CLASS", "db.r6g.large", "AURORA_REFRESH_DB_SUBNET_GROUP", "dev-databases",
                                "AURORA_REFRESH_VPC_SECURITY_GROUP_IDS", "sg-0123456789abcdef0",
                                "AURORA_REFRESH_DB_CLUSTER_PARAMETER_GROUP", "dev-cluster-params",
                                "AURORA_REFRESH_DB_PARAMETER_GROUP", "dev-instance-params")),
                Map.of("source_cluster", SHARED_SOURCE, "hosted_zone_id", zoneId, "record", "b-db.example.internal",
                        "master_password", "forget", "kms_key_id", "my key", "final_snapshot_retain", 2.5,
                        "environment", Map.of("AURORA_REFRESH_INSTANCE_CLASS", "db.r6g.large"))))));
        Terraform.Result r = tf.run("examples/ecs", "plan", "-input=false", "-no-color", "-var-file=" + bad);
        assertThat(r.exitCode()).isEqualTo(1);
        // terraform wraps its messages at 78 columns
        assertThat(r.output().replaceAll("\\s+", " "))
                .contains("source_cluster [\"arn:aws:rds:us-east-1:" + PRODUCTION + ":cluster:prod_db\",\"" + SHARED_SOURCE
                        + "\"]: each must be a DB cluster identifier (1-63 letters, digits or single hyphens, starting with a letter)"
                        + " or the ARN of a cluster shared with this account, arn:aws:rds:<region>:<account>:cluster:<identifier>.")
                .contains("pipelines: source_cluster " + SHARED_SOURCE + " needs AURORA_REFRESH_DB_CLUSTER_PARAMETER_GROUP,"
                        + " AURORA_REFRESH_DB_PARAMETER_GROUP, AURORA_REFRESH_DB_SUBNET_GROUP, AURORA_REFRESH_VPC_SECURITY_GROUP_IDS in"
                        + " environment: a cluster named by its ARN is another account's, whose settings this account cannot read")
                .doesNotContain("forget").contains("master_password (its values are not repeated here: one may be a password typed by mistake): each must be managed (a password RDS keeps in a secret it manages),"
                        + " keep (production's) or secret:<Secrets Manager secret ARN> (the password in that secret).")
                .contains("kms_key_id [null,\"my key\"]: each must be a KMS key ARN")
                .contains("final_snapshot_retain [7,2.5]: each must be a whole number from 0 to 1000.");
    }

    @Test
    void theModuleAndExamplesAreFormattedAndValid() {
        assertThat(fmt.exitCode()).as(fmt.output()).isZero();
        assertThat(validate).hasSize(3).allSatisfy((dir, out) -> assertThat(out).contains("Success! The configuration is valid."));
    }

    @Test
    void applyingTwiceChangesNothing() {
        assertThat(ecsApply).contains("Apply complete!");
        assertThat(ecsPlanAfterApply.exitCode()).as(ecsPlanAfterApply.output()).isZero();
        assertThat(ecsPlanAfterApply.output()).contains("No changes.");
    }

    @Test
    void thePassesDidWhatTheyShould() {
        for (Recorded pipeline : List.of(dev, qa)) {
            assertThat(pipeline.reports()).extracting(PassReport::outcome).containsExactly(PassReport.Outcome.DONE,
                    PassReport.Outcome.NOTHING_TO_DO, PassReport.Outcome.DONE, PassReport.Outcome.DONE,
                    PassReport.Outcome.DONE, PassReport.Outcome.DONE, PassReport.Outcome.DONE, PassReport.Outcome.DONE,
                    // moto's engine version cannot auto-pause: exit 2 after asking RDS, before any change
                    PassReport.Outcome.INVALID);
        }
        assertThat(moto.recordValue(zoneId, "qa-ro.example.internal")).isEqualTo(moto.cluster("qa-20260102").readerEndpoint());
        assertThat(dev.authorizations()).extracting(Authorization::resource)
                .anyMatch(r -> r.startsWith("arn:aws:rds:us-east-1:" + ACCOUNT + ":cluster-snapshot:dev-20260101-final"));
    }

    @Test
    void iamPolicyJsonIsWhatTheModuleGeneratesForOnePipeline() throws IOException {
        assertThat(eksRolePolicies).hasSize(1);
        assertThat(JSON.readTree(eksRolePolicies.get(0))).isEqualTo(JSON.readTree(Files.readString(IamPolicyTest.POLICY)));
    }

    @Test
    void eachRoleAllowsEveryRequestOfItsPipelinesPasses() throws IOException {
        assertThat(refused(ecsRole(), dev)).isEmpty();
        assertThat(refused(ecsRole(), qa)).isEmpty();
        assertThat(refused(eksRole(), dev)).isEmpty();
        assertThat(ecsRoleInlinePolicies).as("the attached policies are all the role has").isEmpty();
        assertThat(ecsRolePolicies).hasSize(2);
    }

    private static List<String> refused(IamPolicy role, Recorded passes) {
        return passes.authorizations().stream().filter(a -> role.evaluate(a) != Decision.ALLOW)
                .map(a -> role.evaluate(a) + ": " + a).distinct().toList();
    }

    @Test
    void eachRoleAllowsNoActionItsPipelinesNeverNeed() throws IOException {
        Set<String> needed = new TreeSet<>();
        dev.authorizations().forEach(a -> needed.add(a.action()));
        assertThat(new TreeSet<>(eksRole().allowedActions())).isEqualTo(needed);
        qa.authorizations().forEach(a -> needed.add(a.action()));
        assertThat(new TreeSet<>(ecsRole().allowedActions())).isEqualTo(needed);
    }

    /** The dev-only role, given every change qa's passes made to qa's clones and record: none allowed. */
    @Test
    void aRoleCannotDoWhatAnotherPipelinesPassesDid() throws IOException {
        IamPolicy devOnly = eksRole();
        // What RDS does with the caller's permissions for a clone's managed master secret (CreateSecret and
        // TagResource on rds!cluster-<uuid>, kms:DescribeKey) names no pipeline: the secret's name is a new uuid.
        // It happens only through a ModifyDBCluster ManageMasterUserPassword, which this role may not make on
        // another pipeline's clone (rds:ModifyDBCluster below is refused).
        List<Authorization> changes = qa.authorizations().stream().filter(a -> !isRead(a.action()))
                .filter(a -> !a.resource().contains(":secret:rds!cluster-") && !a.action().equals("kms:DescribeKey"))
                .distinct().toList();
        assertThat(changes).extracting(Authorization::action).contains("iam:PassRole", "rds:RestoreDBClusterToPointInTime",
                "rds:CreateDBInstance", "rds:AddTagsToResource", "rds:ModifyDBCluster", "rds:DeleteDBInstance",
                "rds:DeleteDBCluster", "route53:ChangeResourceRecordSets");
        assertThat(changes).allSatisfy(a -> assertThat(devOnly.evaluate(a)).as(a.toString()).isNotEqualTo(Decision.ALLOW));
    }

    private static boolean isRead(String action) {
        String verb = action.substring(action.indexOf(':') + 1);
        return verb.startsWith("Describe") || verb.startsWith("Get") || verb.startsWith("List");
    }

    /**
     * For each pipeline of a role, a clone named with its prefix that another pipeline owns
     * ({@code <prefix>-qa-20260101}, pipeline {@code <prefix>-qa}): every request that would claim,
     * re-tag, join, unprotect or delete it is refused, so its tags never change and no sequence of
     * requests can make it the role's; an untagged lookalike cannot be changed or deleted either.
     * No source can be changed, even one tagged as the pipeline's.
     */
    @Test
    void noRoleTakesOverAnotherPipelinesCloneOrChangesASource() throws IOException {
        Map<IamPolicy, Map<String, String>> roles = Map.of(ecsRole(), Map.of("dev", "prod-db", "qa", "billing-db"),
                eksRole(), Map.of("dev", "prod-db"));
        List<String> allowed = new ArrayList<>();
        roles.forEach((role, sourceOf) -> sourceOf.forEach((prefix, source) -> {
            Map<String, String> theirs = Map.of(Tags.PIPELINE, prefix + "-qa", Tags.SOURCE, source, Tags.LIFECYCLE, "connected");
            IamRequests model = new IamRequests(MotoAccount.REGION, ACCOUNT,
                    arn -> arn.contains(":" + prefix + "-qa-20260101") ? theirs : Map.of());
            for (Wire request : takeovers(prefix, source)) {
                if (model.authorizations(request).stream().allMatch(a -> role.evaluate(a) == Decision.ALLOW)) {
                    allowed.add(request.toString());
                }
            }
            // its pipelines' sources explicitly, even tagged as the pipeline's; any other source not at all
            for (String anySource : List.of("prod-db", "billing-db")) {
                Decision expected = sourceOf.containsValue(anySource) ? Decision.EXPLICIT_DENY : Decision.IMPLICIT_DENY;
                for (String action : List.of("rds:ModifyDBCluster", "rds:DeleteDBCluster", "rds:AddTagsToResource")) {
                    Authorization change = new Authorization(action, rds("cluster", anySource), Map.of(
                            "aws:ResourceTag/" + Tags.PIPELINE, List.of(prefix),
                            "aws:RequestTag/" + Tags.PIPELINE, List.of(prefix), "aws:TagKeys", List.of(Tags.PIPELINE)));
                    if (role.evaluate(change) != expected) {
                        allowed.add(role.evaluate(change) + ", not " + expected + ": " + change);
                    }
                }
            }
        }));
        assertThat(allowed).isEmpty();
    }

    private static List<Wire> takeovers(String ours, String source) {
        String clone = ours + "-qa-20260101";
        Map<String, String> claim = new LinkedHashMap<>();
        claim.put(Tags.PIPELINE, ours);
        claim.put(Tags.SOURCE, source);
        Map<String, String> lifecycle = Map.of(Tags.LIFECYCLE, "aborted");
        List<Wire> out = new ArrayList<>();
        for (Map<String, String> tags : List.of(claim, lifecycle)) {
            out.add(new Wire("AddTagsToResource", tags, "ResourceName", rds("cluster", clone)));
            out.add(new Wire("AddTagsToResource", tags, "ResourceName", rds("db", clone + "-1")));
        }
        out.add(new Wire("RestoreDBClusterToPointInTime", claim, "SourceDBClusterIdentifier", source,
                "DBClusterIdentifier", clone));
        out.add(new Wire("CreateDBInstance", claim, "DBInstanceIdentifier", clone + "-2", "DBClusterIdentifier", clone));
        for (String cluster : List.of(clone, ours + "-shared")) {
            out.add(new Wire("ModifyDBCluster", Map.of(), "DBClusterIdentifier", cluster, "DeletionProtection", "false"));
            out.add(new Wire("DeleteDBInstance", Map.of(), "DBInstanceIdentifier", cluster + "-1"));
            out.add(new Wire("DeleteDBCluster", Map.of(), "DBClusterIdentifier", cluster, "SkipFinalSnapshot", "true"));
        }
        return out;
    }

    private static String rds(String type, String id) {
        return "arn:aws:rds:us-east-1:" + ACCOUNT + ":" + type + ":" + id;
    }

    @Test
    void eachPipelineRunsAsATaskWithItsOwnSettingsSecretsAndLog() {
        Set<String> valid = AppEnvironment.validNames();
        for (var entry : tasks.entrySet()) {
            TaskDefinition task = entry.getValue();
            ContainerDefinition c = task.containerDefinitions().get(0);
            assertThat(task.taskRoleArn()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":role/" + ECS_ROLE);
            assertThat(task.executionRoleArn()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":role/" + ECS_ROLE + "-execution");
            assertThat(task.requiresCompatibilitiesAsStrings()).containsExactly("FARGATE");
            assertThat(c.image()).isEqualTo(IMAGE);
            assertThat(c.command()).containsExactly("run");
            assertThat(c.user()).isEqualTo("1001");
            assertThat(c.readonlyRootFilesystem()).isTrue();
            assertThat(c.logConfiguration().options()).containsEntry("awslogs-group", "/ecs/" + ECS_ROLE)
                    .containsEntry("awslogs-stream-prefix", entry.getKey());
            Map<String, String> env = new LinkedHashMap<>();
            c.environment().forEach((KeyValuePair kv) -> env.put(kv.name(), kv.value()));
            c.secrets().forEach(s -> env.put(s.name(), "(from " + s.valueFrom() + ")"));
            assertThat(env.keySet()).allSatisfy(n -> assertThat(valid).contains(n));
            Pipeline pipeline = AppEnvironment.pipelineFrom(env);
            assertThat(pipeline.naming().prefix()).isEqualTo(entry.getKey());
            assertThat(pipeline.waitTimeout()).hasMinutes(30);
        }
        assertThat(AppEnvironment.pipelineFrom(environment(tasks.get("qa"))).sourceClusterId()).isEqualTo("billing-db");
        assertThat(tasks.get("dev").containerDefinitions().get(0).secrets()).extracting(Secret::name, Secret::valueFrom)
                .containsExactly(tuple("AURORA_REFRESH_DB_PASSWORD", secretArn + ":password::"),
                        tuple("AURORA_REFRESH_PUSHGATEWAY_URL", parameterArn));
        assertThat(tasks.get("qa").containerDefinitions().get(0).secrets()).extracting(Secret::name)
                .containsExactly("AURORA_REFRESH_PUSHGATEWAY_URL");
    }

    private static Map<String, String> environment(TaskDefinition task) {
        Map<String, String> env = new LinkedHashMap<>();
        task.containerDefinitions().get(0).environment().forEach(kv -> env.put(kv.name(), kv.value()));
        return env;
    }

    @Test
    void theEcsRolesAreAssumedOnlyByEcsTasksAndTheSchedulerOfThisAccount() throws IOException {
        Map<String, String> services = new LinkedHashMap<>();
        for (var trust : ecsTrusts.entrySet()) {
            JsonNode statement = JSON.readTree(trust.getValue()).get("Statement");
            assertThat(statement).hasSize(1);
            assertThat(statement.get(0).at("/Condition/StringEquals/aws:SourceAccount").asText()).isEqualTo(ACCOUNT);
            assertThat(statement.get(0).get("Action")).containsExactly(JSON.readTree("\"sts:AssumeRole\""));
            services.put(trust.getKey(), statement.get(0).at("/Principal/Service").asText());
        }
        assertThat(services).containsExactly(Map.entry(ECS_ROLE, "ecs-tasks.amazonaws.com"),
                Map.entry(ECS_ROLE + "-execution", "ecs-tasks.amazonaws.com"),
                Map.entry(ECS_ROLE + "-scheduler", "scheduler.amazonaws.com"));
    }

    @Test
    void theExecutionRolePullsTheImageWritesTheLogAndReadsExactlyTheTasksSecrets() throws IOException {
        IamPolicy policy = IamPolicy.parse(executionPolicy);
        String repository = "arn:aws:ecr:us-east-1:" + ACCOUNT + ":repository/";
        String secret = secretArn;
        String logStream = "arn:aws:logs:us-east-1:" + ACCOUNT + ":log-group:/ecs/" + ECS_ROLE + ":log-stream:dev/aurora-refresh/1";
        assertThat(List.of(new Authorization("ecr:BatchGetImage", repository + "aurora-refresh", Map.of()),
                new Authorization("ecr:GetAuthorizationToken", "*", Map.of()),
                new Authorization("logs:PutLogEvents", logStream, Map.of()),
                new Authorization("secretsmanager:GetSecretValue", secret, Map.of()),
                new Authorization("ssm:GetParameters", parameterArn, Map.of())))
                .allSatisfy(a -> assertThat(policy.evaluate(a)).as(a.toString()).isEqualTo(Decision.ALLOW));
        assertThat(List.of(new Authorization("ecr:BatchGetImage", repository + "other", Map.of()),
                new Authorization("logs:PutLogEvents", logStream.replace("/ecs/" + ECS_ROLE, "/ecs/other"), Map.of()),
                new Authorization("secretsmanager:GetSecretValue", secret + "-other", Map.of()),
                new Authorization("ssm:GetParameters", parameterArn + "-other", Map.of())))
                .allSatisfy(a -> assertThat(policy.evaluate(a)).as(a.toString()).isEqualTo(Decision.IMPLICIT_DENY));
    }

    @Test
    void eachPipelineHasAScheduleThatRetriesAndKeepsFailedStarts() {
        String queue = "arn:aws:sqs:us-east-1:" + ACCOUNT + ":" + ECS_ROLE + "-schedule-dead-letters";
        for (var entry : schedules.entrySet()) {
            GetScheduleResponse s = entry.getValue();
            assertThat(s.scheduleExpression()).isEqualTo("cron(30 5 ? * MON-FRI *)");
            assertThat(s.scheduleExpressionTimezone()).isEqualTo("UTC");
            assertThat(s.target().arn()).isEqualTo(clusterArn);
            assertThat(s.target().roleArn()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":role/" + ECS_ROLE + "-scheduler");
            assertThat(s.target().retryPolicy().maximumRetryAttempts()).isEqualTo(2);
            assertThat(s.target().retryPolicy().maximumEventAgeInSeconds()).isEqualTo(900);
            assertThat(s.target().deadLetterConfig().arn()).isEqualTo(queue);
            assertThat(s.target().ecsParameters().taskDefinitionArn()).isEqualTo(tasks.get(entry.getKey()).taskDefinitionArn());
            assertThat(s.target().ecsParameters().launchTypeAsString()).isEqualTo("FARGATE");
            assertThat(s.target().ecsParameters().networkConfiguration().awsvpcConfiguration().subnets())
                    .containsExactlyInAnyOrder("subnet-0123456789abcdef0", "subnet-0fedcba9876543210");
            assertThat(s.target().ecsParameters().networkConfiguration().awsvpcConfiguration().assignPublicIpAsString())
                    .isEqualTo("DISABLED");
        }
        assertThat(ecsOutputs.at("/dead_letter_queue_url/value").asText()).endsWith("/" + ECS_ROLE + "-schedule-dead-letters");
    }

    @Test
    void theSchedulerMayRunOnlyThesesTasksInThisClusterAndReportToItsQueue() throws IOException {
        IamPolicy policy = IamPolicy.parse(schedulerPolicy);
        Map<String, List<String>> inCluster = Map.of("ecs:cluster", List.of(clusterArn));
        Map<String, List<String>> toEcs = Map.of("iam:PassedToService", List.of("ecs-tasks.amazonaws.com"));
        String role = "arn:aws:iam::" + ACCOUNT + ":role/";
        for (TaskDefinition task : tasks.values()) {
            assertThat(policy.evaluate(new Authorization("ecs:RunTask", task.taskDefinitionArn(), inCluster))).isEqualTo(Decision.ALLOW);
            assertThat(policy.evaluate(new Authorization("ecs:RunTask", task.taskDefinitionArn(),
                    Map.of("ecs:cluster", List.of(clusterArn + "-other"))))).isEqualTo(Decision.IMPLICIT_DENY);
        }
        assertThat(policy.evaluate(new Authorization("ecs:RunTask", "arn:aws:ecs:us-east-1:" + ACCOUNT + ":task-definition/other:1",
                inCluster))).isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(policy.evaluate(new Authorization("iam:PassRole", role + ECS_ROLE, toEcs))).isEqualTo(Decision.ALLOW);
        assertThat(policy.evaluate(new Authorization("iam:PassRole", role + ECS_ROLE + "-execution", toEcs))).isEqualTo(Decision.ALLOW);
        assertThat(policy.evaluate(new Authorization("iam:PassRole", role + "admin", toEcs))).isEqualTo(Decision.IMPLICIT_DENY);
        String queue = schedules.get("dev").target().deadLetterConfig().arn();
        assertThat(policy.evaluate(new Authorization("sqs:SendMessage", queue, Map.of()))).isEqualTo(Decision.ALLOW);
        assertThat(policy.evaluate(new Authorization("sqs:SendMessage", queue + "-other", Map.of()))).isEqualTo(Decision.IMPLICIT_DENY);
    }

    @Test
    void theEksRoleIsAssumedOnlyByTheServiceAccountThroughTheClustersOidcProvider() throws IOException {
        JsonNode statement = JSON.readTree(eksTrust).get("Statement");
        assertThat(statement).hasSize(1);
        assertThat(statement.get(0).at("/Principal/Federated").asText()).isEqualTo(oidcProviderArn);
        assertThat(statement.get(0).get("Action").asText()).isEqualTo("sts:AssumeRoleWithWebIdentity");
        assertThat(statement.get(0).at("/Condition/StringEquals")).isEqualTo(JSON.readTree("{\"" + OIDC_ISSUER
                + ":sub\": \"system:serviceaccount:aurora-refresh:aurora-refresh\", \"" + OIDC_ISSUER + ":aud\": \"sts.amazonaws.com\"}"));
        assertThat(eksOutputs.at("/role_arn/value").asText()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":role/" + EKS_ROLE);
        Map<String, String> configMap = JSON.convertValue(eksOutputs.at("/environment/value/dev"),
                JSON.getTypeFactory().constructMapType(Map.class, String.class, String.class));
        assertThat(configMap.keySet()).allSatisfy(n -> assertThat(AppEnvironment.validNames()).contains(n));
        Pipeline pipeline = AppEnvironment.pipelineFrom(configMap);
        assertThat(pipeline.sourceClusterId()).isEqualTo("prod-db");
        assertThat(pipeline.settings().finalSnapshot()).isTrue();
    }

    @Test
    void withPodIdentityTheRoleIsAssumedByEksPodsOfThisAccountOnly() throws IOException {
        JsonNode statement = JSON.readTree(podIdentityTrust).get("Statement");
        assertThat(statement).hasSize(1);
        assertThat(statement.get(0).at("/Principal/Service").asText()).isEqualTo("pods.eks.amazonaws.com");
        assertThat(statement.get(0).get("Action")).containsExactlyInAnyOrder(JSON.readTree("\"sts:AssumeRole\""),
                JSON.readTree("\"sts:TagSession\""));
        assertThat(statement.get(0).at("/Condition/StringEquals/aws:SourceAccount").asText()).isEqualTo(ACCOUNT);
        assertThat(podIdentityRolePolicies).isEqualTo(eksRolePolicies);
    }

    @Test
    void destroyRemovesEverythingApplyCreated() {
        // everything: the log group and queue too, which this test has no client for
        int added = Integer.parseInt(ecsApply.replaceAll("(?s).*Apply complete! Resources: (\\d+) added.*", "$1"));
        assertThat(added).isGreaterThan(10);
        assertThat(ecsDestroy).contains("Destroy complete! Resources: " + added + " destroyed.");
        assertThat(eksDestroy).contains("Destroy complete!");
        assertThat(rolesLeft).isEmpty();
        assertThat(policiesLeft).isEmpty();
        assertThat(schedulesLeft).isEmpty();
        assertThat(activeTaskDefinitionsLeft).isEmpty();
    }

    /** A bad value stops the apply with one message naming it and what is valid, before anything is created. */
    @Test
    void aBadPipelineStopsTheApplyWithTheValueAndWhatIsValid() throws IOException {
        Path bad = tf.root().resolve("bad.tfvars.json");
        Files.writeString(bad, JSON.writeValueAsString(Map.of("pipelines", List.of(Map.of("source_cluster", "prod-db",
                "clone_prefix", "dev--x", "hosted_zone_id", zoneId, "record", "dev-db.example.internal",
                "environment", Map.of("AURORA_REFRESH_CLONE_PREFIX", "qa"))))));
        Terraform.Result r = tf.run("examples/ecs", "apply", "-auto-approve", "-input=false", "-no-color", "-var-file=" + bad);
        assertThat(r.exitCode()).isEqualTo(1);
        // terraform wraps its messages at 78 columns
        assertThat(r.output().replaceAll("\\s+", " ")).contains("clone_prefix [\"dev--x\"]: each must be 1-50 letters, digits or single hyphens")
                .contains("environment [[\"AURORA_REFRESH_CLONE_PREFIX\"]]: only AURORA_REFRESH_* settings other than");
        assertThat(iam.listRoles().roles()).isEmpty();

        // the clone's master login is a login of its own, as `run` has it
        Files.writeString(bad, JSON.writeValueAsString(Map.of("pipelines", List.of(Map.of("source_cluster", "prod-db",
                "hosted_zone_id", zoneId, "record", "dev-db.example.internal", "environment", Map.of(
                        "AURORA_REFRESH_DB_MASTER_SECRET", "true", "AURORA_REFRESH_DB_USER", "app"))))));
        Terraform.Result login = tf.run("examples/ecs", "apply", "-auto-approve", "-input=false", "-no-color", "-var-file=" + bad);
        assertThat(login.exitCode()).isEqualTo(1);
        assertThat(login.output().replaceAll("\\s+", " ")).contains("AURORA_REFRESH_DB_MASTER_SECRET is a login of its own");
        assertThat(iam.listRoles().roles()).isEmpty();
    }
}
