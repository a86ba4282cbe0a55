package dev.aurorarefresh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurorarefresh.core.Tags;
import dev.aurorarefresh.iam.DatabaseLogin;
import dev.aurorarefresh.iam.PipelineGrant;
import dev.aurorarefresh.iam.PolicyDocuments;
import dev.aurorarefresh.port.PortException;
import dev.aurorarefresh.port.RdsPort;
import dev.aurorarefresh.testing.ForwardingPorts;
import dev.aurorarefresh.testing.IamPolicy;
import dev.aurorarefresh.testing.LogCapture;
import dev.aurorarefresh.testing.MotoAccount;
import dev.aurorarefresh.testing.StrictTwin;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.rds.model.ModifyDbClusterRequest;

/**
 * --master-password secret:ARN (docs/design.md, "Credentials"): whole passes through the strict
 * twin on moto, the pipeline's own policy in force, the commands in-process on a fake clock. The
 * password is set between available and ready, recorded in a tag, set again after a stop before
 * the tag, and appears in no output, log or report.
 */
class MasterPasswordSecretPassTest {
    static final String ZONE = "example.internal";
    static final String RECORD = "dev-db.example.internal";
    static final String CLONE = "dev-20261125";
    static final String PASSWORD = "Dev-0nly-Pa55word";

    MotoAccount aws;
    String zoneId;
    String secretArn;
    /** The master passwords the SDK sent in ModifyDBCluster, in order. */
    final List<String> passwordsSent = new ArrayList<>();
    final Map<String, String> env = new LinkedHashMap<>();

    @BeforeEach
    void account() {
        aws = MotoAccount.fresh(new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof ModifyDbClusterRequest m && m.masterUserPassword() != null) {
                    passwordsSent.add(m.masterUserPassword());
                }
            }
        });
        aws.createSource("prod-db", "aurora-postgresql");
        zoneId = aws.createZone(ZONE);
        secretArn = aws.createSecret("dev-master", "{\"username\": \"ignored\", \"password\": \"" + PASSWORD + "\"}");
        env.put("AURORA_REFRESH_SOURCE_CLUSTER", "prod-db");
        env.put("AURORA_REFRESH_CLONE_PREFIX", "dev");
        env.put("AURORA_REFRESH_HOSTED_ZONE_ID", zoneId);
        env.put("AURORA_REFRESH_RECORD", RECORD);
        env.put("AURORA_REFRESH_MASTER_PASSWORD", "secret:" + secretArn);
    }

    /** The role's policy as `aurora-refresh iam-policy` writes it for these settings, in force in the twin. */
    private void enforceThePolicyOf(Map<String, String> settings) throws Exception {
        PipelineGrant grant = PipelineGrant.of(Parsing.pipeline(settings), DatabaseLogin.NONE);
        aws.twin.enforcePolicy(IamPolicy.ofRole(PolicyDocuments.forRole(StrictTwin.ACCOUNT, MotoAccount.REGION, List.of(grant))
                .values().stream().map(PolicyDocuments::text).toList()));
    }

    private InProcessCli.Result run(String... args) {
        return InProcessCli.run(new InProcessCli.MotoWiring(() -> aws), env, args);
    }

    private void assertNoPasswordIn(String text) {
        assertThat(text).doesNotContain(PASSWORD).doesNotContain("not-a-real-secret");
    }

    @Test
    void thePassSetsTheClonesMasterPasswordFromTheSecretBeforeItIsReadyAndTagsIt() throws Exception {
        enforceThePolicyOf(env);
        InProcessCli.Result r;
        String logged;
        try (LogCapture log = new LogCapture()) {
            r = run("run", "--output", "json");
            logged = log.lines.toString();
        }

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(passwordsSent).as("the secret's password, sent to RDS once").containsExactly(PASSWORD);
        assertThat(logged).as("RDS reset the credentials, then the clone was tagged ready")
                .containsSubsequence("master password set from secret", "cluster resetting-master-credentials", "tagged ready");
        assertThat(aws.tagsOf(CLONE)).containsEntry(Tags.MASTER_PASSWORD, secretArn).containsEntry(Tags.LIFECYCLE, "connected");
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.stdout()).toString())
                .contains("master password set from secret " + secretArn);
        InProcessCli.Result table = run("status");
        InProcessCli.Result json = run("status", "--output", "json");
        assertThat(table.stdout()).contains(CLONE + ": master password set from the secret " + secretArn);
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.stdout())
                .at("/clones/0/masterPasswordSecretArn").asText()).isEqualTo(secretArn);
        assertNoPasswordIn(r.stdout() + r.stderr() + logged + table.stdout() + table.stderr() + json.stdout() + json.stderr());
    }

    /**
     * A run that stops after RDS took the password but before the tag (here: the tag is refused)
     * leaves the clone created and untagged; the next run sets the same password again and goes on.
     */
    @Test
    void aRunStoppedBetweenTheChangeAndTheTagIsFinishedByTheNextRun() throws Exception {
        enforceThePolicyOf(env);
        InProcessCli.Result stopped = InProcessCli.run(new InProcessCli.MotoWiring(() -> aws) {
            @Override
            public RdsPort rds() {
                return new ForwardingPorts(super.rds(), super.dns()) {
                    @Override
                    public void addTags(String arn, Map<String, String> tags) {
                        if (tags.containsKey(Tags.MASTER_PASSWORD)) {
                            throw new PortException("AddTagsToResource: the run stopped here", null);
                        }
                        super.addTags(arn, tags);
                    }
                };
            }
        }, env, "run");

        assertThat(stopped.exitCode()).isEqualTo(1);
        assertThat(passwordsSent).containsExactly(PASSWORD);
        assertThat(aws.tagsOf(CLONE)).containsEntry(Tags.LIFECYCLE, "created").doesNotContainKey(Tags.MASTER_PASSWORD);

        InProcessCli.Result next = run("run");

        assertThat(next.exitCode()).as(next.stderr()).isZero();
        assertThat(passwordsSent).as("set again: the same password, harmless").containsExactly(PASSWORD, PASSWORD);
        assertThat(aws.tagsOf(CLONE)).containsEntry(Tags.MASTER_PASSWORD, secretArn).containsEntry(Tags.LIFECYCLE, "connected");
        assertNoPasswordIn(stopped.stdout() + stopped.stderr() + next.stdout() + next.stderr());
    }

    @Test
    void theDryRunForecastsTheChangeByTheSecretsArnBeforeReadyAndReadsNoSecret() {
        InProcessCli.Result r = run("run", "--dry-run");

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        String would = "would set the master password of " + CLONE + " to the one in secret " + secretArn;
        assertThat(r.stdout()).contains(would);
        assertThat(r.stdout().indexOf(would)).isLessThan(r.stdout().indexOf("ready"));
        assertThat(aws.clusterExists(CLONE)).isFalse();
        assertThat(aws.calls.snapshot().keySet()).noneMatch(c -> c.operation().equals("GetSecretValue"));
        assertNoPasswordIn(r.stdout() + r.stderr());
    }

    /** A policy written without the option does not let the pass read the secret: the clone stays created, unchanged. */
    @Test
    void aPolicyWithoutTheSecretIsRefusedAndTheCloneStaysCreatedWithProductionsPassword() throws Exception {
        Map<String, String> without = new LinkedHashMap<>(env);
        without.remove("AURORA_REFRESH_MASTER_PASSWORD");
        enforceThePolicyOf(without);

        InProcessCli.Result r = run("run");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("cannot set the master password of " + CLONE + " from --master-password secret:" + secretArn)
                .contains("AccessDenied");
        assertThat(passwordsSent).isEmpty();
        assertThat(aws.tagsOf(CLONE)).containsEntry(Tags.LIFECYCLE, "created").doesNotContainKey(Tags.MASTER_PASSWORD);
        assertNoPasswordIn(r.stdout() + r.stderr());
    }

    @Test
    void aSecretWithoutAPasswordFailsTheStepNamingTheSecretAndTheCloneStaysCreated() throws Exception {
        String noPassword = aws.createSecret("dev-master-empty", "{\"username\": \"" + PASSWORD + "\"}");
        env.put("AURORA_REFRESH_MASTER_PASSWORD", "secret:" + noPassword);
        enforceThePolicyOf(env);

        InProcessCli.Result r = run("run");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("secret " + noPassword + " has no \"password\" text")
                .contains("the clone stays created and the next run tries again");
        assertThat(passwordsSent).isEmpty();
        assertThat(aws.tagsOf(CLONE)).containsEntry(Tags.LIFECYCLE, "created");
        assertNoPasswordIn(r.stdout() + r.stderr());
    }

    /** Whoever gives the password itself to --master-password gets one line that does not repeat it, and no AWS change. */
    @Test
    void aPasswordGivenAsTheOptionsValueIsRefusedWithoutRepeatingIt() {
        InProcessCli.Result r;
        String logged;
        try (LogCapture log = new LogCapture()) {
            r = run("run", "--master-password", PASSWORD);
            logged = log.lines.toString();
        }

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errorLines()).singleElement().asString().contains("--master-password")
                .contains("managed (a password RDS keeps in a secret it manages), keep (production's) or secret:<ARN>");
        assertNoPasswordIn(r.stdout() + r.stderr() + logged);
        assertThat(aws.clusterExists(CLONE)).isFalse();
    }
}
