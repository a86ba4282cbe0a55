package dev.aurorarefresh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aurorarefresh.iam.DatabaseLogin;
import dev.aurorarefresh.iam.PipelineGrant;
import dev.aurorarefresh.iam.PolicyDocuments;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code aurora-refresh iam-policy}: the README example's policy is iam/policy.json; bad input is one line, exit 2. */
class IamPolicyCommandTest {
    static final List<String> README_EXAMPLE = List.of("--account-id", "123456789012", "--region", "us-east-1",
            "--source-cluster", "prod-db", "--clone-prefix", "dev", "--hosted-zone-id", "Z0123456789EXAMPLE",
            "--record", "dev-db.example.internal", "--final-snapshot",
            "--monitoring-role-arn", "arn:aws:iam::123456789012:role/rds-monitoring-role");

    record Result(int exitCode, String out, String err) {
    }

    static Result run(Map<String, String> env, List<String> options) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = CommandLineSetup.configure(new CommandLine(new AuroraRefreshCommand()), env);
        cl.setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
        List<String> args = new ArrayList<>(List.of("iam-policy"));
        args.addAll(options);
        int code = cl.execute(args.toArray(String[]::new));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void theReadmeExamplePrintsIamPolicyJson() throws Exception {
        Result r = run(Map.of(), README_EXAMPLE);
        assertThat(r.exitCode()).as(r.err()).isZero();
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(r.out())).isEqualTo(json.readTree(Files.readString(Path.of("iam/policy.json"))));
    }

    @Test
    void settingsComeFromTheEnvironmentAsForEveryCommand() throws Exception {
        Result r = run(Map.of("AURORA_REFRESH_ACCOUNT_ID", "210987654321", "AURORA_REFRESH_REGION", "cn-north-1",
                "AURORA_REFRESH_SOURCE_CLUSTER", "orders", "AURORA_REFRESH_HOSTED_ZONE_ID", "Z1",
                "AURORA_REFRESH_RECORD", "qa-db.example.internal", "AURORA_REFRESH_READER_RECORD", "qa-ro.example.internal"),
                List.of());
        assertThat(r.exitCode()).as(r.err()).isZero();
        var doc = new ObjectMapper().readTree(r.out());
        assertThat(doc.toString()).contains("arn:aws-cn:rds:cn-north-1:210987654321:cluster:orders-clone-*",
                "arn:aws-cn:route53:::hostedzone/Z1", "[\"qa-db.example.internal\",\"qa-ro.example.internal\"]")
                .doesNotContain("PassTheMonitoringRole", "FinalSnapshotOfDeletedClones", "123456789012");
    }

    /** A role of several pipelines: each pipeline's policy, its denies sparing them all (what the Terraform module writes). */
    @Test
    void forARoleOfSeveralPipelinesEachPolicyNamesThemAll() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<String> qa = List.of("--account-id", "123456789012", "--region", "us-east-1", "--source-cluster", "prod-db",
                "--clone-prefix", "dev-qa", "--pipeline", "qa", "--hosted-zone-id", "Z1", "--record", "qa-db.example.internal");
        List<String> dev = replace(replace(replace(qa, "dev-qa", "dev"), "qa", "dev"), "qa-db.example.internal",
                "dev-db.example.internal");
        var expected = PolicyDocuments.forRole("123456789012", "us-east-1", List.of(
                new PipelineGrant("dev", "prod-db", "dev", "Z1", List.of("dev-db.example.internal"), false, Optional.empty()),
                new PipelineGrant("qa", "prod-db", "dev-qa", "Z1", List.of("qa-db.example.internal"), false, Optional.empty())));
        for (var entry : Map.of("dev", dev, "dev-qa", qa).entrySet()) {
            List<String> args = new ArrayList<>(entry.getValue());
            args.addAll(List.of("--role-pipelines", "qa,dev"));
            Result r = run(Map.of(), args);
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(json.readTree(r.out())).as(entry.getKey()).isEqualTo(expected.get(entry.getKey()));
        }
        assertThat(expected.get("dev").toString()).contains("[\"dev\",\"qa\"]", "NeverHandThisPipelinesClonesToAnother");
        List<String> notThisOne = new ArrayList<>(dev);
        notThisOne.addAll(List.of("--role-pipelines", "qa"));
        Result r = run(Map.of(), notThisOne);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("aurora-refresh: invalid configuration: --role-pipelines: 'qa' does not name"
                + " this pipeline, dev; list every pipeline of the role, this one among them");
    }

    /** A fleet file: one pipeline's policy (--only), the role being every pipeline of the file. */
    @Test
    void fromAFleetFileEachPipelinesPolicyForTheRoleOfTheWholeFleet(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        String fleet = "k8s/components/fleet/fleet.yaml";
        var expected = PolicyDocuments.forRole("123456789012", "us-east-1", List.of(
                new PipelineGrant("dev", "prod-db", "dev", "Z0123456789EXAMPLE", List.of("dev-db.example.internal"), false,
                        Optional.empty()),
                new PipelineGrant("qa", "prod-db", "qa", "Z0123456789EXAMPLE", List.of("qa-db.example.internal"), false,
                        Optional.empty())));
        List<String> account = List.of("--account-id", "123456789012", "--region", "us-east-1");
        for (String pipeline : List.of("dev", "qa")) {
            List<String> args = new ArrayList<>(account);
            args.addAll(List.of("--config", fleet, "--only", pipeline));
            Result r = run(Map.of(), args);
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(new ObjectMapper().readTree(r.out())).as(pipeline).isEqualTo(expected.get(pipeline));
        }
        Result all = run(Map.of("AURORA_REFRESH_CONFIG", fleet), account);
        assertThat(all.exitCode()).isEqualTo(2);
        assertThat(all.err().strip()).isEqualTo("aurora-refresh: invalid configuration: --only: name the one pipeline of "
                + fleet + " whose policy to print (dev, qa); the role carries one policy per pipeline");
        // the application's own loader reads the file: a misspelt key stops it
        Path typo = dir.resolve("fleet.yaml");
        Files.writeString(typo, Files.readString(Path.of(fleet)).replace("clone-prefix: qa", "clone-prefx: qa"));
        List<String> args = new ArrayList<>(account);
        args.addAll(List.of("--config", typo.toString(), "--only", "dev"));
        Result bad = run(Map.of(), args);
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("unknown key 'clone-prefx'; did you mean clone-prefix?").doesNotContain("\n\n");
        assertThat(bad.out()).isEmpty();
    }

    /**
     * --db-master-secret: GetSecretValue on the secrets RDS makes for clusters, only those tagged as a
     * clone of this pipeline's (their aws:rds:primaryDBClusterArn), as the twin evaluates it; never with keep.
     */
    @Test
    void theClonesMasterSecretIsGrantedForThisPipelinesClonesOnly() throws Exception {
        List<String> args = new ArrayList<>(README_EXAMPLE);
        args.addAll(List.of("--master-password", "managed", "--db-master-secret"));
        Result r = run(Map.of(), args);
        assertThat(r.exitCode()).as(r.err()).isZero();
        var policy = dev.aurorarefresh.testing.IamPolicy.parse(r.out());
        String secret = "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster-0b9f6a1e-AbCdEf";
        java.util.function.Function<String, dev.aurorarefresh.testing.IamPolicy.Decision> read = cluster -> policy.evaluate(
                new dev.aurorarefresh.testing.IamPolicy.Authorization("secretsmanager:GetSecretValue", secret, cluster == null
                        ? Map.of() : Map.of("secretsmanager:ResourceTag/aws:rds:primaryDBClusterArn", List.of(cluster),
                        "aws:ResourceTag/aws:rds:primaryDBClusterArn", List.of(cluster))));
        assertThat(read.apply("arn:aws:rds:us-east-1:123456789012:cluster:dev-20260101"))
                .isEqualTo(dev.aurorarefresh.testing.IamPolicy.Decision.ALLOW);
        assertThat(read.apply("arn:aws:rds:us-east-1:123456789012:cluster:prod-db"))
                .isEqualTo(dev.aurorarefresh.testing.IamPolicy.Decision.IMPLICIT_DENY);
        assertThat(read.apply("arn:aws:rds:us-east-1:123456789012:cluster:qa-20260101"))
                .isEqualTo(dev.aurorarefresh.testing.IamPolicy.Decision.IMPLICIT_DENY);
        assertThat(read.apply(null)).isEqualTo(dev.aurorarefresh.testing.IamPolicy.Decision.IMPLICIT_DENY);
        // without --db-master-secret the role may make the clones' secrets (the managed default) but never read them
        assertThat(run(Map.of(), README_EXAMPLE).out()).contains("LetRdsKeepTheClonesMasterPassword")
                .doesNotContain("ReadTheClonesMasterSecret", "secretsmanager:GetSecretValue");

        List<String> keep = new ArrayList<>(README_EXAMPLE);
        keep.addAll(List.of("--master-password", "keep", "--db-master-secret"));
        Result refused = run(Map.of(), keep);
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err().strip()).endsWith("aurora-refresh: invalid configuration: --db-master-secret: needs"
                + " --master-password managed; with 'keep' the clones keep the source's master password and RDS keeps no secret for them");
        assertThat(refused.out()).isEmpty();
    }

    /** The probes' login, from the options `run` reads: IAM login, or the secret and its customer key. */
    @Test
    void theLoginOfTheProbesIsGrantedAsTheRunUsesIt(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        String secret = "arn:aws:secretsmanager:us-east-1:123456789012:secret:dev-db-login-AbCdEf";
        String key = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        Map<List<String>, DatabaseLogin> cases = Map.of(
                List.of("--db-iam-auth", "--db-user", "app"), DatabaseLogin.iamAuth("app"),
                // IAM login wins over a secret, as in the run
                List.of("--db-iam-auth", "--db-user", "app", "--db-secret-arn", secret), DatabaseLogin.iamAuth("app"),
                List.of("--db-secret-arn", secret), DatabaseLogin.secret(secret, Optional.empty()),
                List.of("--db-secret-arn", secret, "--db-secret-kms-key", key), DatabaseLogin.secret(secret, Optional.of(key)),
                // a password needs nothing from IAM (and is not read)
                List.of("--db-user", "app"), DatabaseLogin.NONE);
        for (var c : cases.entrySet()) {
            List<String> args = new ArrayList<>(README_EXAMPLE);
            args.addAll(c.getKey());
            Result r = run(Map.of(), args);
            assertThat(r.exitCode()).as(r.err()).isZero();
            var expected = PolicyDocuments.forPipeline("123456789012", "us-east-1", new PipelineGrant("dev", "prod-db", "dev",
                    "Z0123456789EXAMPLE", List.of("dev-db.example.internal"), true,
                    Optional.of("arn:aws:iam::123456789012:role/rds-monitoring-role"), c.getValue()), List.of("dev"));
            assertThat(new ObjectMapper().readTree(r.out())).as(c.getKey().toString()).isEqualTo(expected);
        }
        Result iam = run(Map.of("AURORA_REFRESH_DB_IAM_AUTH", "true", "AURORA_REFRESH_DB_USER", "app"), README_EXAMPLE);
        assertThat(iam.out()).contains("\"rds-db:connect\"", "\"arn:aws:rds-db:us-east-1:123456789012:dbuser:cluster-*/app\"");
        Result keyed = run(Map.of(), concat(README_EXAMPLE, "--db-secret-arn", secret, "--db-secret-kms-key", key));
        assertThat(keyed.out()).contains("\"kms:ViaService\" : \"secretsmanager.us-east-1.amazonaws.com\"",
                "\"" + secret + "-??????\"");
        // from a fleet file: the pipeline's own login
        Path fleet = dir.resolve("fleet.yaml");
        Files.writeString(fleet, Files.readString(Path.of("k8s/components/fleet/fleet.yaml"))
                .replace("clone-prefix: qa", "clone-prefix: qa\n    db-secret-arn: " + secret));
        Result fromFile = run(Map.of(), List.of("--account-id", "123456789012", "--region", "us-east-1", "--config",
                fleet.toString(), "--only", "qa"));
        assertThat(fromFile.exitCode()).as(fromFile.err()).isZero();
        assertThat(fromFile.out()).contains("ReadTheDatabaseSecret", secret);
    }

    @Test
    void badOrMissingValuesAreOneLineAndExitTwo() {
        Map<String, List<String>> cases = Map.of(
                "aurora-refresh: invalid configuration: --account-id: '12345' is not valid; use a 12-digit AWS account id"
                        + " such as 123456789012", replace(README_EXAMPLE, "123456789012", "12345"),
                "aurora-refresh: invalid configuration: --region: 'US-EAST-1' is not valid; use an AWS region such as"
                        + " us-east-1 or eu-central-1", replace(README_EXAMPLE, "us-east-1", "US-EAST-1"),
                "aurora-refresh: invalid configuration: --account-id: missing; set it or AURORA_REFRESH_ACCOUNT_ID",
                README_EXAMPLE.subList(2, README_EXAMPLE.size()),
                "aurora-refresh: invalid configuration: --hosted-zone-id: missing; the policy names the zone by id: give"
                        + " --hosted-zone-id instead of --hosted-zone example.internal (aws route53 list-hosted-zones-by-name"
                        + " --dns-name example.internal)",
                replace(replace(README_EXAMPLE, "--hosted-zone-id", "--hosted-zone"), "Z0123456789EXAMPLE", "example.internal"),
                "aurora-refresh: invalid configuration: --db-iam-auth: needs --db-user, the database user that has the rds_iam"
                        + " role (PostgreSQL) or AWSAuthenticationPlugin (MySQL)", concat(README_EXAMPLE, "--db-iam-auth"),
                "aurora-refresh: invalid configuration: --db-secret-kms-key: is the key of --db-secret-arn's secret; give"
                        + " --db-secret-arn too, or leave the key out", concat(README_EXAMPLE, "--db-secret-kms-key",
                        "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
                "aurora-refresh: invalid configuration: --db-secret-kms-key: 'alias/aws/secretsmanager' is not valid; use a KMS"
                        + " key ARN such as arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                concat(README_EXAMPLE, "--db-secret-arn", "arn:aws:secretsmanager:us-east-1:123456789012:secret:x-AbCdEf",
                        "--db-secret-kms-key", "alias/aws/secretsmanager"));
        cases.forEach((line, args) -> {
            Result r = run(Map.of(), args);
            assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
            assertThat(r.err().strip()).isEqualTo(line);
            assertThat(r.out()).isEmpty();
        });
    }

    private static List<String> concat(List<String> args, String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        return all;
    }

    private static List<String> replace(List<String> args, String from, String to) {
        return args.stream().map(a -> a.equals(from) ? to : a).toList();
    }
}
