package dev.aurorarefresh.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aurorarefresh.core.Tags;
import dev.aurorarefresh.iam.PipelineGrant;
import dev.aurorarefresh.iam.PolicyDocuments;
import dev.aurorarefresh.pass.PassReport;
import dev.aurorarefresh.testing.IamPolicy;
import dev.aurorarefresh.testing.IamPolicy.Authorization;
import dev.aurorarefresh.testing.IamPolicy.Decision;
import dev.aurorarefresh.testing.IamRequests;
import dev.aurorarefresh.testing.IamRequests.Wire;
import dev.aurorarefresh.testing.MotoAccount;
import dev.aurorarefresh.testing.StrictTwin;
import dev.aurorarefresh.testing.StrictTwin.PolicyFill;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One role for two pipelines, the generator's documents ({@link PolicyDocuments}, what `aurora-refresh
 * iam-policy` prints and the Terraform module applies): {@code dev}, and {@code qa} whose prefix
 * {@code dev-qa} makes its clones match {@code dev-*}. Each pipeline's representative passes run
 * under the role's policies in the strict twin; then every request that would hand one pipeline's
 * clone to the other (claim it with the other's tag, join an instance with the other's tag,
 * restore onto its name) is refused, and no pipeline outside the role can be touched.
 */
class IamPolicyForSeveralPipelinesTest {
    static final String ACCOUNT = RepresentativePasses.ACCOUNT;
    static final String MONITORING = PolicyFill.MONITORING_ROLE;

    static MotoAccount moto;
    static String zoneId;
    static IamPolicy role;
    static RepresentativePasses.Recorded dev;
    static RepresentativePasses.Recorded qa;

    @BeforeAll
    static void runBothPipelinesUnderOneRole() throws Exception {
        moto = MotoAccount.fresh();
        moto.createSource("prod-db", "aurora-postgresql");
        zoneId = moto.createZone("example.internal");
        PolicyFill devFill = new PolicyFill("dev", "prod-db", "dev", "dev-db.example.internal", zoneId);
        PolicyFill qaFill = new PolicyFill("qa", "prod-db", "dev-qa", "qa-db.example.internal", zoneId);
        moto.twin.enforcePolicy(devFill, qaFill);
        role = IamPolicy.ofRole(PolicyDocuments.forRole(ACCOUNT, MotoAccount.REGION, List.of(devFill.grant(), qaFill.grant()))
                .values().stream().map(PolicyDocuments::text).toList());
        dev = RepresentativePasses.run(moto, "example.internal", zoneId, true, MONITORING,
                "--source-cluster", "prod-db", "--clone-prefix", "dev", "--record", "dev-db.example.internal");
        qa = RepresentativePasses.run(moto, "example.internal", zoneId, true, MONITORING,
                "--source-cluster", "prod-db", "--clone-prefix", "dev-qa", "--pipeline", "qa",
                "--record", "qa-db.example.internal");
    }

    @Test
    void eachPipelinesPassesAreAllowed() {
        assertThat(moto.twin.refusals(StrictTwin.Rule.IAM)).as("requests the twin answered AccessDenied").isEmpty();
        for (var passes : List.of(dev, qa)) {
            assertThat(passes.reports()).extracting(PassReport::outcome).startsWith(PassReport.Outcome.DONE,
                    PassReport.Outcome.NOTHING_TO_DO, PassReport.Outcome.DONE, PassReport.Outcome.DONE);
            assertThat(passes.authorizations()).allSatisfy(a -> assertThat(role.evaluate(a)).as(a.toString())
                    .isEqualTo(Decision.ALLOW));
        }
        assertThat(moto.recordValue(zoneId, "qa-db.example.internal")).isEqualTo(moto.cluster("dev-qa-20260102").endpoint());
        assertThat(moto.tagsOf("dev-qa-20260102")).containsEntry(Tags.PIPELINE, "qa");
        assertThat(moto.recordValue(zoneId, "dev-db.example.internal")).isEqualTo(moto.cluster("dev-20260102").endpoint());
    }

    @Test
    void noRequestHandsOnePipelinesCloneToTheOther() {
        List<String> allowed = new ArrayList<>();
        for (String[] pair : List.of(new String[] {"dev", "qa", "dev-qa"}, new String[] {"qa", "dev", "dev"})) {
            String ours = pair[0];
            String theirs = pair[1];
            String clone = pair[2] + "-20260105";
            Map<String, String> theirTags = Map.of(Tags.PIPELINE, theirs, Tags.SOURCE, "prod-db", Tags.LIFECYCLE, "connected");
            IamRequests model = new IamRequests(MotoAccount.REGION, ACCOUNT, arn -> arn.endsWith(":" + clone)
                    || arn.endsWith(":" + clone + "-1") ? theirTags : Map.of());
            Map<String, String> claim = new LinkedHashMap<>();
            claim.put(Tags.PIPELINE, ours);
            claim.put(Tags.SOURCE, "prod-db");
            List<Wire> tries = new ArrayList<>();
            for (Map<String, String> tags : List.of(Map.of(Tags.PIPELINE, ours), claim,
                    Map.of(Tags.PIPELINE, ours, Tags.LIFECYCLE, "created"))) {
                tries.add(new Wire("AddTagsToResource", tags, "ResourceName", rds("cluster", clone)));
                tries.add(new Wire("AddTagsToResource", tags, "ResourceName", rds("db", clone + "-1")));
                tries.add(new Wire("RestoreDBClusterToPointInTime", tags, "SourceDBClusterIdentifier", "prod-db",
                        "DBClusterIdentifier", clone));
                tries.add(new Wire("CreateDBInstance", tags, "DBInstanceIdentifier", clone + "-2", "DBClusterIdentifier", clone));
            }
            for (Wire request : tries) {
                if (model.authorizations(request).stream().allMatch(a -> role.evaluate(a) == Decision.ALLOW)) {
                    allowed.add(ours + ": " + request);
                }
            }
        }
        assertThat(allowed).isEmpty();
    }

    @Test
    void aPipelineOutsideTheRoleIsNeverTouchedAndTheSourceNeverChanged() {
        Map<String, List<String>> staging = Map.of("aws:ResourceTag/" + Tags.PIPELINE, List.of("staging"));
        for (String action : List.of("rds:ModifyDBCluster", "rds:DeleteDBCluster", "rds:AddTagsToResource")) {
            assertThat(role.evaluate(new Authorization(action, rds("cluster", "dev-staging-20260101"), staging)))
                    .as(action).isEqualTo(Decision.EXPLICIT_DENY);
            assertThat(role.evaluate(new Authorization(action, rds("cluster", "prod-db"),
                    Map.of("aws:ResourceTag/" + Tags.PIPELINE, List.of("dev"))))).as(action).isEqualTo(Decision.EXPLICIT_DENY);
        }
        assertThat(role.evaluate(new Authorization("rds:AddTagsToResource", rds("cluster", "dev-20260101"), Map.of(
                "aws:ResourceTag/" + Tags.PIPELINE, List.of("dev"), "aws:RequestTag/" + Tags.PIPELINE, List.of("staging"),
                "aws:TagKeys", List.of(Tags.PIPELINE))))).isEqualTo(Decision.EXPLICIT_DENY);
    }

    /** With one pipeline the generator writes iam/policy.json exactly (the README's example values). */
    @Test
    void forOnePipelineTheGeneratorWritesIamPolicyJson() throws Exception {
        var documents = PolicyDocuments.forRole(ACCOUNT, "us-east-1", List.of(new PipelineGrant("dev", "prod-db", "dev",
                IamPolicyTest.EXAMPLE_ZONE_ID, List.of("dev-db.example.internal"), true, Optional.of(MONITORING))));
        ObjectMapper json = new ObjectMapper();
        assertThat(documents.keySet()).containsExactly("dev");
        assertThat(documents.get("dev")).isEqualTo(json.readTree(Files.readString(IamPolicyTest.POLICY)));
    }

    private static String rds(String type, String id) {
        return "arn:aws:rds:us-east-1:" + ACCOUNT + ":" + type + ":" + id;
    }
}
