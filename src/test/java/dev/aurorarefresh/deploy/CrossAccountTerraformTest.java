package dev.aurorarefresh.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aurorarefresh.core.MasterPassword;
import dev.aurorarefresh.core.Pipeline;
import dev.aurorarefresh.core.Step;
import dev.aurorarefresh.core.Tags;
import dev.aurorarefresh.iam.DatabaseLogin;
import dev.aurorarefresh.iam.PipelineGrant;
import dev.aurorarefresh.iam.PolicyDocuments;
import dev.aurorarefresh.pass.PassReport;
import dev.aurorarefresh.pass.RefreshPass;
import dev.aurorarefresh.port.ReadinessCheck;
import dev.aurorarefresh.testing.FakeClock;
import dev.aurorarefresh.testing.IamPolicy;
import dev.aurorarefresh.testing.MotoAccount;
import dev.aurorarefresh.testing.OtherAccount;
import dev.aurorarefresh.testing.StrictTwin;
import dev.aurorarefresh.testing.Terraform;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.rds.model.KmsKeyNotAccessibleException;

/**
 * terraform/examples/cross-account for real: formatted, initialised from the provider mirror and
 * valid; then applied to moto with two accounts, the production provider assuming a role of the
 * production account (moto hands out that account's keys), as far as moto allows: the source's
 * key policy (production), the clones' key and the job through the module (development: role,
 * policy, task, schedule). moto's RAM has no AssociateResourceShare nor
 * ListResourceSharePermissions, which every aws_ram_* resource reads back, so the share is made
 * here with the one call moto has (CreateResourceShare naming the cluster and the account, as the
 * guide's CLI does). The strict twin then refuses the clone before the key policy is applied; after
 * it, a whole pass of the pipeline the task runs, with the role's policy as IAM stored it in force,
 * clones the shared source, replaces the master password and connects the clone: the example grants
 * what AWS requires, on both sides.
 */
class CrossAccountTerraformTest {
    static final String PRODUCTION = "210987654321";
    static final String DIR = "examples/cross-account";
    static final ObjectMapper JSON = new ObjectMapper();
    /** All but the RAM share, which moto cannot apply (see the class comment). */
    static final List<String> APPLIED_ON_MOTO = List.of("aws_kms_key_policy.source", "aws_kms_key.clones", "module.aurora_refresh");
    static final String ROLE = "aurora-refresh";
    static final String ZONE = "dev.internal";
    static final String RECORD = "dev-db.dev.internal";

    static MotoAccount aws;
    static OtherAccount production;
    static Terraform tf;
    static Terraform.Result fmt;
    static String validate;
    static String sourceArn;
    static String sourceKey;
    static String apply;
    static String keyPolicyAfterApply;
    static JsonNode outputs;
    static Throwable refusedBeforeApply;
    static String zoneId;
    static Map<String, String> taskEnvironment;
    static List<String> rolePolicies;
    static PassReport passAfterApply;
    static String destroy;
    static String keyPolicyAfterDestroy;

    @BeforeAll
    static void applyTheExampleToTwoMotoAccounts() throws Exception {
        aws = MotoAccount.fresh();
        production = aws.otherAccount(PRODUCTION);
        sourceKey = production.createKey(List.of());
        sourceArn = production.createSource("prod-db", "aurora-postgresql", sourceKey).dbClusterArn();
        production.share(sourceArn, StrictTwin.ACCOUNT);
        zoneId = aws.createZone(ZONE);
        // what the clones get in this account instead of production's settings
        aws.seedRds.createDBClusterParameterGroup(r -> r.dbClusterParameterGroupName("dev-cluster-params")
                .dbParameterGroupFamily("aurora-postgresql16").description("clones"));
        aws.seedRds.createDBParameterGroup(r -> r.dbParameterGroupName("dev-instance-params")
                .dbParameterGroupFamily("aurora-postgresql16").description("clones"));

        tf = Terraform.copyOf(Path.of("terraform"), aws.server.endpoint());
        fmt = tf.run(DIR, "fmt", "-check", "-diff", "-no-color");
        tf.init(DIR);
        validate = tf.succeed(DIR, "validate", "-no-color");

        Files.writeString(tf.root().resolve(DIR + "/terraform.tfvars.json"), JSON.writeValueAsString(Map.ofEntries(
                Map.entry("production_role_arn", "arn:aws:iam::" + PRODUCTION + ":role/terraform"),
                Map.entry("source_cluster", "prod-db"), Map.entry("clone_prefix", "dev"),
                Map.entry("hosted_zone_id", zoneId), Map.entry("record", RECORD),
                Map.entry("instance_class", "db.r6g.large"), Map.entry("db_subnet_group", "dev-databases"),
                Map.entry("vpc_security_group_ids", List.of("sg-0123456789abcdef0")),
                Map.entry("db_cluster_parameter_group", "dev-cluster-params"),
                Map.entry("db_parameter_group", "dev-instance-params"),
                Map.entry("image", StrictTwin.ACCOUNT + ".dkr.ecr.us-east-1.amazonaws.com/aurora-refresh:0.1.0"),
                Map.entry("ecs_cluster_arn", "arn:aws:ecs:us-east-1:" + StrictTwin.ACCOUNT + ":cluster/apps"),
                Map.entry("subnets", List.of("subnet-0123456789abcdef0")),
                Map.entry("security_groups", List.of("sg-0fedcba9876543210")))));

        refusedBeforeApply = cloneThroughTheTwin("dev-before", null);
        apply = tf.succeed(DIR, targeted("apply", "-auto-approve", "-input=false", "-no-color"));
        keyPolicyAfterApply = production.keyPolicy(sourceKey);
        outputs = JSON.readTree(tf.succeed(DIR, "output", "-json"));
        readTheJobBack();
        passAfterApply = passWithTheRolesPolicyInForce();
        destroy = tf.succeed(DIR, targeted("destroy", "-auto-approve", "-input=false", "-no-color"));
        keyPolicyAfterDestroy = production.keyPolicy(sourceKey);
    }

    /** The task's settings and the role's policies, as ECS and IAM stored them. */
    private static void readTheJobBack() {
        URI endpoint = URI.create(aws.server.endpoint());
        try (IamClient iam = IamClient.builder().endpointOverride(endpoint).region(Region.AWS_GLOBAL)
                .credentialsProvider(MotoAccount.testCredentials()).httpClient(UrlConnectionHttpClient.create()).build();
                EcsClient ecs = EcsClient.builder().endpointOverride(endpoint).region(Region.of(MotoAccount.REGION))
                        .credentialsProvider(MotoAccount.testCredentials()).httpClient(UrlConnectionHttpClient.create()).build()) {
            rolePolicies = new ArrayList<>();
            for (var attached : iam.listAttachedRolePolicies(r -> r.roleName(ROLE)).attachedPolicies()) {
                String version = iam.getPolicy(r -> r.policyArn(attached.policyArn())).policy().defaultVersionId();
                rolePolicies.add(URLDecoder.decode(iam.getPolicyVersion(r -> r.policyArn(attached.policyArn()).versionId(version))
                        .policyVersion().document(), StandardCharsets.UTF_8));
            }
            taskEnvironment = new LinkedHashMap<>();
            ecs.describeTaskDefinition(r -> r.taskDefinition(ROLE + "-dev")).taskDefinition().containerDefinitions().get(0)
                    .environment().forEach(kv -> taskEnvironment.put(kv.name(), kv.value()));
        }
    }

    /** The pass the task runs (its settings), the strict twin holding every request to the role's policies. */
    private static PassReport passWithTheRolesPolicyInForce() throws Exception {
        aws.twin.enforcePolicy(IamPolicy.ofRole(rolePolicies));
        FakeClock clock = new FakeClock(Instant.parse("2026-01-01T03:00:00Z"));
        RefreshPass pass = new RefreshPass(aws.rdsPort(), aws.dnsPort(), ReadinessCheck.AVAILABLE_IS_READY, clock, clock,
                new Random(7));
        return pass.run(AppEnvironment.pipelineFrom(taskEnvironment), Step.ALL, false);
    }

    private static String[] targeted(String... command) {
        List<String> args = new ArrayList<>(List.of(command));
        APPLIED_ON_MOTO.forEach(t -> args.add("-target=" + t));
        return args.toArray(String[]::new);
    }

    /** A restore of the shared source through the twin, with the clone's key (null: a key of this account's own); what refused it, or null. */
    private static Throwable cloneThroughTheTwin(String id, String kmsKeyId) {
        String key = kmsKeyId != null ? kmsKeyId : aws.otherAccount(StrictTwin.ACCOUNT).createKey(List.of());
        try {
            aws.rds.restoreDBClusterToPointInTime(r -> r.dbClusterIdentifier(id).sourceDBClusterIdentifier(sourceArn)
                    .restoreType("copy-on-write").useLatestRestorableTime(true).kmsKeyId(key));
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    private static int added() {
        return Integer.parseInt(apply.replaceAll("(?s).*Apply complete! Resources: (\\d+) added.*", "$1"));
    }

    @Test
    void theExampleIsFormattedAndValid() {
        assertThat(fmt.exitCode()).as(fmt.output()).isZero();
        assertThat(validate).contains("Success! The configuration is valid.");
    }

    @Test
    void theSourcesKeyPolicyLetsTheDevelopmentAccountUseTheKeyAndKeepsProductionsAdministration() throws Exception {
        assertThat(added()).as("the key policy, the clones' key and the job: role, policy, task, schedule and the rest")
                .isGreaterThan(10);
        JsonNode statements = JSON.readTree(keyPolicyAfterApply).path("Statement");
        assertThat(statements).hasSize(3);
        assertThat(statements.get(0).at("/Principal/AWS").asText()).isEqualTo("arn:aws:iam::" + PRODUCTION + ":root");
        assertThat(statements.get(0).path("Action").asText()).isEqualTo("kms:*");
        for (int i = 1; i <= 2; i++) {
            assertThat(statements.get(i).at("/Principal/AWS").asText()).isEqualTo("arn:aws:iam::" + StrictTwin.ACCOUNT + ":root");
            assertThat(statements.get(i).path("Action").toString()).contains("kms:CreateGrant");
        }
        assertThat(statements.get(1).path("Action").toString()).contains("kms:Decrypt", "kms:DescribeKey");
        assertThat(statements.get(2).at("/Condition/Bool/kms:GrantIsForAWSResource").asText()).isEqualTo("true");
        assertThat(outputs.at("/source_cluster_arn/value").asText()).isEqualTo(sourceArn);
        assertThat(JSON.readTree(outputs.at("/source_key_policy_statements/value").asText()))
                .isEqualTo(JSON.createArrayNode().add(statements.get(1)).add(statements.get(2)));
    }

    @Test
    void theClonesKeyIsTheDevelopmentAccountsOwn() {
        assertThat(outputs.at("/clone_kms_key_arn/value").asText()).startsWith("arn:aws:kms:us-east-1:" + StrictTwin.ACCOUNT + ":key/");
    }

    @Test
    void theCloneIsRefusedWithoutTheKeyPolicyAndMadeWithItByThePassTheTaskRunsUnderTheRolesPolicy() {
        assertThat(refusedBeforeApply).isInstanceOf(KmsKeyNotAccessibleException.class).hasMessageContaining(sourceKey);
        assertThat(passAfterApply.outcome()).as(passAfterApply.toString()).isEqualTo(PassReport.Outcome.DONE);
        var clone = aws.rds.describeDBClusters(r -> r.dbClusterIdentifier("dev-20260101")).dbClusters().get(0);
        assertThat(clone.crossAccountClone()).isTrue();
        assertThat(clone.kmsKeyId()).isEqualTo(outputs.at("/clone_kms_key_arn/value").asText());
        assertThat(clone.masterUserSecret().secretArn()).as("production's master password replaced").contains(":secret:rds!cluster-");
        assertThat(aws.tagsOf("dev-20260101")).containsEntry(Tags.LIFECYCLE, "connected").containsEntry(Tags.SOURCE, sourceArn);
        assertThat(aws.recordValue(zoneId, RECORD)).isEqualTo(clone.endpoint());
        // the twin's IAM model covers the RDS and Route53 requests, not the KMS and Secrets Manager use RDS makes for the caller
        assertThat(aws.twin.authorizations()).as("the requests the role's policy allowed")
                .extracting(IamPolicy.Authorization::action, IamPolicy.Authorization::resource)
                .contains(tuple("rds:RestoreDBClusterToPointInTime", sourceArn),
                        tuple("rds:ModifyDBCluster", "arn:aws:rds:us-east-1:" + StrictTwin.ACCOUNT + ":cluster:dev-20260101"));
    }

    /** The policy the module wrote is what `iam-policy` writes for the pipeline the task runs: the restore from the ARN, the keys, the managed secret. */
    @Test
    void theRolesPolicyIsWhatTheGeneratorWritesForThePipelineTheTaskRuns() throws Exception {
        Pipeline pipeline = AppEnvironment.pipelineFrom(taskEnvironment);
        assertThat(pipeline.sourceClusterId()).isEqualTo(sourceArn);
        assertThat(pipeline.settings().kmsKeyId()).contains(outputs.at("/clone_kms_key_arn/value").asText());
        assertThat(pipeline.settings().masterPassword()).isEqualTo(MasterPassword.MANAGED);
        assertThat(taskEnvironment.keySet()).allSatisfy(n -> assertThat(AppEnvironment.validNames()).contains(n));
        List<JsonNode> module = new ArrayList<>();
        for (String document : rolePolicies) {
            module.add(JSON.readTree(document));
        }
        assertThat(module).containsExactlyElementsOf(PolicyDocuments.forRole(StrictTwin.ACCOUNT, MotoAccount.REGION,
                List.of(PipelineGrant.of(pipeline, DatabaseLogin.NONE))).values());
        assertThat(module.toString()).contains("\"UseTheSharedSourcesKey\"", "\"EncryptClonesWithTheirKey\"",
                "\"LetRdsKeepTheClonesMasterPassword\"", "\"DescribeTheMasterSecretsKey\"");
    }

    @Test
    void destroyingTheExampleTakesTheDevelopmentAccountsGrantOutOfTheKeyPolicy() {
        assertThat(keyPolicyAfterDestroy).as(keyPolicyAfterDestroy).doesNotContain(StrictTwin.ACCOUNT);
        assertThat(destroy).contains("Destroy complete! Resources: " + added() + " destroyed.");
        assertThatThrownBy(() -> aws.rds.describeDBClusters(r -> r.dbClusterIdentifier("dev-before")))
                .as("the refused clone was never made").isInstanceOf(RuntimeException.class);
    }
}
