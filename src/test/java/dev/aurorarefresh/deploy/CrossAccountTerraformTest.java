package dev.aurorarefresh.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aurorarefresh.testing.MotoAccount;
import dev.aurorarefresh.testing.OtherAccount;
import dev.aurorarefresh.testing.StrictTwin;
import dev.aurorarefresh.testing.Terraform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.model.KmsKeyNotAccessibleException;

/**
 * terraform/examples/cross-account for real: formatted, initialised from the provider mirror and
 * valid; then applied to moto with two accounts, the production provider assuming a role of the
 * production account (moto hands out that account's keys), as far as moto allows: the source's
 * key policy (production) and the clones' key (development). moto's RAM has no
 * AssociateResourceShare nor ListResourceSharePermissions, which every aws_ram_* resource reads
 * back, so the share is made here with the one call moto has (CreateResourceShare naming the
 * cluster and the account, as the guide's CLI does). The strict twin then refuses the clone
 * before the key policy is applied and allows it after: the example grants what AWS requires.
 */
class CrossAccountTerraformTest {
    static final String PRODUCTION = "210987654321";
    static final String DIR = "examples/cross-account";
    static final ObjectMapper JSON = new ObjectMapper();
    /** What moto cannot apply (see the class comment); the module waits for it to take a cluster ARN. */
    static final List<String> APPLIED_ON_MOTO = List.of("aws_kms_key_policy.source", "aws_kms_key.clones");

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
    static Throwable refusedAfterApply;
    static String destroy;
    static String keyPolicyAfterDestroy;

    @BeforeAll
    static void applyTheExampleToTwoMotoAccounts() throws Exception {
        aws = MotoAccount.fresh();
        production = aws.otherAccount(PRODUCTION);
        sourceKey = production.createKey(List.of());
        sourceArn = production.createSource("prod-db", "aurora-postgresql", sourceKey).dbClusterArn();
        production.share(sourceArn, StrictTwin.ACCOUNT);

        tf = Terraform.copyOf(Path.of("terraform"), aws.server.endpoint());
        fmt = tf.run(DIR, "fmt", "-check", "-diff", "-no-color");
        tf.init(DIR);
        validate = tf.succeed(DIR, "validate", "-no-color");

        Files.writeString(tf.root().resolve(DIR + "/terraform.tfvars.json"), JSON.writeValueAsString(Map.ofEntries(
                Map.entry("production_role_arn", "arn:aws:iam::" + PRODUCTION + ":role/terraform"),
                Map.entry("source_cluster", "prod-db"), Map.entry("clone_prefix", "dev"),
                Map.entry("hosted_zone_id", "Z0123456789EXAMPLE"), Map.entry("record", "dev-db.example.internal"),
                Map.entry("instance_class", "db.r6g.large"), Map.entry("db_subnet_group", "dev-databases"),
                Map.entry("vpc_security_group_ids", List.of("sg-0123456789abcdef0")),
                Map.entry("db_cluster_parameter_group", "default.aurora-postgresql16"),
                Map.entry("db_parameter_group", "default.aurora-postgresql16"),
                Map.entry("image", StrictTwin.ACCOUNT + ".dkr.ecr.us-east-1.amazonaws.com/aurora-refresh:0.1.0"),
                Map.entry("ecs_cluster_arn", "arn:aws:ecs:us-east-1:" + StrictTwin.ACCOUNT + ":cluster/apps"),
                Map.entry("subnets", List.of("subnet-0123456789abcdef0")),
                Map.entry("security_groups", List.of("sg-0fedcba9876543210")))));

        refusedBeforeApply = cloneThroughTheTwin("dev-before", null);
        apply = tf.succeed(DIR, targeted("apply", "-auto-approve", "-input=false", "-no-color"));
        keyPolicyAfterApply = production.keyPolicy(sourceKey);
        outputs = JSON.readTree(tf.succeed(DIR, "output", "-json"));
        refusedAfterApply = cloneThroughTheTwin("dev-after", outputs.at("/clone_kms_key_arn/value").asText());
        destroy = tf.succeed(DIR, targeted("destroy", "-auto-approve", "-input=false", "-no-color"));
        keyPolicyAfterDestroy = production.keyPolicy(sourceKey);
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

    @Test
    void theExampleIsFormattedAndValid() {
        assertThat(fmt.exitCode()).as(fmt.output()).isZero();
        assertThat(validate).contains("Success! The configuration is valid.");
    }

    @Test
    void theSourcesKeyPolicyLetsTheDevelopmentAccountUseTheKeyAndKeepsProductionsAdministration() throws Exception {
        assertThat(apply).contains("Apply complete! Resources: 2 added");
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
    void theCloneIsRefusedWithoutTheKeyPolicyAndMadeWithIt() {
        assertThat(refusedBeforeApply).isInstanceOf(KmsKeyNotAccessibleException.class).hasMessageContaining(sourceKey);
        assertThat(refusedAfterApply).isNull();
        var clone = aws.rds.describeDBClusters(r -> r.dbClusterIdentifier("dev-after")).dbClusters().get(0);
        assertThat(clone.crossAccountClone()).isTrue();
        assertThat(clone.kmsKeyId()).isEqualTo(outputs.at("/clone_kms_key_arn/value").asText());
    }

    @Test
    void destroyingTheExampleTakesTheDevelopmentAccountsGrantOutOfTheKeyPolicy() {
        assertThat(destroy).contains("Destroy complete!");
        assertThat(keyPolicyAfterDestroy).as(keyPolicyAfterDestroy).doesNotContain(StrictTwin.ACCOUNT);
        assertThatThrownBy(() -> aws.rds.describeDBClusters(r -> r.dbClusterIdentifier("dev-before")))
                .as("the refused clone was never made").isInstanceOf(RuntimeException.class);
    }
}
