package dev.aurorarefresh.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aurorarefresh.iam.PipelineGrant;
import dev.aurorarefresh.iam.PolicyDocuments;
import dev.aurorarefresh.testing.IamPolicy;
import dev.aurorarefresh.testing.IamPolicy.Authorization;
import dev.aurorarefresh.testing.IamPolicy.Decision;
import dev.aurorarefresh.testing.MotoAccount;
import dev.aurorarefresh.testing.Tool;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.Secret;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * ecs/deploy.sh run against moto with the AWS CLI, as a user would: first without the task's secret
 * and parameter (it stops, changing nothing), then with both left out (WITH_*=false), then with both
 * created: the second full run updates what the first created. A third run with the same settings
 * registers nothing new, and creates the (deleted) schedule through IAM-propagation errors. Then
 * the SDK and the CLI read back the task definitions, the schedule, the roles and the alerting.
 */
class EcsDeployTest {
    static final String NAME = "aurora-refresh-dev";
    static final String ACCOUNT = "123456789012";
    static MotoAccount moto;
    static EcsClient ecs;
    static SchedulerClient scheduler;
    static IamClient iam;
    static String clusterArn;
    static Run missingSecret;
    static Run missingParameter;
    static Run badSwitch;
    static List<String> rolesAfterStoppedRuns;
    static String firstRun;
    static String executionPolicyAfterFirstRun;
    static String secondRun;
    static String thirdRun;
    static Run badArchitecture;
    static Run eventBridgeSchedule;
    static Run unknownPlaceholder;
    static final String ECR_IMAGE = ACCOUNT + ".dkr.ecr.us-east-1.amazonaws.com/aurora-refresh:0.1.1";
    static Path dir;
    static String secretArn;
    static String parameterArn;

    record Run(int exitCode, String output) {
    }

    @BeforeAll
    static void deployTwice() throws Exception {
        Tool.require(Tool.AWS_CLI);
        moto = MotoAccount.fresh();
        URI endpoint = URI.create(moto.server.endpoint());
        ecs = EcsClient.builder().endpointOverride(endpoint).region(Region.of(MotoAccount.REGION))
                .credentialsProvider(MotoAccount.testCredentials()).httpClient(UrlConnectionHttpClient.create()).build();
        scheduler = SchedulerClient.builder().endpointOverride(endpoint).region(Region.of(MotoAccount.REGION))
                .credentialsProvider(MotoAccount.testCredentials()).httpClient(UrlConnectionHttpClient.create()).build();
        iam = IamClient.builder().endpointOverride(endpoint).region(Region.AWS_GLOBAL)
                .credentialsProvider(MotoAccount.testCredentials()).httpClient(UrlConnectionHttpClient.create()).build();
        clusterArn = ecs.createCluster(r -> r.clusterName("apps")).cluster().clusterArn();

        // ACCOUNT_ID given: these stop at their first AWS call, so they cost one CLI start each
        missingSecret = run("example.org/aurora-refresh:0.1.0", "subnet-0123456789abcdef0", Map.of("ACCOUNT_ID", ACCOUNT));
        missingParameter = run("example.org/aurora-refresh:0.1.0", "subnet-0123456789abcdef0",
                Map.of("ACCOUNT_ID", ACCOUNT, "WITH_DB_SECRET", "false"));
        badSwitch = run("example.org/aurora-refresh:0.1.0", "subnet-0123456789abcdef0",
                Map.of("ACCOUNT_ID", ACCOUNT, "WITH_PUSHGATEWAY", "yes"));
        Map<String, String> offline = Map.of("ACCOUNT_ID", ACCOUNT, "WITH_DB_SECRET", "false", "WITH_PUSHGATEWAY", "false");
        badArchitecture = run("example.org/aurora-refresh:0.1.0", "subnet-0123456789abcdef0",
                with(offline, "CPU_ARCHITECTURE", "arm64"));
        eventBridgeSchedule = run("example.org/aurora-refresh:0.1.0", "subnet-0123456789abcdef0",
                with(offline, "SCHEDULE", "cron(30 5 ? * MON-FRI *)"));
        dir = Files.createTempDirectory("ecs-deploy");
        Path typo = dir.resolve("typo-policy.json");
        Files.writeString(typo, Files.readString(IamPolicyTest.POLICY).replaceFirst(ACCOUNT, "\\${ACOUNT_ID}"));
        unknownPlaceholder = run("example.org/aurora-refresh:0.1.0", "subnet-0123456789abcdef0",
                with(offline, "POLICY_FILE", typo.toString()));
        rolesAfterStoppedRuns = iam.listRoles().roles().stream().map(r -> r.roleName()).toList();

        firstRun = deploy("example.org/aurora-refresh:0.1.0", "subnet-0123456789abcdef0,subnet-0fedcba9876543210",
                Map.of("WITH_DB_SECRET", "false", "WITH_PUSHGATEWAY", "false"));
        executionPolicyAfterFirstRun = executionPolicy();

        try (SecretsManagerClient secrets = SecretsManagerClient.builder().endpointOverride(endpoint)
                .region(Region.of(MotoAccount.REGION)).credentialsProvider(MotoAccount.testCredentials())
                .httpClient(UrlConnectionHttpClient.create()).build();
                SsmClient ssm = SsmClient.builder().endpointOverride(endpoint).region(Region.of(MotoAccount.REGION))
                        .credentialsProvider(MotoAccount.testCredentials()).httpClient(UrlConnectionHttpClient.create()).build()) {
            secretArn = secrets.createSecret(r -> r.name(NAME + "/db").secretString("{\"password\":\"s3cret-pw\"}")).arn();
            ssm.putParameter(r -> r.name("/" + NAME + "/pushgateway-url").type(ParameterType.STRING)
                    .value("http://pushgateway.example.internal:9091"));
            parameterArn = ssm.getParameter(r -> r.name("/" + NAME + "/pushgateway-url")).parameter().arn();
        }
        secondRun = deploy(ECR_IMAGE, "subnet-0123456789abcdef0", Map.of());

        // Same settings again, the policy written with placeholders, the schedule gone, and a
        // Scheduler that cannot assume its new role for the first two tries (IAM propagation).
        scheduler.deleteSchedule(r -> r.name(NAME));
        Path policy = dir.resolve("policy.json");
        Files.writeString(policy, Files.readString(IamPolicyTest.POLICY).replace(ACCOUNT, "${ACCOUNT_ID}"));
        Path fakeAws = dir.resolve("bin/aws");
        Files.createDirectories(fakeAws.getParent());
        Files.writeString(fakeAws, """
                #!/usr/bin/env bash
                if [ "$1 $2" = "scheduler create-schedule" ]; then
                  n="$(cat "$0.count" 2>/dev/null || echo 0)"; echo $((n + 1)) >"$0.count"
                  if [ "$n" -lt 2 ]; then
                    echo "An error occurred (ValidationException) when calling the CreateSchedule operation: The execution role you provide must allow AWS EventBridge Scheduler to assume the role." >&2
                    exit 254
                  fi
                fi
                exec %s "$@"
                """.formatted(Tool.AWS_CLI.command()));
        fakeAws.toFile().setExecutable(true);
        thirdRun = deploy(ECR_IMAGE, "subnet-0123456789abcdef0", Map.of("POLICY_FILE", policy.toString(),
                "PATH", fakeAws.getParent() + ":" + System.getenv("PATH")));

        // Fleet mode, as another deployment: the example fleet file, one generated policy per pipeline; twice.
        List<String> policyFiles = new java.util.ArrayList<>();
        for (var document : PolicyDocuments.forRole(ACCOUNT, MotoAccount.REGION, FLEET_GRANTS).entrySet()) {
            Path file = dir.resolve("policy-" + document.getKey() + ".json");
            Files.writeString(file, PolicyDocuments.text(document.getValue()));
            policyFiles.add(file.toString());
        }
        Map<String, String> fleet = Map.of("NAME", FLEET, "FLEET_FILE", FLEET_FILE.toString(), "POLICY_FILE",
                String.join(",", policyFiles), "WITH_DB_SECRET", "false", "WITH_PUSHGATEWAY", "false");
        badFleetType = run("example.org/aurora-refresh:0.1.0", "subnet-0123456789abcdef0",
                with(with(fleet, "ACCOUNT_ID", ACCOUNT), "FLEET_PARAMETER_TYPE", "Secure"));
        keyWithoutSecureString = run("example.org/aurora-refresh:0.1.0", "subnet-0123456789abcdef0", with(with(fleet,
                "ACCOUNT_ID", ACCOUNT), "FLEET_KMS_KEY_ARN", "arn:aws:kms:us-east-1:" + ACCOUNT + ":key/1234abcd-12ab"));
        missingFleetFile = run("example.org/aurora-refresh:0.1.0", "subnet-0123456789abcdef0",
                with(with(fleet, "ACCOUNT_ID", ACCOUNT), "FLEET_FILE", "no-such-fleet.yaml"));
        firstFleetRun = deploy(ECR_IMAGE, "subnet-0123456789abcdef0", fleet);
        secondFleetRun = deploy(ECR_IMAGE, "subnet-0123456789abcdef0", fleet);
    }

    static final String FLEET = "aurora-refresh-fleet";
    static final Path FLEET_FILE = Path.of("k8s/components/fleet/fleet.yaml");
    /** The pipelines of the example fleet file, for their policies. */
    static final List<PipelineGrant> FLEET_GRANTS = List.of(
            new PipelineGrant("dev", "prod-db", "dev", "Z0123456789EXAMPLE", List.of("dev-db.example.internal"), false,
                    java.util.Optional.empty()),
            new PipelineGrant("qa", "prod-db", "qa", "Z0123456789EXAMPLE", List.of("qa-db.example.internal"), false,
                    java.util.Optional.empty()));
    static Run badFleetType;
    static Run keyWithoutSecureString;
    static Run missingFleetFile;
    static String firstFleetRun;
    static String secondFleetRun;

    @Test
    void inFleetModeTheTaskReadsTheFleetFileFromAParameterWrittenOnce() throws Exception {
        var parameter = cli("ssm", "get-parameter", "--name", "/" + FLEET + "/fleet").path("Parameter");
        assertThat(parameter.path("Value").asText().strip()).isEqualTo(Files.readString(FLEET_FILE).strip());
        assertThat(parameter.path("Type").asText()).isEqualTo("String");
        assertThat(parameter.path("Version").asInt()).as("the second run wrote nothing").isEqualTo(1);
        String parameterArn = parameter.path("ARN").asText();
        assertThat(firstFleetRun).contains("fleet parameter /" + FLEET + "/fleet (String) written from " + FLEET_FILE,
                "AURORA_REFRESH_CONFIG_YAML from " + parameterArn);
        assertThat(secondFleetRun).contains("fleet parameter /" + FLEET + "/fleet (unchanged)",
                "task-definition/" + FLEET + ":1 (unchanged)", "schedule " + FLEET + " updated");

        ContainerDefinition c = ecs.describeTaskDefinition(r -> r.taskDefinition(FLEET)).taskDefinition()
                .containerDefinitions().get(0);
        assertThat(c.secrets()).extracting(Secret::name, Secret::valueFrom)
                .containsExactly(tuple("AURORA_REFRESH_CONFIG_YAML", parameterArn));
        Map<String, String> env = new LinkedHashMap<>();
        c.environment().forEach(kv -> env.put(kv.name(), kv.value()));
        assertThat(env).doesNotContainKeys("AURORA_REFRESH_SOURCE_CLUSTER", "AURORA_REFRESH_CLONE_PREFIX",
                "AURORA_REFRESH_PIPELINE", "AURORA_REFRESH_HOSTED_ZONE", "AURORA_REFRESH_RECORD")
                .containsKeys("AWS_REGION", "AURORA_REFRESH_WAIT_TIMEOUT");
        assertThat(KubernetesManifestsTest.fleetPipelines(parameter.path("Value").asText(), env))
                .extracting(p -> p.name()).containsExactly("dev", "qa");

        IamPolicy execution = IamPolicy.parse(URLDecoder.decode(iam.getRolePolicy(r -> r.roleName(FLEET + "-execution")
                .policyName("pull-and-log")).policyDocument(), StandardCharsets.UTF_8));
        assertThat(execution.evaluate(new Authorization("ssm:GetParameters", parameterArn, Map.of()))).isEqualTo(Decision.ALLOW);
        assertThat(execution.evaluate(new Authorization("ssm:GetParameters", parameterArn + "-other", Map.of())))
                .isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(execution.allowedActions()).doesNotContain("kms:Decrypt", "secretsmanager:GetSecretValue");
    }

    @Test
    void inFleetModeTheTaskRoleCarriesEachPipelinesPolicy() throws IOException {
        ObjectMapper json = new ObjectMapper();
        var expected = PolicyDocuments.forRole(ACCOUNT, MotoAccount.REGION, FLEET_GRANTS);
        List<String> attached = iam.listAttachedRolePolicies(r -> r.roleName(FLEET)).attachedPolicies().stream()
                .map(p -> p.policyName()).sorted().toList();
        assertThat(attached).containsExactly(FLEET, FLEET + "-2");
        for (var entry : List.of(Map.entry(FLEET, "dev"), Map.entry(FLEET + "-2", "qa"))) {
            String arn = "arn:aws:iam::" + ACCOUNT + ":policy/" + entry.getKey();
            String version = iam.getPolicy(r -> r.policyArn(arn)).policy().defaultVersionId();
            String document = URLDecoder.decode(iam.getPolicyVersion(r -> r.policyArn(arn).versionId(version))
                    .policyVersion().document(), StandardCharsets.UTF_8);
            assertThat(json.readTree(document)).as(entry.getKey()).isEqualTo(expected.get(entry.getValue()));
        }
    }

    @Test
    void aBadFleetSettingStopsTheDeployWithOneLine() {
        assertThat(List.of(badFleetType, keyWithoutSecureString, missingFleetFile)).extracting(Run::exitCode)
                .containsOnly(2);
        assertThat(badFleetType.output().strip())
                .isEqualTo("ecs/deploy.sh: FLEET_PARAMETER_TYPE: 'Secure' is not valid; use String or SecureString");
        assertThat(keyWithoutSecureString.output().strip())
                .isEqualTo("ecs/deploy.sh: FLEET_KMS_KEY_ARN: set only with FLEET_PARAMETER_TYPE=SecureString");
        assertThat(missingFleetFile.output().strip()).isEqualTo("ecs/deploy.sh: FLEET_FILE: 'no-such-fleet.yaml' cannot be"
                + " read; use the path of a fleet file (docs/configuration.md)");
    }

    static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> out = new LinkedHashMap<>(base);
        out.put(key, value);
        return out;
    }

    /** The AWS CLI against moto, its JSON answer. */
    static com.fasterxml.jackson.databind.JsonNode cli(String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of(Tool.AWS_CLI.command(), "--output", "json"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
        pb.environment().putAll(Map.of("AWS_ENDPOINT_URL", moto.server.endpoint(), "AWS_ACCESS_KEY_ID", "test",
                "AWS_SECRET_ACCESS_KEY", "test", "AWS_DEFAULT_REGION", MotoAccount.REGION, "AWS_CONFIG_FILE", "/dev/null",
                "AWS_SHARED_CREDENTIALS_FILE", "/dev/null"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return new ObjectMapper().readTree(out);
    }

    static String deploy(String image, String subnets, Map<String, String> extraEnv) throws IOException, InterruptedException {
        Run run = run(image, subnets, extraEnv);
        assertThat(run.exitCode()).as(run.output()).isZero();
        return run.output();
    }

    static Run run(String image, String subnets, Map<String, String> extraEnv) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", "ecs/deploy.sh").redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_"));
        env.put("AWS_ENDPOINT_URL", moto.server.endpoint());
        env.put("AWS_ACCESS_KEY_ID", "test");
        env.put("AWS_SECRET_ACCESS_KEY", "test");
        env.put("AWS_REGION", MotoAccount.REGION);
        env.put("AWS_CONFIG_FILE", "/dev/null");
        env.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
        env.put("IMAGE", image);
        env.put("ECS_CLUSTER_ARN", clusterArn);
        env.put("SUBNETS", subnets);
        env.put("SECURITY_GROUPS", "sg-0123456789abcdef0");
        env.putAll(extraEnv);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    static String executionPolicy() {
        return URLDecoder.decode(iam.getRolePolicy(r -> r.roleName(NAME + "-execution").policyName("pull-and-log"))
                .policyDocument(), StandardCharsets.UTF_8);
    }

    @Test
    void aMissingSecretOrParameterStopsTheDeployWithTheCommandThatCreatesIt() {
        assertThat(missingSecret.exitCode()).isEqualTo(2);
        assertThat(missingSecret.output().strip()).doesNotContain("\n").isEqualTo("ecs/deploy.sh: secret " + NAME
                + "/db does not exist in us-east-1; create it with aws secretsmanager create-secret --name " + NAME
                + "/db --secret-string file://db.json (db.json: {\"password\": \"the password of AURORA_REFRESH_DB_USER\"}),"
                + " or set WITH_DB_SECRET=false");
        assertThat(missingParameter.exitCode()).isEqualTo(2);
        assertThat(missingParameter.output().strip()).doesNotContain("\n").isEqualTo("ecs/deploy.sh: parameter /" + NAME
                + "/pushgateway-url does not exist in us-east-1; create it with aws ssm put-parameter --name /" + NAME
                + "/pushgateway-url --type String --value http://pushgateway.example.internal:9091 (your Pushgateway's URL),"
                + " or set WITH_PUSHGATEWAY=false");
        assertThat(badArchitecture.exitCode()).isEqualTo(2);
        assertThat(badArchitecture.output().strip())
                .isEqualTo("ecs/deploy.sh: CPU_ARCHITECTURE: 'arm64' is not valid; use X86_64 or ARM64");
        assertThat(eventBridgeSchedule.exitCode()).isEqualTo(2);
        assertThat(eventBridgeSchedule.output().strip()).isEqualTo("ecs/deploy.sh: SCHEDULE: 'cron(30 5 ? * MON-FRI *)' is not"
                + " valid; use a five-field cron line such as \"30 5 * * 1-5\" (as in k8s/base/cronjob.yaml)");
        assertThat(unknownPlaceholder.exitCode()).isEqualTo(2);
        assertThat(unknownPlaceholder.output().strip()).doesNotContain("\n")
                .endsWith("typo-policy.json: ${ACOUNT_ID} is not a placeholder this script fills");
        assertThat(badSwitch.exitCode()).isEqualTo(2);
        assertThat(badSwitch.output().strip())
                .isEqualTo("ecs/deploy.sh: WITH_PUSHGATEWAY: 'yes' is not valid; use true or false");
        assertThat(rolesAfterStoppedRuns).as("nothing created by the stopped runs").isEmpty();
    }

    @Test
    void theTaskGetsTheDatabasePasswordAndPushgatewayUrlFromTheSecretAndParameter() {
        ContainerDefinition c = task().containerDefinitions().get(0);
        assertThat(c.secrets()).extracting(Secret::name, Secret::valueFrom).containsExactly(
                tuple("AURORA_REFRESH_DB_PASSWORD", secretArn + ":password::"),
                tuple("AURORA_REFRESH_PUSHGATEWAY_URL", parameterArn));
        assertThat(c.environment()).extracting(KeyValuePair::name).contains("AURORA_REFRESH_DB_USER", "AURORA_REFRESH_DB_TLS")
                .doesNotContain("AURORA_REFRESH_DB_PASSWORD", "AURORA_REFRESH_PUSHGATEWAY_URL");
        assertThat(secondRun).contains("AURORA_REFRESH_DB_PASSWORD from " + secretArn + " (key password)",
                "AURORA_REFRESH_PUSHGATEWAY_URL from " + parameterArn).doesNotContain("s3cret-pw");
    }

    @Test
    void theExecutionRoleMayReadExactlyTheTasksSecretAndParameter() throws IOException {
        IamPolicy policy = IamPolicy.parse(executionPolicy());
        assertThat(policy.evaluate(new Authorization("secretsmanager:GetSecretValue", secretArn, Map.of())))
                .isEqualTo(Decision.ALLOW);
        assertThat(policy.evaluate(new Authorization("ssm:GetParameters", parameterArn, Map.of())))
                .isEqualTo(Decision.ALLOW);
        String otherSecret = "arn:aws:secretsmanager:us-east-1:" + ACCOUNT + ":secret:" + NAME + "/db-other-AbCdEf";
        assertThat(policy.evaluate(new Authorization("secretsmanager:GetSecretValue", otherSecret, Map.of())))
                .isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(policy.evaluate(new Authorization("ssm:GetParameters", parameterArn + "-other", Map.of())))
                .isEqualTo(Decision.IMPLICIT_DENY);
        // the image's own repository only
        String repository = "arn:aws:ecr:us-east-1:" + ACCOUNT + ":repository/aurora-refresh";
        assertThat(policy.evaluate(new Authorization("ecr:BatchGetImage", repository, Map.of()))).isEqualTo(Decision.ALLOW);
        assertThat(policy.evaluate(new Authorization("ecr:GetDownloadUrlForLayer", repository + "-other", Map.of())))
                .isEqualTo(Decision.IMPLICIT_DENY);
        // the AWS-managed keys decrypt for the execution role without a kms grant
        assertThat(policy.allowedActions()).containsExactlyInAnyOrder("ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer",
                "ecr:GetAuthorizationToken", "logs:CreateLogStream", "logs:PutLogEvents",
                "secretsmanager:GetSecretValue", "ssm:GetParameters");
        assertThat(policy.statements).filteredOn(s -> s.actions().stream().anyMatch(a -> a.startsWith("s")))
                .allSatisfy(s -> assertThat(s.resources()).hasSize(1).doesNotContain("*"));
    }

    @Test
    void withBothSwitchedOffTheTaskHasNoSecretsAndTheRoleReadsNone() throws IOException {
        ContainerDefinition first = ecs.describeTaskDefinition(r -> r.taskDefinition(NAME + ":1")).taskDefinition()
                .containerDefinitions().get(0);
        assertThat(first.secrets()).isEmpty();
        assertThat(first.environment()).extracting(KeyValuePair::name).doesNotContain("AURORA_REFRESH_DB_USER", "AURORA_REFRESH_DB_TLS")
                .contains("AURORA_REFRESH_SOURCE_CLUSTER");
        assertThat(IamPolicy.parse(executionPolicyAfterFirstRun).allowedActions())
                .noneMatch(a -> a.startsWith("secretsmanager:") || a.startsWith("ssm:"))
                .as("an image outside ECR: no ECR grant").noneMatch(a -> a.startsWith("ecr:"));
        assertThat(firstRun).contains("no database login (WITH_DB_SECRET=false)", "no metrics push (WITH_PUSHGATEWAY=false)");
    }

    @Test
    void aSecondRunUpdatesWhatTheFirstCreated() {
        assertThat(firstRun).contains("schedule " + NAME + " created", "task-definition/" + NAME + ":1");
        assertThat(secondRun).contains("schedule " + NAME + " updated", "task-definition/" + NAME + ":2");
        GetScheduleResponse schedule = scheduler.getSchedule(r -> r.name(NAME));
        assertThat(schedule.target().ecsParameters().taskDefinitionArn()).endsWith("task-definition/" + NAME + ":2");
        assertThat(schedule.target().ecsParameters().networkConfiguration().awsvpcConfiguration().subnets())
                .containsExactly("subnet-0123456789abcdef0");
        assertThat(image()).isEqualTo(ECR_IMAGE);
    }

    @Test
    void theSameSettingsRegisterNoNewRevisionAndTheScheduleIsCreatedThroughIamPropagation() {
        assertThat(thirdRun).contains("task-definition/" + NAME + ":2 (unchanged)").doesNotContain(":3");
        assertThat(ecs.listTaskDefinitions(r -> r.familyPrefix(NAME)).taskDefinitionArns()).hasSize(2);
        assertThat(thirdRun).contains("role " + NAME + "-scheduler not usable yet (IAM propagation); retrying in 1s",
                "retrying in 2s", "schedule " + NAME + " created");
        assertThat(scheduler.getSchedule(r -> r.name(NAME)).target().ecsParameters().taskDefinitionArn())
                .endsWith("task-definition/" + NAME + ":2");
    }

    @Test
    void everyUploadedDocumentHasItsPlaceholdersFilled() throws Exception {
        List<String> documents = new java.util.ArrayList<>(List.of(executionPolicy(),
                URLDecoder.decode(iam.getRolePolicy(r -> r.roleName(NAME + "-scheduler").policyName("run-task"))
                        .policyDocument(), StandardCharsets.UTF_8),
                cli("ecs", "describe-task-definition", "--task-definition", NAME).toString(),
                cli("scheduler", "get-schedule", "--name", NAME).toString(),
                cli("events", "describe-rule", "--name", NAME + "-task-not-started").toString(),
                cli("sns", "get-topic-attributes", "--topic-arn", topicArn()).toString()));
        for (String role : List.of(NAME, NAME + "-execution", NAME + "-scheduler")) {
            documents.add(URLDecoder.decode(iam.getRole(r -> r.roleName(role)).role().assumeRolePolicyDocument(),
                    StandardCharsets.UTF_8));
        }
        documents.add(taskRolePolicy());
        assertThat(documents).allSatisfy(d -> assertThat(d).doesNotContainPattern("\\$\\{[A-Z_]+}"));
        assertThat(Files.readString(dir.resolve("policy.json"))).as("the third run's policy had placeholders")
                .contains("${ACCOUNT_ID}");
    }

    @Test
    void runsTheScheduleCannotStartGoToADeadLetterQueueAndAlarm() throws Exception {
        String queueArn = "arn:aws:sqs:us-east-1:" + ACCOUNT + ":" + NAME + "-schedule-dlq";
        assertThat(scheduler.getSchedule(r -> r.name(NAME)).target().deadLetterConfig().arn()).isEqualTo(queueArn);
        IamPolicy policy = IamPolicy.parse(URLDecoder.decode(iam.getRolePolicy(r -> r.roleName(NAME + "-scheduler")
                .policyName("run-task")).policyDocument(), StandardCharsets.UTF_8));
        assertThat(policy.evaluate(new Authorization("sqs:SendMessage", queueArn, Map.of()))).isEqualTo(Decision.ALLOW);
        assertThat(policy.evaluate(new Authorization("sqs:SendMessage", queueArn + "-other", Map.of())))
                .isEqualTo(Decision.IMPLICIT_DENY);
        var alarm = cli("cloudwatch", "describe-alarms", "--alarm-names", NAME + "-schedule-dlq").path("MetricAlarms").path(0);
        assertThat(alarm.path("Namespace").asText()).isEqualTo("AWS/SQS");
        assertThat(alarm.path("Dimensions").path(0).path("Value").asText()).isEqualTo(NAME + "-schedule-dlq");
        assertThat(alarm.path("AlarmActions")).extracting(com.fasterxml.jackson.databind.JsonNode::asText)
                .containsExactly(topicArn());
    }

    @Test
    void aTaskThatStopsBeforeRunningNotifiesTheAlertTopic() throws Exception {
        var rule = cli("events", "describe-rule", "--name", NAME + "-task-not-started");
        var pattern = new ObjectMapper().readTree(rule.path("EventPattern").asText());
        assertThat(pattern.path("source").path(0).asText()).isEqualTo("aws.ecs");
        assertThat(pattern.path("detail-type").path(0).asText()).isEqualTo("ECS Task State Change");
        assertThat(pattern.path("detail").path("clusterArn").path(0).asText()).isEqualTo(clusterArn);
        assertThat(pattern.path("detail").path("group").path(0).asText()).isEqualTo("family:" + NAME);
        assertThat(pattern.path("detail").path("stopCode").path(0).asText()).isEqualTo("TaskFailedToStart");
        var targets = cli("events", "list-targets-by-rule", "--rule", NAME + "-task-not-started").path("Targets");
        assertThat(targets).extracting(t -> t.path("Arn").asText()).containsExactly(topicArn());
        // the topic lets this rule (and the alarm) publish, nothing else
        var topicPolicy = new ObjectMapper().readTree(cli("sns", "get-topic-attributes", "--topic-arn", topicArn())
                .path("Attributes").path("Policy").asText());
        assertThat(topicPolicy.path("Statement")).extracting(st -> st.path("Principal").path("Service").asText())
                .containsExactlyInAnyOrder("events.amazonaws.com", "cloudwatch.amazonaws.com");
        assertThat(thirdRun).contains("alert topic " + topicArn());
    }

    static String topicArn() {
        return "arn:aws:sns:us-east-1:" + ACCOUNT + ":" + NAME + "-alerts";
    }

    @Test
    void theTaskRunsOnTheArchitectureItWasBuiltForAndKnowsItsSchedule() {
        TaskDefinition task = task();
        assertThat(task.runtimePlatform().cpuArchitectureAsString()).isEqualTo("X86_64");
        Map<String, String> env = new LinkedHashMap<>();
        task.containerDefinitions().get(0).environment().forEach(kv -> env.put(kv.name(), kv.value()));
        assertThat(env).containsEntry("AURORA_REFRESH_SCHEDULE", "30 5 * * 1-5")
                .containsEntry("AURORA_REFRESH_SCHEDULE_TIME_ZONE", "UTC");
        // the same line, as EventBridge writes it
        assertThat(scheduler.getSchedule(r -> r.name(NAME)).scheduleExpression()).isEqualTo("cron(30 5 ? * MON-FRI *)");
    }

    @Test
    void theScheduleRunsTheTaskOnFargateWithItsOwnRole() {
        GetScheduleResponse schedule = scheduler.getSchedule(r -> r.name(NAME));
        assertThat(schedule.scheduleExpression()).isEqualTo("cron(30 5 ? * MON-FRI *)");
        assertThat(schedule.target().arn()).isEqualTo(clusterArn);
        assertThat(schedule.target().roleArn()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":role/" + NAME + "-scheduler");
        assertThat(schedule.target().ecsParameters().launchTypeAsString()).isEqualTo("FARGATE");
        assertThat(schedule.target().ecsParameters().taskCount()).isEqualTo(1);
        assertThat(schedule.target().ecsParameters().networkConfiguration().awsvpcConfiguration().assignPublicIpAsString())
                .isEqualTo("DISABLED");
    }

    @Test
    void theTaskLogsToCloudWatchAndRunsLockedDown() {
        TaskDefinition task = task();
        ContainerDefinition c = task.containerDefinitions().get(0);
        assertThat(task.requiresCompatibilitiesAsStrings()).containsExactly("FARGATE");
        assertThat(task.taskRoleArn()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":role/" + NAME);
        assertThat(task.executionRoleArn()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":role/" + NAME + "-execution");
        assertThat(c.logConfiguration().logDriverAsString()).isEqualTo("awslogs");
        assertThat(c.logConfiguration().options()).containsEntry("awslogs-group", "/aurora-refresh/" + NAME)
                .containsEntry("awslogs-region", MotoAccount.REGION);
        assertThat(c.readonlyRootFilesystem()).isTrue();
        assertThat(c.user()).isEqualTo("1001");
        assertThat(c.command()).containsExactly("run");
    }

    @Test
    void theTaskSettingsAreOptionsTheApplicationReadsWithValuesItAccepts() {
        ContainerDefinition c = task().containerDefinitions().get(0);
        Map<String, String> env = new LinkedHashMap<>();
        c.environment().forEach((KeyValuePair kv) -> env.put(kv.name(), kv.value()));
        c.secrets().forEach(s -> env.put(s.name(), "(from " + s.valueFrom() + ")"));
        var valid = AppEnvironment.validNames();
        assertThat(env.keySet()).isNotEmpty().allSatisfy(n -> assertThat(valid).contains(n));
        assertThat(AppEnvironment.pipelineFrom(env).sourceClusterId()).isEqualTo("prod-db");
    }

    @Test
    void theTaskRoleCarriesThePolicyAsWritten() throws IOException {
        String policyArn = "arn:aws:iam::" + ACCOUNT + ":policy/" + NAME;
        assertThat(iam.listAttachedRolePolicies(r -> r.roleName(NAME)).attachedPolicies())
                .extracting(p -> p.policyArn()).containsExactly(policyArn);
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(taskRolePolicy())).isEqualTo(json.readTree(Files.readString(IamPolicyTest.POLICY)));
    }

    static String taskRolePolicy() {
        String policyArn = "arn:aws:iam::" + ACCOUNT + ":policy/" + NAME;
        String version = iam.getPolicy(r -> r.policyArn(policyArn)).policy().defaultVersionId();
        return URLDecoder.decode(iam.getPolicyVersion(r -> r.policyArn(policyArn).versionId(version))
                .policyVersion().document(), StandardCharsets.UTF_8);
    }

    @Test
    void theSchedulerMayRunOnlyThisTaskInThisCluster() throws IOException {
        IamPolicy policy = IamPolicy.parse(URLDecoder.decode(iam.getRolePolicy(r -> r.roleName(NAME + "-scheduler")
                .policyName("run-task")).policyDocument(), StandardCharsets.UTF_8));
        String taskDef = task().taskDefinitionArn();
        assertThat(policy.evaluate(new Authorization("ecs:RunTask", taskDef, Map.of("ecs:cluster", List.of(clusterArn)))))
                .isEqualTo(Decision.ALLOW);
        assertThat(policy.evaluate(new Authorization("ecs:RunTask", taskDef,
                Map.of("ecs:cluster", List.of("arn:aws:ecs:us-east-1:" + ACCOUNT + ":cluster/other")))))
                .isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(policy.evaluate(new Authorization("ecs:RunTask", "arn:aws:ecs:us-east-1:" + ACCOUNT
                + ":task-definition/other:1", Map.of("ecs:cluster", List.of(clusterArn))))).isEqualTo(Decision.IMPLICIT_DENY);
        for (String role : List.of(NAME, NAME + "-execution")) {
            assertThat(policy.evaluate(new Authorization("iam:PassRole", "arn:aws:iam::" + ACCOUNT + ":role/" + role,
                    Map.of("iam:PassedToService", List.of("ecs-tasks.amazonaws.com"))))).isEqualTo(Decision.ALLOW);
        }
        assertThat(policy.evaluate(new Authorization("iam:PassRole", "arn:aws:iam::" + ACCOUNT + ":role/admin",
                Map.of("iam:PassedToService", List.of("ecs-tasks.amazonaws.com"))))).isEqualTo(Decision.IMPLICIT_DENY);
    }

    @Test
    void iamAcceptsTheEksTrustPolicies() throws IOException {
        for (String trust : List.of("eks-irsa", "eks-pod-identity")) {
            String document = Files.readString(Path.of("iam/trust/" + trust + ".json"));
            assertThat(iam.createRole(r -> r.roleName("aurora-refresh-" + trust).assumeRolePolicyDocument(document))
                    .role().arn()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":role/aurora-refresh-" + trust);
        }
    }

    private static TaskDefinition task() {
        return ecs.describeTaskDefinition(r -> r.taskDefinition(NAME)).taskDefinition();
    }

    private static String image() {
        return task().containerDefinitions().get(0).image();
    }
}
