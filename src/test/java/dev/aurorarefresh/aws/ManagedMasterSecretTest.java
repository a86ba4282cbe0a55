package dev.aurorarefresh.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aurorarefresh.core.Pipeline;
import dev.aurorarefresh.core.Step;
import dev.aurorarefresh.iam.DatabaseLogin;
import dev.aurorarefresh.iam.PipelineGrant;
import dev.aurorarefresh.iam.PolicyDocuments;
import dev.aurorarefresh.pass.PassReport;
import dev.aurorarefresh.pass.RefreshPass;
import dev.aurorarefresh.port.ReadinessCheck;
import dev.aurorarefresh.testing.FakeClock;
import dev.aurorarefresh.testing.IamPolicy;
import dev.aurorarefresh.testing.IamPolicy.Authorization;
import dev.aurorarefresh.testing.MotoAccount;
import dev.aurorarefresh.testing.Pipelines;
import dev.aurorarefresh.testing.StrictTwin;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * The default --master-password managed through the strict twin with the pipeline's policy in
 * force: RDS makes the clone's master secret with the caller's permissions (the Aurora guide's
 * "Permissions required for Secrets Manager integration"), so a policy without them fails the
 * pass with AccessDenied; the secret moto keeps is tagged as RDS tags it, holds the clone's
 * master user and a new password, and goes with the cluster.
 */
class ManagedMasterSecretTest {
    static final Instant DAY1 = Instant.parse("2026-03-02T03:00:00Z");
    static final String SOURCE_PASSWORD = "not-a-real-secret"; // MotoAccount.createSource's
    static final ObjectMapper JSON = new ObjectMapper();

    MotoAccount aws;
    String zoneId;

    @BeforeEach
    void account() {
        aws = MotoAccount.fresh();
        aws.createSource("prod-db", "aurora-postgresql");
        zoneId = aws.createZone("example.internal");
    }

    @Test
    void withoutTheSecretStatementThePassIsRefusedAndWithTheGeneratedPolicyItPasses() throws Exception {
        aws.twin.enforcePolicy(policyOf(grant(Optional.empty()), "LetRdsKeepTheClonesMasterPassword"));
        PassReport refused = pass(Pipelines.dev().build(), DAY1);

        assertThat(refused.outcome()).isEqualTo(PassReport.Outcome.FAILED);
        assertThat(refused.message()).contains("AccessDenied", "secretsmanager:CreateSecret", "rds!cluster-");
        assertThat(aws.twin.refusals(StrictTwin.Rule.IAM)).isNotEmpty();
        assertThat(aws.tagsOf("dev-20260302")).containsEntry("aurora-refresh:lifecycle", "created");

        aws.twin.enforcePolicy(policyOf(grant(Optional.empty()), null));
        PassReport granted = pass(Pipelines.dev().build(), DAY1.plusSeconds(600));
        assertThat(granted.outcome()).as(granted.message()).isEqualTo(PassReport.Outcome.DONE);
        assertThat(aws.tagsOf("dev-20260302")).containsEntry("aurora-refresh:lifecycle", "connected");
        assertThat(aws.twin.authorizations()).extracting(Authorization::action)
                .contains("secretsmanager:CreateSecret", "secretsmanager:TagResource", "kms:DescribeKey");
    }

    @Test
    void theSecretIsTaggedAsRdsTagsItHoldsANewPasswordAndGoesWithTheCluster() throws Exception {
        assertThat(pass(Pipelines.dev().build(), DAY1).outcome()).isEqualTo(PassReport.Outcome.DONE);
        var clone = aws.cluster("dev-20260302");
        String secretArn = clone.masterUserSecret().secretArn();

        var sm = aws.secretsManagerLookups();
        var described = sm.describeSecret(r -> r.secretId(secretArn));
        assertThat(described.name()).startsWith("rds!cluster-");
        Map<String, String> tags = new HashMap<>();
        described.tags().forEach(t -> tags.put(t.key(), t.value()));
        assertThat(tags).containsEntry("aws:rds:primaryDBClusterArn", clone.dbClusterArn())
                .containsEntry("aws:secretsmanager:owningService", "rds");
        JsonNode value = JSON.readTree(sm.getSecretValue(r -> r.secretId(secretArn)).secretString());
        assertThat(value.path("username").asText()).isEqualTo(clone.masterUsername());
        assertThat(value.path("password").asText()).hasSize(28).isNotEqualTo(SOURCE_PASSWORD);

        // the next day's pass replaces the clone, and clean deletes it: its secret goes with it
        aws.twin.without(StrictTwin.Rule.DELETING_LINGERS);
        assertThat(pass(Pipelines.dev().build(), DAY1.plusSeconds(86_400)).outcome()).isEqualTo(PassReport.Outcome.DONE);
        assertThat(aws.clusterExists("dev-20260302")).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> sm.describeSecret(r -> r.secretId(secretArn)))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void aCustomerKeyEncryptsTheSecretAndTheCallerUsesIt() throws Exception {
        String key = aws.otherAccount(StrictTwin.ACCOUNT).createKey(List.of());
        aws.twin.enforcePolicy(policyOf(grant(Optional.of(key)), null));

        PassReport report = pass(Pipelines.dev().withMasterSecretKey(key).build(), DAY1);

        assertThat(report.outcome()).as(report.message()).isEqualTo(PassReport.Outcome.DONE);
        assertThat(aws.cluster("dev-20260302").masterUserSecret().kmsKeyId()).isEqualTo(key);
        for (String action : List.of("kms:DescribeKey", "kms:Decrypt", "kms:GenerateDataKey", "kms:CreateGrant")) {
            assertThat(aws.twin.authorizations()).contains(new Authorization(action, key, Map.of()));
        }
        // without the key's statement RDS may not use the key for the caller
        MotoAccount again = MotoAccount.fresh();
        again.createSource("prod-db", "aurora-postgresql");
        String zone = again.createZone("example.internal");
        String otherKey = again.otherAccount(StrictTwin.ACCOUNT).createKey(List.of());
        again.twin.enforcePolicy(policyOf(new PipelineGrant("dev", "prod-db", "dev", zone, List.of("dev-db.example.internal"),
                true, Optional.of(StrictTwin.PolicyFill.MONITORING_ROLE), DatabaseLogin.NONE, Optional.empty(), true,
                Optional.of(otherKey), Optional.empty()), "EncryptTheMasterSecretWithItsKey"));
        FakeClock clock = new FakeClock(DAY1);
        PassReport refused = new RefreshPass(again.rdsPort(), again.dnsPort(), ReadinessCheck.AVAILABLE_IS_READY, clock, clock,
                new Random(1)).run(Pipelines.dev().withMasterSecretKey(otherKey).build(), Step.ALL, false);
        assertThat(refused.outcome()).isEqualTo(PassReport.Outcome.FAILED);
        assertThat(refused.message()).contains("AccessDenied", otherKey);
    }

    private PipelineGrant grant(Optional<String> secretKey) {
        return new PipelineGrant("dev", "prod-db", "dev", zoneId, List.of("dev-db.example.internal"), true,
                Optional.of(StrictTwin.PolicyFill.MONITORING_ROLE), DatabaseLogin.NONE, Optional.empty(), true, secretKey,
                Optional.empty());
    }

    /** The generator's policy for {@code grant}, without the statement {@code missing} (null: all of it). */
    private static IamPolicy policyOf(PipelineGrant grant, String missing) throws Exception {
        ObjectNode doc = PolicyDocuments.forPipeline(StrictTwin.ACCOUNT, MotoAccount.REGION, grant, List.of(grant.pipeline()));
        ArrayNode statements = (ArrayNode) doc.get("Statement");
        boolean removed = false;
        for (int i = statements.size() - 1; i >= 0; i--) {
            if (statements.get(i).path("Sid").asText().equals(missing)) {
                statements.remove(i);
                removed = true;
            }
        }
        assertThat(removed || missing == null).as("the generated policy has " + missing).isTrue();
        return IamPolicy.parse(PolicyDocuments.text(doc));
    }

    private PassReport pass(Pipeline pipeline, Instant at) {
        FakeClock clock = new FakeClock(at);
        return new RefreshPass(aws.rdsPort(), aws.dnsPort(), ReadinessCheck.AVAILABLE_IS_READY, clock, clock, new Random(1))
                .run(pipeline, Step.ALL, false);
    }
}
