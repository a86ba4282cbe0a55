package dev.aurorarefresh.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aurorarefresh.cli.PipelineOptions;
import dev.aurorarefresh.core.Pipeline;
import dev.aurorarefresh.core.Step;
import dev.aurorarefresh.iam.PolicyDocuments;
import dev.aurorarefresh.pass.PassReport;
import dev.aurorarefresh.pass.RefreshPass;
import dev.aurorarefresh.port.ReadinessCheck;
import dev.aurorarefresh.testing.FakeClock;
import dev.aurorarefresh.testing.IamPolicy;
import dev.aurorarefresh.testing.IamPolicy.Authorization;
import dev.aurorarefresh.testing.MonitoredWriter;
import dev.aurorarefresh.testing.MotoAccount;
import dev.aurorarefresh.testing.StrictTwin;
import dev.aurorarefresh.testing.StrictTwin.PolicyFill;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * What broke a first real deploy, under the generated policy in the strict twin: a source whose
 * writer has enhanced monitoring (its clone's instance passes the role to rds.amazonaws.com), and
 * a clean with --final-snapshot (a CreateDBClusterSnapshot of the clone, its tags copied to the
 * snapshot). The policy as it was refuses both.
 */
class PolicyOnFirstDeployTest {
    static final String ROLE = PolicyFill.MONITORING_ROLE;

    MotoAccount moto;
    String zoneId;
    FakeClock clock;

    @BeforeEach
    void aSourceWithEnhancedMonitoringAndCopyTagsToSnapshot() {
        moto = MotoAccount.fresh();
        moto.seedRds.createDBCluster(r -> r.dbClusterIdentifier("prod-db").engine("aurora-postgresql").masterUsername("app")
                .masterUserPassword("not-a-real-secret").copyTagsToSnapshot(true));
        moto.seedRds.createDBInstance(r -> r.dbInstanceIdentifier("prod-db-1").dbClusterIdentifier("prod-db")
                .engine("aurora-postgresql").dbInstanceClass("db.r6g.large"));
        moto.proxy.layer(new MonitoredWriter(moto.twin, "prod-db-1", 60, ROLE));
        zoneId = moto.createZone("example.internal"); // puts iam/policy.json filled for pipeline dev in force
        clock = new FakeClock(Instant.parse("2026-01-01T03:00:00Z"));
    }

    @Test
    void theCloneCopiesTheWritersMonitoringAndTheNextDayIsCleanedWithAFinalSnapshot() {
        PassReport first = pass();
        assertThat(first.outcome()).as(first.message()).isEqualTo(PassReport.Outcome.DONE);
        // moto does not report an instance's monitoring: the request's PassRole shows the role was copied
        assertThat(moto.twin.authorizations()).as("the writer's role, passed for the clone's instance")
                .contains(new Authorization("iam:PassRole", ROLE, Map.of("iam:PassedToService", List.of("rds.amazonaws.com"))));
        clock.advance(Duration.ofDays(1));
        PassReport next = pass("--final-snapshot");
        assertThat(next.outcome()).as(next.message()).isEqualTo(PassReport.Outcome.DONE);
        assertThat(moto.clusterExists("dev-20260101")).isFalse();

        assertThat(moto.twin.refusals(StrictTwin.Rule.IAM)).isEmpty();
        List<Authorization> made = moto.twin.authorizations();
        String snapshot = "arn:aws:rds:us-east-1:" + StrictTwin.ACCOUNT + ":cluster-snapshot:dev-20260101-final-20260102\\d{6}";
        assertThat(made).filteredOn(a -> a.resource().matches(snapshot)).extracting(Authorization::action)
                .containsExactlyInAnyOrder("rds:DeleteDBCluster", "rds:CreateDBClusterSnapshot", "rds:AddTagsToResource");
        assertThat(made).filteredOn(a -> a.resource().matches(snapshot) && a.action().equals("rds:AddTagsToResource"))
                .singleElement().satisfies(a -> assertThat(a.context())
                        .containsEntry("aws:RequestTag/aurora-refresh:pipeline", List.of("dev")));
    }

    @Test
    void thePolicyAsItWasRefusedTheMonitoringRole() {
        moto.twin.enforcePolicy(policy(statements -> statements.forEach(s -> {
            if (s.path("Sid").asText().equals("PassTheMonitoringRole")) {
                ((ObjectNode) s.get("Condition").get("StringEquals")).put("iam:PassedToService", "monitoring.rds.amazonaws.com");
            }
        })));
        PassReport first = pass();
        assertThat(first.outcome()).isEqualTo(PassReport.Outcome.FAILED);
        assertThat(first.message()).contains("iam:PassRole", ROLE);
    }

    @Test
    void thePolicyAsItWasRefusedTheFinalSnapshot() {
        assertThat(pass().outcome()).isEqualTo(PassReport.Outcome.DONE);
        moto.twin.enforcePolicy(policy(statements -> {
            for (int i = statements.size() - 1; i >= 0; i--) {
                JsonNode s = statements.get(i);
                if (s.path("Sid").asText().equals("SnapshotOwnClonesOnDelete")) {
                    statements.remove(i);
                } else if (s.path("Sid").asText().equals("FinalSnapshotOfDeletedClones")) {
                    ((ObjectNode) s).put("Action", "rds:DeleteDBCluster");
                }
            }
        }));
        clock.advance(Duration.ofDays(1));
        PassReport next = pass("--final-snapshot");
        assertThat(next.outcome()).isEqualTo(PassReport.Outcome.FAILED);
        assertThat(next.message()).contains("rds:CreateDBClusterSnapshot");
        assertThat(moto.clusterExists("dev-20260101")).as("nothing deleted without its snapshot").isTrue();
    }

    /** The usual pipeline's generated policy, changed by {@code change} (its statements). */
    private IamPolicy policy(Consumer<ArrayNode> change) {
        ObjectNode document = PolicyDocuments.forRole(StrictTwin.ACCOUNT, MotoAccount.REGION,
                List.of(PolicyFill.usual(zoneId).grant())).get("dev");
        change.accept((ArrayNode) document.get("Statement"));
        try {
            return IamPolicy.parse(PolicyDocuments.text(document));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private PassReport pass(String... extra) {
        List<String> args = new ArrayList<>(List.of("--source-cluster", "prod-db", "--clone-prefix", "dev",
                "--hosted-zone-id", zoneId, "--record", "dev-db.example.internal"));
        args.addAll(List.of(extra));
        PipelineOptions parsed = new PipelineOptions();
        new CommandLine(parsed).parseArgs(args.toArray(String[]::new));
        Pipeline pipeline = parsed.toPipeline();
        return new RefreshPass(moto.rdsPort(), moto.dnsPort(), ReadinessCheck.AVAILABLE_IS_READY, clock, clock, new Random(7))
                .run(pipeline, Step.ALL, false);
    }
}
