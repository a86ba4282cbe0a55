package dev.aurorarefresh.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aurorarefresh.testing.IamPolicy;
import dev.aurorarefresh.testing.IamPolicy.Authorization;
import dev.aurorarefresh.testing.IamPolicy.Decision;
import dev.aurorarefresh.testing.MotoAccount;
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
 * created: the second full run updates what the first created. Then the SDK reads back the task
 * definitions, the schedule and the roles.
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
    static String secretArn;
    static String parameterArn;

    record Run(int exitCode, String output) {
    }

    @BeforeAll
    static void deployTwice() throws Exception {
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
        secondRun = deploy("example.org/aurora-refresh:0.1.1", "subnet-0123456789abcdef0", Map.of());
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
        assertThat(c.environment()).extracting(KeyValuePair::name).contains("AURORA_REFRESH_DB_USER")
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
        assertThat(first.environment()).extracting(KeyValuePair::name).doesNotContain("AURORA_REFRESH_DB_USER")
                .contains("AURORA_REFRESH_SOURCE_CLUSTER");
        assertThat(IamPolicy.parse(executionPolicyAfterFirstRun).allowedActions())
                .noneMatch(a -> a.startsWith("secretsmanager:") || a.startsWith("ssm:"));
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
        assertThat(image()).isEqualTo("example.org/aurora-refresh:0.1.1");
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
        String version = iam.getPolicy(r -> r.policyArn(policyArn)).policy().defaultVersionId();
        String document = URLDecoder.decode(iam.getPolicyVersion(r -> r.policyArn(policyArn).versionId(version))
                .policyVersion().document(), StandardCharsets.UTF_8);
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(document)).isEqualTo(json.readTree(Files.readString(IamPolicyTest.POLICY)));
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
