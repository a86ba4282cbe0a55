package dev.aurorarefresh.testing;

import dev.aurorarefresh.testing.FaultProxy.Answer;
import dev.aurorarefresh.testing.FaultProxy.Moto;
import dev.aurorarefresh.testing.FaultProxy.Request;
import dev.aurorarefresh.testing.StrictTwin.Rule;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * The strict twin's rules for what AWS keeps refusing (issue 21): the account's quotas, the
 * 15 copy-on-write clones of one source (the 16th restore makes a full copy), calls that need an
 * {@code available} cluster, sources AWS will not clone, and refusals a test switches on to last
 * (no capacity, a class no longer orderable, Route53 still busy with a prior request). Each rule
 * with its AWS evidence: docs/development.md, the strict twin table. Kept apart from
 * {@link StrictTwin}, which calls {@link #handle} before its own rules, {@link #statusOf} for
 * every cluster status it shows and {@link #copyOnWrite} for every restore.
 */
public final class TwinLimits {
    /** AWS's default quotas (Aurora user guide, "Quotas for Amazon Aurora"); adjustable per account, as AWS's are. */
    public static final Map<String, Long> DEFAULT_QUOTAS = Map.of("DBClusters", 40L, "DBInstances", 40L,
            "ManualClusterSnapshots", 100L);
    /** Copy-on-write clones of one source (Aurora user guide, "Limitations of Aurora cloning"); not adjustable. */
    public static final int COPY_ON_WRITE_CLONES = 15;
    /** Source statuses AWS refuses to clone from; {@code available} and {@code stopped} clone. */
    public static final Set<String> UNCLONEABLE_STATUSES = Set.of("backtracking", "upgrading",
            "resetting-master-credentials", "modifying", "migrating", "maintenance", "renaming");

    /** A refusal a test switched on; it lasts until {@link #lift}ed. */
    private record Lasting(int status, String code, String message) {
    }

    private final StrictTwin twin;
    private final RdsClient lookups;
    private final Map<String, Long> quotas = new HashMap<>(DEFAULT_QUOTAS);
    private final Map<String, String> statuses = new HashMap<>();
    private final Set<String> limitless = new HashSet<>();
    private final Map<String, Lasting> lasting = new LinkedHashMap<>();
    private final List<String> fullCopies = new ArrayList<>();
    private String restoresEndIn;

    TwinLimits(StrictTwin twin, RdsClient lookups) {
        this.twin = twin;
        this.lookups = lookups;
    }

    // ---- what a test sets -----------------------------------------------------------------------------

    /** The account's quota {@code name} (DBClusters, DBInstances, ManualClusterSnapshots) is {@code max}. */
    public TwinLimits quota(String name, long max) {
        synchronized (twin) {
            if (!DEFAULT_QUOTAS.containsKey(name)) {
                throw new IllegalArgumentException("no such quota in the twin: " + name);
            }
            quotas.put(name, max);
            return this;
        }
    }

    /** The quota {@code name} is full: its maximum is what the account uses now. */
    public TwinLimits full(String name) {
        synchronized (twin) {
            return quota(name, used(name));
        }
    }

    /** A cluster reads {@code status} (e.g. a source {@code backtracking}, a clone {@code backing-up}) until {@link #clearStatus}. */
    public TwinLimits status(String clusterId, String status) {
        synchronized (twin) {
            statuses.put(clusterId, status);
            return this;
        }
    }

    public TwinLimits clearStatus(String clusterId) {
        synchronized (twin) {
            statuses.remove(clusterId);
            return this;
        }
    }

    /**
     * Every cluster restored from now on reads {@code status} (e.g. {@code incompatible-network}, a
     * status RDS never leaves by itself) until {@link #clearStatus}; null: restores as usual.
     */
    public TwinLimits restoresEndIn(String status) {
        synchronized (twin) {
            restoresEndIn = status;
            return this;
        }
    }

    /** A cluster reads {@code ClusterScalabilityType=limitless} (moto cannot make one): AWS does not clone it. */
    public TwinLimits limitless(String clusterId) {
        synchronized (twin) {
            limitless.add(clusterId);
            return this;
        }
    }

    /** Every {@code CreateDBInstance} answers as AWS does when the class has no capacity, until lifted. */
    public TwinLimits noCapacity(String instanceClass) {
        return refuse("CreateDBInstance", 400, "InsufficientDBInstanceCapacity", "Cannot create a database instance because"
                + " there is no availability of " + instanceClass + " in this region at this time."
                + " Please try again later or try a different DB instance class.");
    }

    /** Every {@code CreateDBInstance} answers as AWS does for a class the engine version no longer offers, until lifted. */
    public TwinLimits notOrderable(String instanceClass, String engine) {
        return refuse("CreateDBInstance", 400, "InvalidParameterCombination", "RDS does not support creating a DB"
                + " instance with the following combination: DBInstanceClass=" + instanceClass + ", Engine=" + engine
                + ", LicenseModel=postgresql-license. For supported combinations of instance class and database engine"
                + " version, see the documentation.");
    }

    /** Every Route53 {@code ChangeResourceRecordSets} is refused: the zone is still busy with a prior request, until lifted. */
    public TwinLimits zoneBusy() {
        return refuse("ChangeResourceRecordSets", 400, "PriorRequestNotComplete",
                "The request was rejected because Route 53 was still processing a prior request.");
    }

    /** Every request of {@code operation} is answered with this error until {@link #lift}. */
    public TwinLimits refuse(String operation, int status, String code, String message) {
        synchronized (twin) {
            lasting.put(operation, new Lasting(status, code, message));
            return this;
        }
    }

    /** The refusal of {@code operation} lifts (the capacity is back, the zone is free). */
    public TwinLimits lift(String operation) {
        synchronized (twin) {
            lasting.remove(operation);
            return this;
        }
    }

    // ---- what the twin saw ----------------------------------------------------------------------------

    /** Restores that AWS would have made as full copies (past {@value #COPY_ON_WRITE_CLONES} clones of their source). */
    public List<String> fullCopies() {
        synchronized (twin) {
            return List.copyOf(fullCopies);
        }
    }

    /** What the account uses of quota {@code name} now, as DescribeAccountAttributes says. */
    public long used(String name) {
        synchronized (twin) {
            return switch (name) {
                case "DBClusters" -> lookups.describeDBClusters().dbClusters().size() + twin.deletingClusterCount();
                case "DBInstances" -> lookups.describeDBInstances().dbInstances().size() + twin.deletingInstanceCount();
                case "ManualClusterSnapshots" -> lookups.describeDBClusterSnapshots(r -> r.snapshotType("manual"))
                        .dbClusterSnapshots().size();
                default -> throw new IllegalArgumentException("no such quota in the twin: " + name);
            };
        }
    }

    // ---- the layer's part ----------------------------------------------------------------------------

    /** The status a cluster shows, given what the twin would show otherwise. */
    String statusOf(String clusterId, String shown) {
        return statuses.getOrDefault(clusterId, shown);
    }

    /** Extra fields of a cluster's record: {@code ClusterScalabilityType} of a Limitless cluster. */
    Map<String, String> fieldsOf(String clusterId) {
        return limitless.contains(clusterId) ? Map.of("ClusterScalabilityType", "limitless") : Map.of();
    }

    /**
     * A restore was made: it takes the status of {@link #restoresEndIn}, if set. Whether a restore of {@code source} is copy-on-write: AWS makes at most {@value #COPY_ON_WRITE_CLONES}
     * (the source's clone group, the source aside); past that it makes a full copy, not in the group.
     */
    boolean copyOnWrite(String source, String clone, Function<String, Long> liveMembersOfGroupOf) {
        if (restoresEndIn != null) {
            statuses.put(clone, restoresEndIn);
        }
        if (!twin.enforces(Rule.COPY_ON_WRITE_LIMIT) || liveMembersOfGroupOf.apply(source) < COPY_ON_WRITE_CLONES) {
            return true;
        }
        fullCopies.add(clone);
        return false;
    }

    /** AWS's answer where it refuses {@code request} by these rules; null to go on. */
    Answer handle(Request request, Map<String, String> form, Moto moto) {
        Lasting refused = lasting.get(request.operation());
        if (refused != null) {
            return twin.refuse(request, null, refused.status(), refused.code(), refused.message());
        }
        return switch (request.service() + " " + request.operation()) {
            case "RDS DescribeAccountAttributes" -> twin.enforces(Rule.QUOTAS) ? accountAttributes() : null;
            case "RDS RestoreDBClusterToPointInTime" -> restore(request, form);
            case "RDS CreateDBInstance" -> overQuota(request, "DBInstances", 400, "InstanceQuotaExceeded",
                    "The request would result in the user exceeding the allowed number of DB instances.");
            case "RDS ModifyDBCluster" -> needsAvailable(request, form.get("DBClusterIdentifier"), "cannot be modified");
            case "RDS DeleteDBCluster" -> form.containsKey("FinalDBSnapshotIdentifier") && !"true".equals(form.get("SkipFinalSnapshot"))
                    ? finalSnapshot(request, form.get("DBClusterIdentifier")) : null;
            default -> null;
        };
    }

    private Answer restore(Request request, Map<String, String> form) {
        String source = form.get("SourceDBClusterIdentifier");
        // another account's cluster: its status and instances are the owner's, and CROSS_ACCOUNT decides for it
        if (twin.enforces(Rule.UNCLONEABLE_SOURCE) && source != null && !ofAnotherAccount(source)) {
            String status = twin.statusShown(source);
            if (UNCLONEABLE_STATUSES.contains(status)) {
                return twin.refuse(request, Rule.UNCLONEABLE_SOURCE, 400, "InvalidDBClusterStateFault",
                        "DB cluster " + source + " is not in a valid state: " + status + ".");
            }
            if (limitless.contains(source)) {
                return twin.refuse(request, Rule.UNCLONEABLE_SOURCE, 400, "InvalidParameterCombination",
                        "Cloning isn't supported for Aurora PostgreSQL Limitless Database DB cluster " + source + ".");
            }
            if (lookups.describeDBInstances(r -> r.filters(f -> f.name("db-cluster-id").values(source))).dbInstances().isEmpty()) {
                return twin.refuse(request, Rule.UNCLONEABLE_SOURCE, 400, "InvalidDBClusterStateFault",
                        "DB cluster " + source + " has no DB instances: only a cluster with at least one DB instance can be cloned.");
            }
        }
        return overQuota(request, "DBClusters", 403, "DBClusterQuotaExceededFault",
                "The user attempted to create a new DB cluster and the user has already reached the maximum allowed DB cluster quota.");
    }

    /** An ARN naming another account's cluster (whether or not shared: moto or CROSS_ACCOUNT answers for it). */
    private static boolean ofAnotherAccount(String source) {
        String[] arn = source.split(":");
        return source.startsWith("arn:") && arn.length > 4 && !arn[4].equals(StrictTwin.ACCOUNT);
    }

    private Answer overQuota(Request request, String quota, int status, String code, String message) {
        if (!twin.enforces(Rule.QUOTAS) || used(quota) < quotas.get(quota)) {
            return null;
        }
        return twin.refuse(request, Rule.QUOTAS, status, code, message);
    }

    /** ModifyDBCluster and a final snapshot only from an available cluster (stopped and deleting are the other rules'). */
    private Answer needsAvailable(Request request, String clusterId, String what) {
        if (!twin.enforces(Rule.NEEDS_AVAILABLE) || clusterId == null) {
            return null;
        }
        String status = twin.statusShown(clusterId);
        if (status.equals("available") || status.equals("stopped") || status.equals("deleting")) {
            return null;
        }
        return twin.refuse(request, Rule.NEEDS_AVAILABLE, 400, "InvalidDBClusterStateFault",
                "DB cluster " + clusterId + " is in " + status + " state and " + what + "; it must be available.");
    }

    private Answer finalSnapshot(Request request, String clusterId) {
        Answer refused = needsAvailable(request, clusterId, "cannot take a final snapshot");
        return refused != null ? refused : overQuota(request, "ManualClusterSnapshots", 400, "SnapshotQuotaExceeded",
                "The request would result in the user exceeding the allowed number of DB snapshots.");
    }

    /** DescribeAccountAttributes (moto answers 500): the quotas the twin keeps, with what the account uses. */
    private Answer accountAttributes() {
        StringBuilder quotasXml = new StringBuilder();
        for (String name : List.of("DBClusters", "DBInstances", "ManualClusterSnapshots")) {
            quotasXml.append("<AccountQuota><AccountQuotaName>").append(name).append("</AccountQuotaName><Used>")
                    .append(used(name)).append("</Used><Max>").append(quotas.get(name)).append("</Max></AccountQuota>");
        }
        String body = "<DescribeAccountAttributesResponse xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\">"
                + "<DescribeAccountAttributesResult><AccountQuotas>" + quotasXml + "</AccountQuotas>"
                + "</DescribeAccountAttributesResult><ResponseMetadata><RequestId>twin</RequestId></ResponseMetadata>"
                + "</DescribeAccountAttributesResponse>";
        return new Answer(200, Map.of("Content-Type", List.of("text/xml")), body.getBytes(StandardCharsets.UTF_8));
    }
}
