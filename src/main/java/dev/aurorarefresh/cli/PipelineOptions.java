package dev.aurorarefresh.cli;

import dev.aurorarefresh.core.CloneNaming;
import dev.aurorarefresh.core.CloneSettings;
import dev.aurorarefresh.core.DnsRecord;
import dev.aurorarefresh.core.Durations;
import dev.aurorarefresh.core.Pipeline;
import dev.aurorarefresh.core.RecordTarget;
import dev.aurorarefresh.pass.ConfigurationException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options that define one pipeline, shared by every command. Values are taken as text and
 * checked here, so that every bad value gets the same kind of one-line message: the option, the
 * value, and what would be valid.
 */
public class PipelineOptions {
    static final Pattern RDS_ID = Pattern.compile("[A-Za-z](?!.*--)[A-Za-z0-9-]{0,62}(?<!-)");
    private static final Pattern RDS_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9-]{0,254}");
    static final Pattern TAG_VALUE = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]{1,256}");
    private static final Pattern DNS_NAME = Pattern.compile(
            "(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)+");
    private static final Pattern ZONE_ID = Pattern.compile("[A-Z0-9]{1,32}");
    private static final Pattern INSTANCE_CLASS = Pattern.compile("db\\.(serverless|[a-z0-9]+\\.[a-z0-9]+)");
    private static final Pattern SECURITY_GROUP = Pattern.compile("sg-[0-9a-f]{8,17}");
    private static final Instant SAMPLE = Instant.parse("2026-12-31T23:59:59Z");

    @Option(names = "--source-cluster", description = "Source Aurora cluster identifier (required).")
    String sourceCluster;

    @Option(names = "--clone-prefix", description = "Clones are named <prefix>-<date>. Default: <source>-clone.")
    String clonePrefix;

    @Option(names = "--pipeline", description = "Pipeline name, the ownership tag. Default: the clone prefix.")
    String pipeline;

    @Option(names = "--date-pattern", defaultValue = "yyyyMMdd",
            description = "Naming period, a java.time pattern. Default: ${DEFAULT-VALUE}.")
    String datePattern;

    @Option(names = "--time-zone", defaultValue = "UTC", description = "Zone of the naming date. Default: ${DEFAULT-VALUE}.")
    String timeZone;

    @Option(names = "--hosted-zone", description = "Route53 hosted zone name (or use --hosted-zone-id).")
    String hostedZone;

    @Option(names = "--hosted-zone-id", description = "Route53 hosted zone id (or use --hosted-zone).")
    String hostedZoneId;

    @Option(names = "--record", description = "The CNAME that follows the newest clone (required).")
    String record;

    @Option(names = "--ttl", defaultValue = "60", description = "TTL of the record(s), seconds. Default: ${DEFAULT-VALUE}.")
    String ttl;

    @Option(names = "--reader-record", description = "Optional CNAME for the clone's reader endpoint.")
    String readerRecord;

    @Option(names = "--instance-class", description = "Instance class in the clone. Default: the source writer's.")
    String instanceClass;

    @Option(names = "--instance-count", defaultValue = "1", description = "Instances in the clone. Default: ${DEFAULT-VALUE}.")
    String instanceCount;

    @Option(names = "--db-subnet-group", description = "Default: the source's.")
    String dbSubnetGroup;

    @Option(names = "--vpc-security-group-ids", description = "Comma-separated. Default: the source's.")
    String vpcSecurityGroupIds;

    @Option(names = "--db-cluster-parameter-group", description = "Default: the source's.")
    String dbClusterParameterGroup;

    @Option(names = "--db-parameter-group", description = "Default: the source writer's.")
    String dbParameterGroup;

    @Option(names = "--deletion-protection", defaultValue = "false", arity = "0..1", fallbackValue = "true",
            description = "Protect clones while they live (turned off before clean deletes). Default: ${DEFAULT-VALUE}.")
    String deletionProtection;

    @Option(names = "--final-snapshot", defaultValue = "false", arity = "0..1", fallbackValue = "true",
            description = "Take a final snapshot <clone>-final-<yyyyMMddHHmmss> (UTC) when deleting. Default: ${DEFAULT-VALUE}.")
    String finalSnapshot;

    @Option(names = "--retain", defaultValue = "0", description = "Aborted clones kept for rollback. Default: ${DEFAULT-VALUE}.")
    String retain;

    @Option(names = "--wait-timeout", defaultValue = "45m", description = "How long one run waits. Default: ${DEFAULT-VALUE}.")
    String waitTimeout;

    @Option(names = "--give-up-after", defaultValue = "6h",
            description = "Age at which a still-created clone is tagged failed. Default: ${DEFAULT-VALUE}.")
    String giveUpAfter;

    @Option(names = "--keep-replaced-for", defaultValue = "0", converter = GracePeriodConverter.class,
            description = "Grace period of a replaced clone: clean deletes it only this long after the record moved off it "
                    + "(then --retain applies). Default: ${DEFAULT-VALUE}.")
    Duration keepReplacedFor;

    @Mixin
    CloneFeatureOptions features = new CloneFeatureOptions();

    /** @throws ConfigurationException naming the first bad option */
    public Pipeline toPipeline() {
        String source = required("--source-cluster", sourceCluster);
        check(RDS_ID.matcher(source).matches(), "--source-cluster", source,
                "a DB cluster identifier: 1-63 letters, digits or hyphens, starting with a letter");
        String prefix = Optional.ofNullable(clonePrefix).orElse(source + "-clone");
        check(RDS_ID.matcher(prefix).matches() && prefix.length() <= 50, "--clone-prefix", prefix,
                "1-50 letters, digits or single hyphens, starting with a letter, not ending with a hyphen");
        String name = Optional.ofNullable(pipeline).orElse(prefix);
        check(TAG_VALUE.matcher(name).matches(), "--pipeline", name,
                "1-256 letters, digits, spaces or _ . : / = + - @ (an RDS tag value)");

        ZoneId zone;
        try {
            zone = ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            throw bad("--time-zone", timeZone, "a zone id such as UTC, Europe/Berlin or Asia/Seoul");
        }
        CloneNaming naming = new CloneNaming(prefix, datePattern, zone);
        String sampleClone;
        try {
            DateTimeFormatter.ofPattern(datePattern);
            sampleClone = naming.cloneName(SAMPLE);
        } catch (IllegalArgumentException | DateTimeException e) {
            throw bad("--date-pattern", datePattern, "a java.time pattern of digits and letters, e.g. yyyyMMdd or yyyyMMdd-HH");
        }
        int count = intIn("--instance-count", instanceCount, 1, 16, "a whole number from 1 to 16");
        String sampleInstance = CloneNaming.instanceName(sampleClone, count);
        check(RDS_ID.matcher(sampleInstance).matches(), "--date-pattern", datePattern,
                "a pattern that keeps names valid RDS identifiers (letters, digits, single hyphens, at most 63 characters); "
                        + "it gives '" + sampleInstance + "'");

        RecordTarget.ZoneRef zoneRef = zoneRef();
        String writer = dnsName("--record", required("--record", record));
        Optional<String> reader = Optional.ofNullable(readerRecord).map(r -> dnsName("--reader-record", r));
        long ttlSeconds = intIn("--ttl", ttl, 0, Integer.MAX_VALUE, "a whole number of seconds from 0 to 2147483647");

        Optional<String> cls = Optional.ofNullable(instanceClass);
        cls.ifPresent(c -> check(INSTANCE_CLASS.matcher(c).matches(), "--instance-class", c,
                "an RDS instance class such as db.r6g.large, db.t4g.medium or db.serverless"));
        Optional<List<String>> groups = Optional.ofNullable(vpcSecurityGroupIds).map(v -> Arrays.stream(v.split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList());
        groups.ifPresent(g -> {
            check(!g.isEmpty(), "--vpc-security-group-ids", vpcSecurityGroupIds, "comma-separated ids such as sg-0123456789abcdef0");
            g.forEach(id -> check(SECURITY_GROUP.matcher(id).matches(), "--vpc-security-group-ids", id,
                    "comma-separated ids such as sg-0123456789abcdef0"));
        });
        Optional<String> subnetGroup = Optional.ofNullable(dbSubnetGroup);
        subnetGroup.ifPresent(g -> check(g.matches("[A-Za-z0-9 ._-]{1,255}") && !g.equalsIgnoreCase("default"),
                "--db-subnet-group", g, "a DB subnet group name (letters, digits, spaces, . _ -; not 'default')"));
        Optional<String> clusterParams = Optional.ofNullable(dbClusterParameterGroup);
        clusterParams.ifPresent(g -> check(RDS_NAME.matcher(g).matches(), "--db-cluster-parameter-group", g,
                "a parameter group name: letters, digits and hyphens, starting with a letter"));
        Optional<String> instanceParams = Optional.ofNullable(dbParameterGroup);
        instanceParams.ifPresent(g -> check(RDS_NAME.matcher(g).matches(), "--db-parameter-group", g,
                "a parameter group name: letters, digits and hyphens, starting with a letter"));

        CloneSettings settings = new CloneSettings(cls, count, subnetGroup, groups, clusterParams, instanceParams,
                bool("--deletion-protection", deletionProtection), bool("--final-snapshot", finalSnapshot),
                features.toOverrides());
        int keep = intIn("--retain", retain, 0, 1000, "a whole number from 0 to 1000");
        Duration wait = duration("--wait-timeout", waitTimeout);
        Duration giveUp = duration("--give-up-after", giveUpAfter);
        return new Pipeline(name, source, naming, new RecordTarget(zoneRef, writer, reader, ttlSeconds),
                settings, keep, wait, giveUp, keepReplacedFor == null ? Duration.ZERO : keepReplacedFor);
    }

    private RecordTarget.ZoneRef zoneRef() {
        if ((hostedZone == null) == (hostedZoneId == null)) {
            throw new ConfigurationException("--hosted-zone / --hosted-zone-id: give exactly one of them"
                    + (hostedZone == null ? " (neither is set)" : " (both are set)"));
        }
        if (hostedZoneId != null) {
            String id = hostedZoneId.trim().replaceFirst("^/?hostedzone/", "");
            check(ZONE_ID.matcher(id).matches(), "--hosted-zone-id", hostedZoneId, "a Route53 zone id such as Z0123456789ABCDEFGHIJ");
            return new RecordTarget.ZoneRef(id, true);
        }
        return new RecordTarget.ZoneRef(dnsName("--hosted-zone", hostedZone), false);
    }

    private static String dnsName(String option, String value) {
        String n = DnsRecord.normalize(value);
        check(DNS_NAME.matcher(n).matches(), option, value, "a DNS name such as dev-db.example.internal");
        return n;
    }

    private static String required(String option, String value) {
        if (value == null || value.isBlank()) {
            throw new ConfigurationException(option + ": missing; set it or " + EnvDefaults.variableFor(option));
        }
        return value.trim();
    }

    private static int intIn(String option, String value, long min, long max, String valid) {
        try {
            long n = Long.parseLong(value.trim());
            if (n >= min && n <= max) {
                return (int) n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(option, value, valid);
    }

    static boolean bool(String option, String value) {
        String v = value.trim().toLowerCase(java.util.Locale.ROOT);
        check(v.equals("true") || v.equals("false"), option, value, "true or false");
        return v.equals("true");
    }

    private static Duration duration(String option, String value) {
        try {
            Duration d = Durations.parse(value);
            if (!d.isNegative() && !d.isZero()) {
                return d;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw bad(option, value, "a positive duration such as 90s, 45m, 6h, 2d or PT45M");
    }

    static void check(boolean ok, String option, String value, String valid) {
        if (!ok) {
            throw bad(option, value, valid);
        }
    }

    static ConfigurationException bad(String option, String value, String valid) {
        return new ConfigurationException(option + ": '" + value + "' is not valid; use " + valid);
    }
}
