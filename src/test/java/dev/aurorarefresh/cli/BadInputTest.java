package dev.aurorarefresh.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.aurorarefresh.core.Pipeline;
import dev.aurorarefresh.core.Step;
import dev.aurorarefresh.pass.ConfigurationException;
import dev.aurorarefresh.pass.PassReport;
import dev.aurorarefresh.pass.RefreshPass;
import dev.aurorarefresh.port.ReadinessCheck;
import dev.aurorarefresh.testing.FakeClock;
import dev.aurorarefresh.testing.FaultProxy;
import dev.aurorarefresh.testing.MotoAccount;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * Configuration typos, each on top of an otherwise valid pipeline: exit 2, one line that names
 * the option and says what is valid, and no mutating AWS call (invariant 8). Values checked
 * against AWS (the source exists, the zone exists, the record lies in it, ...) run the pass
 * against moto with counted clients. The environment and endpoint cases run the packaged jar:
 * {@code BadInputIT}.
 */
class BadInputTest {
    static MotoAccount aws;
    static int rejected;
    /** A zone that exists but is not the pipeline's (the IAM policy in force is for example.internal). */
    static String otherZoneId;
    static String zoneId;

    /** One typo: what to change in the arguments, and the line expected back. */
    record Case(String what, Map<String, String> options, String option, String says) {
        @Override
        public String toString() {
            return what;
        }
    }

    static Case bad(String what, String option, String value, String says) {
        Map<String, String> o = new LinkedHashMap<>();
        o.put(option, value);
        return new Case(what, o, option, says);
    }

    static Stream<Arguments> typos() {
        List<Case> cases = new ArrayList<>(List.of(
                bad("missing source", "--source-cluster", null, "missing; set it or AURORA_REFRESH_SOURCE_CLUSTER"),
                bad("source with an underscore", "--source-cluster", "prod_db", "use a DB cluster identifier"),
                bad("prefix ending in a hyphen", "--clone-prefix", "dev-", "not ending with a hyphen"),
                bad("prefix too long", "--clone-prefix", "d".repeat(51), "1-50 letters"),
                bad("pipeline with #", "--pipeline", "dev#1", "an RDS tag value"),
                bad("unknown time zone", "--time-zone", "Mars/Olympus", "a zone id such as UTC"),
                bad("date pattern that does not parse", "--date-pattern", "yyyyMMdd{", "a java.time pattern"),
                bad("date pattern with slashes", "--date-pattern", "yyyy/MM/dd", "it gives 'dev-2026/12/31-1'"),
                bad("negative TTL", "--ttl", "-5", "a whole number of seconds"),
                bad("TTL with a unit", "--ttl", "60s", "a whole number of seconds"),
                bad("no instance", "--instance-count", "0", "a whole number from 1 to 16"),
                bad("instance class without db.", "--instance-class", "r6g.large", "such as db.r6g.large"),
                bad("security group id typo", "--vpc-security-group-ids", "sg-xyz", "such as sg-0123456789abcdef0"),
                bad("default subnet group", "--db-subnet-group", "default", "not 'default'"),
                bad("parameter group starting with a digit", "--db-cluster-parameter-group", "1-params", "starting with a letter"),
                bad("deletion protection yes", "--deletion-protection", "yes", "true or false"),
                bad("negative retain", "--retain", "-1", "a whole number from 0 to 1000"),
                bad("clone cycle that does not exist", "--clone-cycle", "swap", "overlap (the new clone is made while"),
                bad("zero wait timeout", "--wait-timeout", "0m", "a positive duration such as 90s"),
                bad("give-up-after in words", "--give-up-after", "forever", "a positive duration"),
                bad("record with a space", "--record", "dev db.example.internal", "a DNS name such as"),
                bad("hosted zone id with a hyphen", "--hosted-zone-id", "z-123", "a Route53 zone id such as"),
                bad("storage type of a plain RDS volume", "--storage-type", "gp3", "aurora (standard) or aurora-iopt1"),
                bad("log type that does not exist", "--log-exports", "postgresql,slowlog", "comma-separated log types from"),
                bad("copy tags maybe", "--copy-tags-to-snapshot", "maybe", "true or false"),
                bad("backtrack beyond 72h", "--backtrack-window", "4d", "0 (off) or a duration up to 72h"),
                bad("performance insights on", "--performance-insights", "on", "true or false"),
                bad("retention of 30 days", "--performance-insights-retention", "30", "7, a multiple of 31"),
                bad("monitoring every 2s", "--monitoring-interval", "2", "0 (off), 1, 5, 10, 15, 30 or 60"),
                bad("monitoring role that is a user", "--monitoring-role-arn", "arn:aws:iam::123456789012:user/bob",
                        "an IAM role ARN such as"),
                bad("master password mode typo", "--master-password", "manged", "managed (a password RDS keeps in a secret"),
                bad("master password secret that is an SSM parameter", "--master-password",
                        "secret:arn:aws:ssm:us-east-1:123456789012:parameter/dev-master",
                        "'secret:arn:aws:ssm:us-east-1:123456789012:parameter/dev-master' is not valid; use managed"),
                bad("master password secret by name, not ARN", "--master-password", "secret:dev-master",
                        "or secret:<ARN> (the \"password\" of that Secrets Manager secret"),
                bad("master password as a plain value", "--master-password", "Hunter2-hunter2",
                        "the value given is not valid and not repeated (it may be a password); use managed"),
                // found by asking AWS: reads only
                bad("unknown source", "--source-cluster", "no-such-db", "no DB cluster named 'no-such-db'"),
                bad("source is not Aurora", "--source-cluster", "plain-mysql", "only Aurora clusters"),
                bad("unknown hosted zone", "--hosted-zone", "nowhere.internal", "no Route53 hosted zone named"),
                bad("two hosted zones of that name", "--hosted-zone", "twice.internal", "name one with --hosted-zone-id"),
                bad("record outside the zone", "--record", "dev-db.other.internal", "use a name ending in .example.internal"),
                bad("reader record outside the zone", "--reader-record", "dev-ro.other.internal", "is not inside hosted zone"),
                bad("reader record same as record", "--reader-record", "dev-db.example.internal", "needs a name of its own"),
                bad("record that is an A record", "--record", "www.example.internal", "exists with type A"),
                // the schedule the job is told (for its next-run-due metric)
                bad("schedule with seconds", "--schedule", "0 30 5 * * 1-5", "a cron line of 5 fields such as"),
                bad("schedule in EventBridge form", "--schedule", "cron(30 5 ? * MON-FRI *)", "(it has 6 fields, not 5)"),
                bad("schedule hour 24", "--schedule", "0 24 * * *", "(hour '24' is not 0-23)"),
                bad("schedule weekday typo", "--schedule", "30 5 * * MON-FRY", "(day of week 'FRY' is not 0-7 or SUN-SAT)"),
                bad("schedule that never comes", "--schedule", "0 0 31 2 *", "a cron line that matches a real date"),
                bad("schedule time zone", "--schedule-time-zone", "Europe/Berln", "a zone id such as UTC"),
                bad("backtracking on a PostgreSQL source", "--backtrack-window", "24h", "only aurora-mysql has backtracking"),
                bad("monitoring without a role", "--monitoring-interval", "60", "set --monitoring-role-arn"),
                bad("serverless instances without a range", "--instance-class", "db.serverless", "needs a capacity range"),
                bad("scale to zero on a version that cannot pause", "--serverless-capacity", "0-4",
                        "aurora-postgresql 12.7 cannot auto-pause (scale to 0 ACUs); the first that can is 13.15")));
        Map<String, String> pauseAboveZero = new LinkedHashMap<>();
        pauseAboveZero.put("--serverless-capacity", "0.5-4");
        pauseAboveZero.put("--auto-pause-after", "10m");
        cases.add(new Case("auto-pause without a minimum of 0", pauseAboveZero, "--auto-pause-after",
                "only pauses an instance whose minimum is 0 ACUs"));
        Map<String, String> retainedInReplace = new LinkedHashMap<>();
        retainedInReplace.put("--clone-cycle", "replace");
        retainedInReplace.put("--retain", "2");
        cases.add(new Case("clones retained with the replace cycle", retainedInReplace, "--retain",
                "'2' is not valid; use 0 with --clone-cycle replace: each clone is deleted before the next is made"));
        Map<String, String> graceInReplace = new LinkedHashMap<>();
        graceInReplace.put("--clone-cycle", "replace");
        graceInReplace.put("--keep-replaced-for", "2h");
        cases.add(new Case("a grace period with the replace cycle", graceInReplace, "--keep-replaced-for",
                "use 0 with --clone-cycle replace"));
        cases.add(bad("master secret key that is no key", "--master-user-secret-kms-key-id", "my key",
                "a KMS key ARN (arn:aws:kms:us-east-1:123456789012:key/<id>), alias ARN, key id or alias/<name>"));
        Map<String, String> keyWithoutSecret = new LinkedHashMap<>();
        keyWithoutSecret.put("--master-password", "keep");
        keyWithoutSecret.put("--master-user-secret-kms-key-id", "alias/dev-secrets");
        cases.add(new Case("a master secret key while keeping production's password", keyWithoutSecret,
                "--master-user-secret-kms-key-id", "only with --master-password managed"));
        Map<String, String> both = new LinkedHashMap<>();
        both.put("--hosted-zone-id", "Z0123456789ABCDEFGHIJ");
        cases.add(new Case("zone by name and by id", both, "--hosted-zone / --hosted-zone-id", "give exactly one of them (both are set)"));
        Map<String, String> neither = new LinkedHashMap<>();
        neither.put("--hosted-zone", null);
        cases.add(new Case("no zone", neither, "--hosted-zone / --hosted-zone-id", "(neither is set)"));
        // under the pipeline's IAM policy both read AccessDenied: the role may read only its own zone
        cases.add(bad("unknown hosted zone id", "--hosted-zone-id", "Z0000000000000000000",
                "'Z0000000000000000000': no such hosted zone, or this role may not read it"));
        cases.add(bad("another pipeline's hosted zone id", "--hosted-zone-id", otherZoneId,
                "'" + otherZoneId + "': no such hosted zone, or this role may not read it"));
        Case noWriter = bad("source without a writer", "--source-cluster", "empty-db", "has no writer instance");
        cases.add(new Case(noWriter.what(), noWriter.options(), "--instance-class", noWriter.says()));
        cases.stream().filter(c -> c.options().containsKey("--hosted-zone-id") && !c.what().equals("zone by name and by id"))
                .forEach(c -> c.options().put("--hosted-zone", null));
        return cases.stream().map(Arguments::of);
    }

    @BeforeAll
    static void account() {
        aws = MotoAccount.fresh();
        aws.createSource("prod-db", "aurora-postgresql");
        aws.seedRds.createDBCluster(r -> r.dbClusterIdentifier("plain-mysql").engine("mysql").masterUsername("app")
                .masterUserPassword("not-a-real-secret").allocatedStorage(100).dbClusterInstanceClass("db.m5d.large")
                .storageType("io1").iops(1000));
        aws.seedRds.createDBCluster(r -> r.dbClusterIdentifier("empty-db").engine("aurora-postgresql")
                .masterUsername("app").masterUserPassword("not-a-real-secret")
                .tags(Tag.builder().key("note").value("no instances").build()));
        zoneId = aws.createZone("example.internal");
        aws.setRecord(zoneId, "www.example.internal", "A", "10.0.0.1");
        aws.createZone("twice.internal");
        aws.createZone("twice.internal");
        otherZoneId = aws.createZone("other.internal");
    }

    @AfterAll
    static void report() {
        System.out.printf("bad input (in-process): %d invalid configurations rejected cleanly%n", rejected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("typos")
    void aTypoIsOneClearLineAndExitTwoAndNoChange(Case typo) {
        Map<String, String> options = new LinkedHashMap<>(Map.of("--source-cluster", "prod-db",
                "--hosted-zone", "example.internal", "--record", "dev-db.example.internal", "--clone-prefix", "dev"));
        options.putAll(typo.options());
        aws.calls.reset();

        PassReport report = run(options);

        assertThat(report.exitCode()).as(report.message()).isEqualTo(2);
        assertThat(report.message()).as("one line").doesNotContain("\n")
                .startsWith(typo.option() + ":").contains(typo.says());
        assertThat(aws.calls.mutating()).as("mutating AWS calls").isZero();
        rejected++;
    }

    /** Only AccessDenied reads as "no such zone": an expired token is HTTP 403 too, and stays an AWS error (exit 1). */
    @Test
    void anExpiredTokenOnTheZoneLookupIsAnAwsErrorNotBadInput() {
        aws.proxy.layer((exchange, moto) -> exchange.request().operation().equals("GetHostedZone")
                ? FaultProxy.error(exchange.request(), 403, "ExpiredToken", "The security token included in the request is expired")
                : aws.twin.handle(exchange, moto));
        try {
            Map<String, String> options = new LinkedHashMap<>(Map.of("--source-cluster", "prod-db",
                    "--hosted-zone-id", zoneId, "--record", "dev-db.example.internal", "--clone-prefix", "dev"));
            PassReport report = run(options);

            assertThat(report.exitCode()).as(report.message()).isEqualTo(1);
            assertThat(report.message()).contains("GetHostedZone").contains("ExpiredToken").doesNotContain("no such hosted zone");
        } finally {
            aws.proxy.layer(aws.twin);
        }
    }

    @Test
    void aBadValueFromTheEnvironmentNamesTheVariable() {
        Map<String, String> env = Map.of("AURORA_REFRESH_RETAIN", "-2", "AURORA_REFRESH_TTL", "90");
        String onCommandLine = assertThrows(ConfigurationException.class, () -> Parsing.parse(new Holder(), env,
                "--source-cluster=prod-db", "--hosted-zone=example.internal", "--record=dev-db.example.internal",
                "--ttl=-1")).getMessage();
        assertThat(onCommandLine).as("named as given").startsWith("--ttl: '-1' is not valid");

        String message = assertThrows(ConfigurationException.class, () -> Parsing.parse(new Holder(), env,
                "--source-cluster=prod-db", "--hosted-zone=example.internal", "--record=dev-db.example.internal"))
                .getMessage();

        assertThat(message)
                .isEqualTo("--retain (from AURORA_REFRESH_RETAIN): '-2' is not valid; use a whole number from 0 to 1000");
    }

    /** Parses the options as the command does, then runs the pass against moto. */
    static PassReport run(Map<String, String> options) {
        List<String> args = new ArrayList<>();
        options.forEach((k, v) -> {
            if (v != null) {
                args.add(k + "=" + v);
            }
        });
        FakeClock clock = new FakeClock(Instant.parse("2026-05-01T06:00:00Z"));
        RefreshPass pass = new RefreshPass(aws.rdsPort(), aws.dnsPort(), ReadinessCheck.AVAILABLE_IS_READY, clock, clock,
                new Random(1));
        try {
            Holder holder = Parsing.parse(new Holder(), Map.of(), args.toArray(String[]::new));
            holder.metrics.target(Map.of());
            Pipeline pipeline = holder.options.toPipeline();
            return pass.run(pipeline, Step.ALL, false);
        } catch (ConfigurationException e) {
            return new PassReport("?", PassReport.Outcome.INVALID, e.getMessage(), false, clock.instant(),
                    java.time.Duration.ZERO, List.of(), Map.of(), java.util.Optional.empty(), java.util.Optional.empty(),
                    List.of(), java.util.Optional.empty(), Map.of());
        }
    }

    @CommandLine.Command(name = "test")
    static class Holder {
        @CommandLine.Mixin
        PipelineOptions options;

        @CommandLine.Mixin
        MetricsOptions metrics;
    }
}
