package dev.aurorarefresh.cli;

import dev.aurorarefresh.core.CronSchedule;
import dev.aurorarefresh.core.DnsRecord;
import dev.aurorarefresh.core.Durations;
import dev.aurorarefresh.core.CloneCycle;
import dev.aurorarefresh.core.MasterPassword;
import dev.aurorarefresh.core.SourceArn;
import dev.aurorarefresh.probe.CaBundle;
import dev.aurorarefresh.probe.HookScripts;
import dev.aurorarefresh.port.HostPort;
import dev.aurorarefresh.probe.TlsMode;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The option types: each converter turns the text of one option (from the command line or its
 * environment variable) into a value, or fails with what would be valid. The parameter exception
 * handler ({@link UsageErrors}) puts the option (and variable) in front: one line per bad value.
 * Every converter has a public no-argument constructor, as picocli (and native image) create them.
 */
final class OptionTypes {
    private OptionTypes() {
    }

    /** The message a converter fails with: "'value' is not valid; use ...". */
    static TypeConversionException invalid(String value, String valid) {
        return new TypeConversionException("'" + value + "' is not valid; use " + valid);
    }

    /** Text that must match a pattern, trimmed. */
    abstract static class Matching implements ITypeConverter<String> {
        private final Predicate<String> ok;
        private final String valid;

        Matching(String regex, String valid) {
            this(Pattern.compile(regex).asMatchPredicate(), valid);
        }

        Matching(Predicate<String> ok, String valid) {
            this.ok = ok;
            this.valid = valid;
        }

        @Override
        public String convert(String value) {
            String v = value.trim();
            if (!ok.test(v)) {
                throw invalid(value, valid);
            }
            return v;
        }
    }

    /** A whole number in a range. */
    abstract static class WholeNumber implements ITypeConverter<Integer> {
        private final long min;
        private final long max;
        private final Predicate<Long> allowed;
        private final String valid;

        WholeNumber(long min, long max, String valid) {
            this(min, max, n -> true, valid);
        }

        WholeNumber(long min, long max, Predicate<Long> allowed, String valid) {
            this.min = min;
            this.max = max;
            this.allowed = allowed;
            this.valid = valid;
        }

        @Override
        public Integer convert(String value) {
            try {
                long n = Long.parseLong(value.trim());
                if (n >= min && n <= max && allowed.test(n)) {
                    return (int) n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw invalid(value, valid);
        }
    }

    private static final Pattern RDS_ID = Pattern.compile("[A-Za-z](?!.*--)[A-Za-z0-9-]{0,62}(?<!-)");
    /** A group's own name, or AWS's default group of a family, whose name alone has a period (default.aurora-mysql8.0). */
    private static final String PARAMETER_GROUP = "[A-Za-z][A-Za-z0-9-]{0,254}|default\\.[a-z][a-z0-9.-]{0,246}";
    private static final String PARAMETER_GROUP_HINT = "a parameter group name: letters, digits and hyphens, starting with a letter,"
            + " or a default group, default.<family> (default.aurora-postgresql16)";

    /** True or false only: "yes" or "on" is a typo, not a guess. */
    public static final class Bool implements ITypeConverter<Boolean> {
        @Override
        public Boolean convert(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            if (!v.equals("true") && !v.equals("false")) {
                throw invalid(value, "true or false");
            }
            return v.equals("true");
        }
    }

    public static final class PositiveDuration implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                Duration d = Durations.parse(value);
                if (!d.isNegative() && !d.isZero()) {
                    return d;
                }
            } catch (IllegalArgumentException e) {
                // reported below
            }
            throw invalid(value, "a positive duration such as 90s, 45m, 6h, 2d or PT45M");
        }
    }

    /** {@code --keep-replaced-for}: 0 (delete a replaced clone at once) or a duration up to 30 days. */
    public static final class GracePeriod implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            if (value.trim().equals("0")) {
                return Duration.ZERO;
            }
            try {
                Duration d = Durations.parse(value);
                if (!d.isNegative() && d.compareTo(Duration.ofDays(30)) <= 0) {
                    return d;
                }
            } catch (IllegalArgumentException e) {
                // reported below
            }
            throw invalid(value, "0 or a duration up to 30d such as 2h, 90m or 1d");
        }
    }

    /** 0 (off) or a duration up to 72h, as seconds. */
    public static final class BacktrackWindow implements ITypeConverter<Long> {
        private static final long MAX_SECONDS = 72 * 3600;

        @Override
        public Long convert(String value) {
            if (value.trim().equals("0")) {
                return 0L;
            }
            try {
                Duration d = Durations.parse(value);
                if (!d.isNegative() && d.getSeconds() <= MAX_SECONDS) {
                    return d.getSeconds();
                }
            } catch (IllegalArgumentException e) {
                // reported below
            }
            throw invalid(value, "0 (off) or a duration up to 72h such as 24h or 90m");
        }
    }

    public static final class Zone implements ITypeConverter<ZoneId> {
        @Override
        public ZoneId convert(String value) {
            try {
                return ZoneId.of(value.trim());
            } catch (DateTimeException e) {
                throw invalid(value, "a zone id such as UTC, Europe/Berlin or Asia/Seoul");
            }
        }
    }

    /** A cron line of 5 fields; checked in UTC here, placed in --schedule-time-zone by the options. */
    public static final class Cron implements ITypeConverter<CronSchedule> {
        @Override
        public CronSchedule convert(String value) {
            CronSchedule cron;
            try {
                cron = CronSchedule.parse(value, ZoneId.of("UTC"));
            } catch (IllegalArgumentException e) {
                throw invalid(value, "a cron line of 5 fields such as \"30 5 * * 1-5\" (" + e.getMessage() + ")");
            }
            if (cron.nextAfter(Instant.EPOCH).isEmpty()) {
                throw invalid(value, "a cron line that matches a real date");
            }
            return cron;
        }
    }

    public static final class HostAndPort implements ITypeConverter<HostPort> {
        private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9.-]+):(\\d{1,5})");

        @Override
        public HostPort convert(String value) {
            var m = HOST_PORT.matcher(value.trim());
            int port = m.matches() ? Integer.parseInt(m.group(2)) : 0;
            if (port < 1 || port > 65535) {
                throw invalid(value, "HOST:PORT such as 127.0.0.1:5432");
            }
            return new HostPort(m.group(1).replaceAll("^\\[|]$", ""), port);
        }
    }

    public static final class Tls implements ITypeConverter<TlsMode> {
        @Override
        public TlsMode convert(String value) {
            return TlsMode.parse(value.trim()).orElseThrow(() -> invalid(value.trim(), "verify-full, require or prefer"));
        }
    }

    public static final class LogFormatType implements ITypeConverter<LoggingOptions.Format> {
        @Override
        public LoggingOptions.Format convert(String value) {
            try {
                return LoggingOptions.Format.valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw invalid(value, "text or json");
            }
        }
    }

    /** A PEM file of CA certificates, read now so that a bad file is a usage error. */
    public static final class CaBundleFile implements ITypeConverter<CaBundle> {
        @Override
        public CaBundle convert(String value) {
            return load(value.trim());
        }

        static CaBundle load(String file) {
            try {
                return CaBundle.load(Path.of(file));
            } catch (IllegalArgumentException e) { // also InvalidPathException
                throw new TypeConversionException("'" + file + "' cannot be used: " + e.getMessage()
                        + "; use a readable PEM file of CA certificates such as AWS's RDS global-bundle.pem");
            }
        }
    }

    /** A .sql file or a directory of *.sql files, read now. */
    public static final class SqlHooks implements ITypeConverter<HookScripts> {
        @Override
        public HookScripts convert(String value) {
            try {
                return HookScripts.load(Path.of(value));
            } catch (IllegalArgumentException e) { // also InvalidPathException
                throw new TypeConversionException("'" + value + "' cannot be used: " + e.getMessage()
                        + "; use a .sql file or a directory of *.sql files");
            }
        }
    }

    /** A DNS name, normalized (lower case, no final dot). */
    public static final class DnsName implements ITypeConverter<String> {
        private static final Pattern DNS_NAME = Pattern.compile(
                "(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)+");

        @Override
        public String convert(String value) {
            String n = DnsRecord.normalize(value);
            if (!DNS_NAME.matcher(n).matches()) {
                throw invalid(value, "a DNS name such as dev-db.example.internal");
            }
            return n;
        }
    }

    /** A Route53 zone id, with or without the "/hostedzone/" prefix the API returns. */
    public static final class HostedZoneId implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            String id = value.trim().replaceFirst("^/?hostedzone/", "");
            if (!id.matches("[A-Z0-9]{1,32}")) {
                throw invalid(value, "a Route53 zone id such as Z0123456789ABCDEFGHIJ");
            }
            return id;
        }
    }

    public static final class ClusterId extends Matching {
        public ClusterId() {
            super(RDS_ID.asMatchPredicate(), "a DB cluster identifier: 1-63 letters, digits or hyphens, starting with a letter");
        }
    }

    /** --source-cluster: an identifier, or the ARN of a cluster another account shares with this one. */
    public static final class SourceCluster extends Matching {
        public SourceCluster() {
            super(v -> RDS_ID.matcher(v).matches() || SourceArn.isArn(v) && RDS_ID.matcher(SourceArn.clusterId(v)).matches(),
                    "a DB cluster identifier (1-63 letters, digits or hyphens, starting with a letter) or the ARN of a cluster"
                            + " shared with this account, arn:aws:rds:<region>:<account>:cluster:<identifier>");
        }
    }

    public static final class ClonePrefix extends Matching {
        public ClonePrefix() {
            super(ClonePrefix::valid, VALID);
        }

        static final String VALID = "1-50 letters, digits or single hyphens, starting with a letter, not ending with a hyphen";

        static boolean valid(String prefix) {
            return RDS_ID.matcher(prefix).matches() && prefix.length() <= 50;
        }
    }

    /** Also the check of a derived name (an instance name from the date pattern). */
    static boolean isRdsId(String name) {
        return RDS_ID.matcher(name).matches();
    }

    public static final class TagValue extends Matching {
        public TagValue() {
            super("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]{1,256}", "1-256 letters, digits, spaces or _ . : / = + - @ (an RDS tag value)");
        }
    }

    public static final class InstanceClass extends Matching {
        public InstanceClass() {
            super("db\\.(serverless|[a-z0-9]+\\.[a-z0-9]+)",
                    "an RDS instance class such as db.r6g.large, db.t4g.medium or db.serverless");
        }
    }

    public static final class SubnetGroup extends Matching {
        public SubnetGroup() {
            super(Pattern.compile("[A-Za-z0-9 ._-]{1,255}").asMatchPredicate().and(g -> !g.equalsIgnoreCase("default")),
                    "a DB subnet group name (letters, digits, spaces, . _ -; not 'default')");
        }
    }

    public static final class ParameterGroup extends Matching {
        public ParameterGroup() {
            super(PARAMETER_GROUP, PARAMETER_GROUP_HINT);
        }
    }

    /** A comma-separated list as one option value (a List field would make the option repeatable). */
    record Names(List<String> values) {
    }

    /** Comma-separated security group ids. */
    public static final class SecurityGroups implements ITypeConverter<Names> {
        private static final Pattern SECURITY_GROUP = Pattern.compile("sg-[0-9a-f]{8,17}");
        private static final String VALID = "comma-separated ids such as sg-0123456789abcdef0";

        @Override
        public Names convert(String value) {
            List<String> ids = Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
            if (ids.isEmpty()) {
                throw invalid(value, VALID);
            }
            ids.stream().filter(id -> !SECURITY_GROUP.matcher(id).matches()).findFirst().ifPresent(id -> {
                throw invalid(id, VALID);
            });
            return new Names(ids);
        }
    }

    public static final class StorageType extends Matching {
        public StorageType() {
            super("aurora|aurora-iopt1", "aurora (standard) or aurora-iopt1 (I/O-Optimized)");
        }
    }

    /** CloudWatch log types, or none (an empty list). */
    public static final class LogExports implements ITypeConverter<Names> {
        /** Every log type RDS exports for an Aurora engine (aurora-mysql and aurora-postgresql). */
        private static final Set<String> LOG_TYPES = Set.of("audit", "error", "general", "slowquery", "postgresql",
                "iam-db-auth-error", "instance");

        @Override
        public Names convert(String value) {
            if (value.trim().equalsIgnoreCase("none")) {
                return new Names(List.of());
            }
            List<String> types = Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
            if (types.isEmpty() || !LOG_TYPES.containsAll(types)) {
                throw invalid(value, "none, or comma-separated log types from " + LOG_TYPES.stream().sorted().toList()
                        + " (aurora-mysql: audit,error,general,slowquery; aurora-postgresql: postgresql)");
            }
            return new Names(types);
        }
    }

    public static final class InsightsRetention extends WholeNumber {
        public InsightsRetention() {
            super(7, 731, d -> d == 7 || d == 731 || (d % 31 == 0 && d >= 31 && d <= 713),
                    "7, a multiple of 31 from 31 to 713 (months), or 731 days");
        }
    }

    public static final class MonitoringInterval extends WholeNumber {
        public MonitoringInterval() {
            super(0, 60, s -> Set.of(0L, 1L, 5L, 10L, 15L, 30L, 60L).contains(s), "0 (off), 1, 5, 10, 15, 30 or 60 seconds");
        }
    }

    public static final class RoleArn extends Matching {
        public RoleArn() {
            super("arn:aws(-[a-z]+)*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}",
                    "an IAM role ARN such as arn:aws:iam::123456789012:role/rds-monitoring-role");
        }
    }

    /** A KMS key as RestoreDBClusterToPointInTime takes it; a key of another account by its key or alias ARN. */
    public static final class KmsKeyId extends Matching {
        public KmsKeyId() {
            super("arn:aws(-[a-z]+)*:kms:[a-z0-9-]+:\\d{12}:(key/[A-Za-z0-9-]{1,128}|alias/[A-Za-z0-9/_-]{1,250})"
                            + "|(mrk-)?[0-9a-fA-F-]{32,36}|alias/[A-Za-z0-9/_-]{1,250}",
                    "a KMS key ARN (arn:aws:kms:us-east-1:123456789012:key/<id>), alias ARN, key id or alias/<name>;"
                            + " a key of another account by its ARN");
        }
    }

    /** --master-password: a mode, and for secret:ARN the operator's secret. */
    public record MasterPasswordChoice(MasterPassword mode, Optional<String> secretArn) {
    }

    /**
     * managed, keep, or secret:ARN; the ARN is kept in a tag (aurora-refresh:master-password), whose
     * value AWS caps at 256 characters.
     */
    public static final class MasterPasswordMode implements ITypeConverter<MasterPasswordChoice> {
        private static final String VALID = "managed (a password RDS keeps in a secret it manages), keep (production's)"
                + " or secret:<ARN> (the \"password\" of that Secrets Manager secret, e.g."
                + " secret:arn:aws:secretsmanager:us-east-1:123456789012:secret:dev-master-AbCdEf, at most 256 characters)";

        @Override
        public MasterPasswordChoice convert(String value) {
            String v = value.trim();
            if (v.regionMatches(true, 0, "secret:", 0, "secret:".length())) {
                String arn = v.substring("secret:".length()).trim();
                if (!SECRET_ARN.matcher(arn).matches() || arn.length() > 256) {
                    throw invalid(value, VALID);
                }
                return new MasterPasswordChoice(MasterPassword.SECRET, Optional.of(arn));
            }
            for (var mode : List.of(MasterPassword.MANAGED, MasterPassword.KEEP)) {
                if (mode.optionValue().equals(v.toLowerCase(Locale.ROOT))) {
                    return new MasterPasswordChoice(mode, Optional.empty());
                }
            }
            // someone may give the password itself here: it is not repeated
            throw new TypeConversionException("the value given is not valid and not repeated (it may be a password); use " + VALID);
        }
    }

    public static final class CloneCycleMode implements ITypeConverter<CloneCycle> {
        @Override
        public CloneCycle convert(String value) {
            for (var cycle : CloneCycle.values()) {
                if (cycle.optionValue().equals(value.trim().toLowerCase(Locale.ROOT))) {
                    return cycle;
                }
            }
            throw invalid(value, "overlap (the new clone is made while the current one stays connected) or replace (the current"
                    + " one is taken off the record and deleted first)");
        }
    }

    public static final class Ttl extends WholeNumber {
        public Ttl() {
            super(0, Integer.MAX_VALUE, "a whole number of seconds from 0 to 2147483647");
        }
    }

    public static final class InstanceCount extends WholeNumber {
        public InstanceCount() {
            super(1, 16, "a whole number from 1 to 16");
        }
    }

    public static final class Retain extends WholeNumber {
        public Retain() {
            super(0, 1000, "a whole number from 0 to 1000");
        }
    }

    public static final class DbUser extends Matching {
        public DbUser() {
            super("[A-Za-z_][A-Za-z0-9_.@$-]{0,62}", "a database user name: letters, digits, _ . @ $ -, starting with a letter or _");
        }
    }

    public static final class DbName extends Matching {
        public DbName() {
            super("[A-Za-z_][A-Za-z0-9_$-]{0,62}", "a database name: letters, digits, _ $ -, starting with a letter or _");
        }
    }

    private static final Pattern SECRET_ARN =
            Pattern.compile("arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:[A-Za-z0-9/_+=.@-]+");

    public static final class SecretArn extends Matching {
        public SecretArn() {
            super(SECRET_ARN.asMatchPredicate(),
                    "a Secrets Manager secret ARN such as arn:aws:secretsmanager:us-east-1:123456789012:secret:dev-db-AbCdEf");
        }
    }

    public static final class KmsKeyArn extends Matching {
        public KmsKeyArn() {
            super("arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key/[A-Za-z0-9-]+",
                    "a KMS key ARN such as arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab");
        }
    }

    public static final class AccountId extends Matching {
        public AccountId() {
            super("\\d{12}", "a 12-digit AWS account id such as 123456789012");
        }
    }

    public static final class AwsRegion extends Matching {
        public AwsRegion() {
            super("[a-z]{2}(-[a-z]+)+-\\d{1,2}", "an AWS region such as us-east-1 or eu-central-1");
        }
    }

    public static final class Query extends Matching {
        public Query() {
            super(q -> !q.isBlank(), "a SQL query such as SELECT 1");
        }
    }

    public static final class MetricsJob extends Matching {
        public MetricsJob() {
            super("[A-Za-z0-9_.:-]{1,128}", "1-128 letters, digits or _ . : -");
        }
    }

    /** An http(s) URL without credentials (they would be printed; they come from the environment). */
    public static final class PushgatewayUrl implements ITypeConverter<URL> {
        private static final String VALID = "an http(s) URL such as http://pushgateway.monitoring:9091";

        @Override
        public URL convert(String text) {
            String value = text.trim();
            if (value.isEmpty()) {
                return null; // set but empty: no push, as when unset
            }
            URI uri;
            try {
                uri = new URI(value);
            } catch (URISyntaxException e) {
                throw invalid(value, VALID);
            }
            if (uri.getRawUserInfo() != null) {
                throw new TypeConversionException("credentials in the URL are not accepted (they would be printed); set "
                        + MetricsOptions.USERNAME + " and " + MetricsOptions.PASSWORD + " instead");
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                    || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw invalid(value, VALID);
            }
            try {
                return uri.toURL();
            } catch (MalformedURLException | IllegalArgumentException e) {
                throw invalid(value, VALID);
            }
        }
    }

    /** {@code --parallel}: how many pipelines of a fleet run at once. */
    public static final class Parallel extends WholeNumber {
        public Parallel() {
            super(1, FleetOptions.MAX_PARALLEL, "a whole number from 1 to " + FleetOptions.MAX_PARALLEL);
        }
    }

    /** {@code --only}: comma-separated pipeline names (RDS tag values, as --pipeline). */
    public static final class PipelineNames implements ITypeConverter<Names> {
        private final TagValue name = new TagValue();

        @Override
        public Names convert(String value) {
            List<String> names = Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
            if (names.isEmpty()) {
                throw invalid(value, "comma-separated pipeline names such as dev,qa");
            }
            return new Names(names.stream().map(name::convert).distinct().toList());
        }
    }
}
