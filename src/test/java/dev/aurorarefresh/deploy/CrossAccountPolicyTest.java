package dev.aurorarefresh.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurorarefresh.cli.Parsing;
import dev.aurorarefresh.iam.DatabaseLogin;
import dev.aurorarefresh.iam.PipelineGrant;
import dev.aurorarefresh.iam.PolicyDocuments;
import dev.aurorarefresh.testing.IamPolicy;
import dev.aurorarefresh.testing.IamPolicy.Authorization;
import dev.aurorarefresh.testing.IamPolicy.Decision;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The generated policy of a pipeline whose source is shared from another account: the restore
 * from the source's ARN, the KMS grants RDS needs on the caller's behalf, and the secret RDS makes
 * for the clone's master password (docs/deploy.md, "Production in another account").
 */
class CrossAccountPolicyTest {
    static final String ACCOUNT = "123456789012";
    static final String PRODUCTION = "210987654321";
    static final String SOURCE = "arn:aws:rds:us-east-1:" + PRODUCTION + ":cluster:prod-db";
    static final String CLONE_KEY = "arn:aws:kms:us-east-1:" + ACCOUNT + ":key/1234abcd-12ab-34cd-56ef-1234567890ab";
    static final Map<String, List<String>> VIA_RDS = Map.of("kms:ViaService", List.of("rds.us-east-1.amazonaws.com"));

    static IamPolicy policy() throws Exception {
        var pipeline = Parsing.pipeline(Map.of(), "--source-cluster", SOURCE, "--clone-prefix", "dev",
                "--hosted-zone-id", "Z0123456789EXAMPLE", "--record", "dev-db.example.internal", "--instance-class", "db.r6g.large",
                "--db-subnet-group", "dev-databases", "--vpc-security-group-ids", "sg-0123456789abcdef0",
                "--db-cluster-parameter-group", "dev-cluster-params", "--db-parameter-group", "dev-instance-params",
                "--kms-key-id", CLONE_KEY);
        var grant = PipelineGrant.of(pipeline, DatabaseLogin.NONE);
        return IamPolicy.ofRole(PolicyDocuments.forRole(ACCOUNT, "us-east-1", List.of(grant)).values().stream()
                .map(PolicyDocuments::text).toList());
    }

    @Test
    void theRestoreFromTheSharedSourcesArnIsAllowedAndTheSourceNeverChanged() throws Exception {
        IamPolicy p = policy();
        Map<String, List<String>> tags = Map.of("aws:RequestTag/aurora-refresh:pipeline", List.of("dev"),
                "aws:RequestTag/aurora-refresh:source", List.of(SOURCE));

        assertThat(p.evaluate(new Authorization("rds:RestoreDBClusterToPointInTime", SOURCE, tags))).isEqualTo(Decision.ALLOW);
        assertThat(p.evaluate(new Authorization("rds:RestoreDBClusterToPointInTime",
                "arn:aws:rds:us-east-1:" + PRODUCTION + ":cluster:billing-db", tags))).isNotEqualTo(Decision.ALLOW);
        assertThat(p.evaluate(new Authorization("rds:ModifyDBCluster", SOURCE, Map.of()))).isEqualTo(Decision.EXPLICIT_DENY);
    }

    @Test
    void rdsMayUseTheClonesKeyAndTheSourceAccountsKeysOnlyForRds() throws Exception {
        IamPolicy p = policy();

        for (String action : List.of("kms:CreateGrant", "kms:DescribeKey", "kms:Decrypt")) {
            assertThat(p.evaluate(new Authorization(action, CLONE_KEY, VIA_RDS))).as(action).isEqualTo(Decision.ALLOW);
            assertThat(p.evaluate(new Authorization(action, "arn:aws:kms:us-east-1:" + PRODUCTION + ":key/any", VIA_RDS)))
                    .as(action).isEqualTo(Decision.ALLOW);
        }
        // kms:DescribeKey of the account's keys stands on its own: RDS describes aws/secretsmanager for the managed secret
        for (String action : List.of("kms:CreateGrant", "kms:Decrypt")) {
            assertThat(p.evaluate(new Authorization(action, CLONE_KEY, Map.of()))).as(action + " not through RDS")
                    .isNotEqualTo(Decision.ALLOW);
        }
        assertThat(p.evaluate(new Authorization("kms:Decrypt", "arn:aws:kms:us-east-1:111122223333:key/other", VIA_RDS)))
                .isNotEqualTo(Decision.ALLOW);
    }

    @Test
    void rdsMayMakeTheClonesMasterSecretAndNoOtherSecret() throws Exception {
        IamPolicy p = policy();
        String secret = "arn:aws:secretsmanager:us-east-1:" + ACCOUNT + ":secret:rds!cluster-0b8e-AbCdEf";

        assertThat(p.evaluate(new Authorization("secretsmanager:CreateSecret", secret, Map.of()))).isEqualTo(Decision.ALLOW);
        assertThat(p.evaluate(new Authorization("secretsmanager:TagResource", secret, Map.of()))).isEqualTo(Decision.ALLOW);
        assertThat(p.evaluate(new Authorization("secretsmanager:GetSecretValue", secret, Map.of()))).isNotEqualTo(Decision.ALLOW);
        assertThat(p.evaluate(new Authorization("secretsmanager:CreateSecret",
                "arn:aws:secretsmanager:us-east-1:" + ACCOUNT + ":secret:prod/app-AbCdEf", Map.of()))).isNotEqualTo(Decision.ALLOW);
    }

    /**
     * IAM names a KMS key by its key ARN only, never by an alias (the KMS guide, "Specifying KMS keys
     * in IAM policy statements"): the clones' key given by alias is any key of the alias's account
     * that has the alias (kms:ResourceAliases, which KMS evaluates on the key).
     */
    @Test
    void aClonesKeyGivenByAliasIsTheKeyWithThatAliasOnly() throws Exception {
        String devKey = "arn:aws:kms:us-east-1:" + ACCOUNT + ":key/0b3e4f5a-12ab-34cd-56ef-1234567890ab";
        String otherKey = "arn:aws:kms:us-east-1:" + PRODUCTION + ":key/77aa88bb-12ab-34cd-56ef-1234567890ab";
        Map<String, List<String>> aliased = Map.of("kms:ViaService", List.of("rds.us-east-1.amazonaws.com"),
                "kms:ResourceAliases", List.of("alias/dev-clones"));
        for (String given : List.of("alias/dev-clones", "arn:aws:kms:us-east-1:" + ACCOUNT + ":alias/dev-clones")) {
            var pipeline = Parsing.pipeline(Map.of(), "--source-cluster", "prod-db", "--clone-prefix", "dev",
                    "--hosted-zone-id", "Z0123456789EXAMPLE", "--record", "dev-db.example.internal", "--kms-key-id", given);
            IamPolicy p = IamPolicy.ofRole(PolicyDocuments.forRole(ACCOUNT, "us-east-1", List.of(PipelineGrant.of(pipeline,
                    DatabaseLogin.NONE))).values().stream().map(PolicyDocuments::text).toList());

            assertThat(p.evaluate(new Authorization("kms:CreateGrant", devKey, aliased))).as(given).isEqualTo(Decision.ALLOW);
            assertThat(p.evaluate(new Authorization("kms:CreateGrant", devKey, VIA_RDS))).as(given + ", a key without the alias")
                    .isNotEqualTo(Decision.ALLOW);
            assertThat(p.evaluate(new Authorization("kms:CreateGrant", otherKey, aliased))).as(given + ", another account's key")
                    .isNotEqualTo(Decision.ALLOW);
            assertThat(p.evaluate(new Authorization("kms:CreateGrant", devKey, Map.of("kms:ResourceAliases",
                    List.of("alias/dev-clones"))))).as(given + ", not through RDS").isNotEqualTo(Decision.ALLOW);
        }
    }

    @Test
    void aSameAccountPipelineKeepingThePasswordGetsNoneOfIt() throws Exception {
        assertThat(sameAccountPolicy("--master-password", "keep")).doesNotContain("kms:").doesNotContain("secretsmanager:CreateSecret");
    }

    @Test
    void aSameAccountPipelineGetsTheManagedSecretByDefault() throws Exception {
        assertThat(sameAccountPolicy()).contains("LetRdsKeepTheClonesMasterPassword", "DescribeTheMasterSecretsKey")
                .doesNotContain("EncryptTheMasterSecretWithItsKey", "UseTheSharedSourcesKey");
    }

    @Test
    void aCustomerKeyForTheMasterSecretIsUsableForThatSecretOnly() throws Exception {
        String key = "arn:aws:kms:us-east-1:" + ACCOUNT + ":key/5ec7e7ab-0000-4000-8000-000000000001";
        var doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(sameAccountPolicy("--master-user-secret-kms-key-id", key));
        var statement = java.util.stream.StreamSupport.stream(doc.path("Statement").spliterator(), false)
                .filter(s -> s.path("Sid").asText().equals("EncryptTheMasterSecretWithItsKey")).findFirst().orElseThrow();
        // the Aurora guide's "Permissions required for Secrets Manager integration", for a customer managed key
        assertThat(statement.path("Action").toString())
                .isEqualTo("[\"kms:CreateGrant\",\"kms:Decrypt\",\"kms:DescribeKey\",\"kms:GenerateDataKey\"]");
        assertThat(statement.path("Resource").asText()).isEqualTo(key);
        // a key id is this account's key
        assertThat(sameAccountPolicy("--master-user-secret-kms-key-id", "5ec7e7ab-0000-4000-8000-000000000001"))
                .contains("arn:aws:kms:us-east-1:" + ACCOUNT + ":key/5ec7e7ab-0000-4000-8000-000000000001");
    }

    private static String sameAccountPolicy(String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("--source-cluster", "prod-db", "--clone-prefix", "dev",
                "--hosted-zone-id", "Z0123456789EXAMPLE", "--record", "dev-db.example.internal"));
        args.addAll(List.of(more));
        var pipeline = Parsing.pipeline(Map.of(), args.toArray(String[]::new));
        return PolicyDocuments.forRole(ACCOUNT, "us-east-1", List.of(PipelineGrant.of(pipeline, DatabaseLogin.NONE)))
                .values().stream().map(PolicyDocuments::text).reduce("", String::concat);
    }
}
