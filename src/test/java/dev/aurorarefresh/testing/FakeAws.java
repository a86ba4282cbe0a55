package dev.aurorarefresh.testing;

import dev.aurorarefresh.core.Action;
import dev.aurorarefresh.core.CloneSpec;
import dev.aurorarefresh.core.ClusterFeatures;
import dev.aurorarefresh.core.ClusterView;
import dev.aurorarefresh.core.DnsRecord;
import dev.aurorarefresh.core.InstanceMonitoring;
import dev.aurorarefresh.core.InstanceView;
import dev.aurorarefresh.core.Lifecycle;
import dev.aurorarefresh.core.Observation;
import dev.aurorarefresh.core.ServerlessScaling;
import dev.aurorarefresh.core.SourceCluster;
import dev.aurorarefresh.pass.RefreshPass;
import dev.aurorarefresh.port.DnsPort;
import dev.aurorarefresh.port.NotReadyException;
import dev.aurorarefresh.port.PortException;
import dev.aurorarefresh.port.RdsPort;
import dev.aurorarefresh.port.ReadinessCheck;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * The one fake world of the unit tests: an in-memory RDS and Route53 that passes run against
 * ({@link RdsPort}, {@link DnsPort}) and that planner tests read as an {@link Observation}
 * ({@link #observation()}). Statuses advance one step per describe (e.g. creating, creating,
 * available), operations can be made to fail N times (throttling after the SDK's retries), and
 * every call is counted. Built up fluently: {@code FakeAws.at(NOW).clone(id, CONNECTED, "available", 1).recordAt(id)}.
 * AWS's rules live in the {@link StrictTwin}; {@code FakeAwsContractTest} holds this fake to the
 * same outcomes, scenario by scenario.
 */
public final class FakeAws implements RdsPort, DnsPort {
    /** The instant of a planner test's world, its source (every test's: {@link RefreshFixture#SOURCE}), and the records of {@link Pipelines#dev()}. */
    public static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    public static final String SOURCE = RefreshFixture.SOURCE;
    public static final String RECORD = "dev-db.example.internal";
    public static final String READER_RECORD = "dev-ro.example.internal";

    /** A cluster or instance whose status follows a script, one entry per describe. */
    public static final class Resource {
        public final String id;
        public final String arn;
        public String clusterId;
        public final Deque<String> script = new ArrayDeque<>();
        public String status;
        public final Map<String, String> tags = new LinkedHashMap<>();
        public boolean deletionProtection;
        String instanceClass = "db.r6g.large";
        InstanceMonitoring monitoring = InstanceMonitoring.NONE;
        Instant created;
        /** A cluster's Serverless v2 range, as RDS reports it. */
        public Optional<ServerlessScaling> serverlessV2 = Optional.empty();
        /** The secret RDS keeps a cluster's master password in (ManageMasterUserPassword). */
        public Optional<String> masterUserSecretArn = Optional.empty();

        Resource(String id, String arn, List<String> statuses) {
            this.id = id;
            this.arn = arn;
            this.script.addAll(statuses);
            this.status = this.script.isEmpty() ? "available" : this.script.poll();
        }

        String observe() {
            String s = status;
            if (!script.isEmpty()) {
                status = script.poll();
            }
            return s;
        }
    }

    public final FakeClock clock;
    public final Map<String, Resource> clusters = new LinkedHashMap<>();
    public final Map<String, Resource> instances = new LinkedHashMap<>();
    public final Map<String, String> records = new HashMap<>();
    public final Map<String, Integer> calls = new LinkedHashMap<>();
    private final Map<String, Deque<String>> failures = new HashMap<>();
    /** The source's engine version, and what DescribeDBEngineVersions says of its lowest Serverless v2 capacity. */
    public String sourceEngineVersion = "15.7";
    public Optional<Double> reportedServerlessMinCapacity = Optional.empty();
    /** What DescribeDBEngineVersions says of the source's version's Serverless v2 maximum (empty: nothing). */
    public Optional<Double> reportedServerlessMaxCapacity = Optional.empty();
    /** The last restore request. */
    public CloneSpec lastRestore;
    public List<String> cloneStatuses = List.of("creating", "available");
    public List<String> instanceStatuses = List.of("creating", "available");
    public int changePollsUntilInSync = 0;
    private int changePolls;
    public final String zoneId = "ZFAKE";
    public final String zoneName = "example.internal";
    /** The source's Aurora features (copied to clones unless overridden). */
    public ClusterFeatures sourceFeatures = ClusterFeatures.NONE;
    private String sourceId;

    public FakeAws(FakeClock clock) {
        this.clock = clock;
    }

    /** A world at {@code now} on its own fake clock, with the source {@link #SOURCE} and its writer. */
    public static FakeAws at(Instant now) {
        FakeAws world = new FakeAws(new FakeClock(now));
        world.source(SOURCE);
        return world;
    }

    /** A pass against this world, or {@code rds} in front of it, sleeping on its fake clock (jitter seeded). */
    public RefreshPass pass(RdsPort rds, ReadinessCheck readiness) {
        return new RefreshPass(rds, this, readiness, clock, clock, new Random(7));
    }

    // ---- scripting ------------------------------------------------------------------------------

    /** The source cluster, available, with one available writer instance ({@code <id>-1}). */
    public FakeAws source(String id) {
        Optional.ofNullable(sourceId).ifPresent(old -> {
            clusters.remove(old);
            instances.remove(old + "-1");
        });
        sourceId = id;
        Resource c = new Resource(id, arn("cluster", id), List.of());
        c.created = clock.instant().minusSeconds(86400 * 100);
        c.deletionProtection = true;
        clusters.put(id, c);
        Resource w = new Resource(id + "-1", arn("db", id + "-1"), List.of());
        w.clusterId = id;
        instances.put(w.id, w);
        return this;
    }

    /** The source {@code id}, tagged (e.g. with our tags, which must not make it ours). */
    public FakeAws source(String id, Map<String, String> tags) {
        source(id);
        clusters.get(id).tags.putAll(tags);
        return this;
    }

    public FakeAws sourceStatus(String status) {
        source().status = status;
        return this;
    }

    /** The source's Serverless v2 range. */
    public FakeAws sourceScaling(Optional<ServerlessScaling> scaling) {
        source().serverlessV2 = scaling;
        return this;
    }

    /** The class of the source's writer, which clones copy unless told otherwise. */
    public FakeAws writerClass(String instanceClass) {
        instances.get(sourceId + "-1").instanceClass = instanceClass;
        return this;
    }

    public FakeAws writerMonitoring(InstanceMonitoring monitoring) {
        instances.get(sourceId + "-1").monitoring = monitoring;
        return this;
    }

    private Resource source() {
        return clusters.get(sourceId);
    }

    /** Our tags: pipeline, source, lifecycle and when the clone was requested. */
    public static Map<String, String> tags(String pipeline, String source, Lifecycle lifecycle, Instant createdAt) {
        return MotoAccount.cloneTags(pipeline, source, lifecycle.tagValue(), createdAt);
    }

    /** A clone of pipeline "dev" requested {@code daysAgo} days ago, with one instance of the same status. */
    public FakeAws clone(String id, Lifecycle lifecycle, String status, int daysAgo) {
        return cluster(id, tags("dev", SOURCE, lifecycle, clock.instant().minus(Duration.ofDays(daysAgo))), status, false);
    }

    /** A cluster with these tags and one instance ({@code <id>-1}), both of this status; AWS's create time unknown. */
    public FakeAws cluster(String id, Map<String, String> tags, String status, boolean deletionProtection) {
        Resource c = new Resource(id, arn("cluster", id), List.of(status));
        c.tags.putAll(tags);
        c.deletionProtection = deletionProtection;
        clusters.put(id, c);
        instance(id + "-1", id, status);
        return this;
    }

    public FakeAws withoutInstances(String clusterId) {
        instances.values().removeIf(i -> clusterId.equals(i.clusterId));
        return this;
    }

    public FakeAws instanceStatus(String instanceId, String status) {
        Resource i = instances.get(instanceId);
        i.script.clear();
        i.status = status;
        return this;
    }

    /** The cluster's master password is RDS's already, kept in a secret it manages (it has a MasterUserSecret). */
    public FakeAws masterSecret(String clusterId) {
        clusters.get(clusterId).masterUserSecretArn = Optional.of("arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster-" + clusterId);
        return this;
    }

    /** The writer record ({@link #RECORD}) on this cluster. */
    public FakeAws recordAt(String clusterId) {
        records.put(RECORD, endpoint(clusterId));
        return this;
    }

    /** The reader record ({@link #READER_RECORD}) on this cluster's reader endpoint. */
    public FakeAws readerRecordAt(String clusterId) {
        records.put(READER_RECORD, readerEndpoint(clusterId));
        return this;
    }

    public static String endpoint(String clusterId) {
        return clusterId + ".cluster-fake.rds.local";
    }

    public static String readerEndpoint(String clusterId) {
        return clusterId + ".cluster-ro-fake.rds.local";
    }

    /**
     * What an observation of this world sees now, for the planner: without counting calls or
     * advancing any status. The reader record is read as {@link #READER_RECORD}.
     */
    public Observation observation() {
        return new Observation(sourceCluster(clusters.get(sourceId)),
                clusters.values().stream().map(c -> view(c, c.status)).toList(),
                instances.values().stream().map(i -> instanceView(i, i.status)).toList(),
                record(RECORD), Optional.of(record(READER_RECORD)), List.copyOf(snapshots));
    }

    /** A clone already present, with its tags and one available instance. */
    public Resource clone(String id, Map<String, String> tags, String status) {
        Resource c = new Resource(id, arn("cluster", id), List.of(status));
        c.tags.putAll(tags);
        c.created = clock.instant();
        clusters.put(id, c);
        Resource i = new Resource(id + "-1", arn("db", id + "-1"), List.of("available"));
        i.clusterId = id;
        i.tags.putAll(tags);
        instances.put(i.id, i);
        return c;
    }

    /** An instance already present in a cluster, with this status and the cluster's tags. */
    public Resource instance(String id, String clusterId, String status) {
        Resource i = new Resource(id, arn("db", id), List.of(status));
        i.clusterId = clusterId;
        Optional.ofNullable(clusters.get(clusterId)).ifPresent(c -> i.tags.putAll(c.tags));
        instances.put(id, i);
        return i;
    }

    /** The next {@code times} calls of this operation fail like the SDK does after its retries. */
    public void fail(String operation, int times, String code) {
        Deque<String> q = failures.computeIfAbsent(operation, k -> new ArrayDeque<>());
        for (int n = 0; n < times; n++) {
            q.add(code);
        }
    }

    public int count(String operation) {
        return calls.getOrDefault(operation, 0);
    }

    public int mutatingCalls() {
        return calls.entrySet().stream().filter(e -> !e.getKey().startsWith("Describe") && !e.getKey().startsWith("List")
                && !e.getKey().startsWith("Get")).mapToInt(Map.Entry::getValue).sum();
    }

    private void call(String operation) {
        calls.merge(operation, 1, Integer::sum);
        Deque<String> q = failures.get(operation);
        if (q != null && !q.isEmpty()) {
            String code = q.poll();
            throw new PortException("RDS " + operation + ": " + code + ": Rate exceeded (HTTP 400)", null);
        }
    }

    private static String arn(String kind, String id) {
        return "arn:aws:rds:us-east-1:123456789012:" + kind + ":" + id;
    }

    // ---- RdsPort --------------------------------------------------------------------------------

    @Override
    public Optional<SourceCluster> describeSource(String clusterId) {
        call("DescribeDBClusters");
        return Optional.ofNullable(clusters.get(clusterId)).map(this::sourceCluster);
    }

    private SourceCluster sourceCluster(Resource c) {
        return new SourceCluster(c.id, "aurora-postgresql", c.status, Optional.empty(), "subnets",
                List.of("sg-0123456789abcdef0"), "pg15-cluster", 5432, c.serverlessV2, Optional.of(c.id + "-1"), false,
                sourceFeatures, sourceEngineVersion);
    }

    @Override
    public Optional<Double> serverlessMinCapacity(String engine, String engineVersion) {
        call("DescribeDBEngineVersions");
        return reportedServerlessMinCapacity;
    }

    @Override
    public Optional<Double> serverlessMaxCapacity(String engine, String engineVersion) {
        call("DescribeDBEngineVersions");
        return reportedServerlessMaxCapacity;
    }

    @Override
    public Optional<ClusterView> describeCluster(String clusterId) {
        call("DescribeDBClusters");
        Resource c = clusters.get(clusterId);
        if (c == null) {
            return Optional.empty();
        }
        String status = c.observe(); // a describe moves the script on, as a listing does
        if (status.equals("gone")) {
            clusters.remove(c.id);
            return Optional.empty();
        }
        return Optional.of(view(c, status));
    }

    private ClusterView view(Resource c, String status) {
        return new ClusterView(c.id, c.arn, status, "aurora-postgresql", endpoint(c.id), readerEndpoint(c.id),
                c.deletionProtection, Optional.ofNullable(c.created), Map.copyOf(c.tags),
                null, c.serverlessV2, c.masterUserSecretArn, Optional.empty());
    }

    @Override
    public Clusters listClusters(String sourceId, Optional<String> cloneGroupId) {
        Optional<SourceCluster> source = describeSource(sourceId);
        List<ClusterView> out = new ArrayList<>();
        for (Resource c : List.copyOf(clusters.values())) {
            String status = c.observe();
            if (status.equals("gone")) {
                clusters.remove(c.id);
                continue;
            }
            out.add(view(c, status));
        }
        return new Clusters(source, out);
    }

    @Override
    public List<InstanceView> describeInstances(Collection<String> clusterIds) {
        call("DescribeDBInstances");
        List<InstanceView> out = new ArrayList<>();
        for (Resource i : List.copyOf(instances.values())) {
            if (!clusterIds.contains(i.clusterId)) {
                continue;
            }
            String status = i.observe();
            if (status.equals("gone")) {
                instances.remove(i.id);
                continue;
            }
            out.add(instanceView(i, status));
        }
        return out;
    }

    private static InstanceView instanceView(Resource i, String status) {
        return new InstanceView(i.id, i.arn, i.clusterId, status, i.instanceClass, "default.aurora-postgresql15", i.monitoring);
    }

    @Override
    public boolean restoreClone(CloneSpec spec) {
        call("RestoreDBClusterToPointInTime");
        lastRestore = spec;
        if (clusters.containsKey(spec.cloneId())) {
            return false;
        }
        Resource c = new Resource(spec.cloneId(), arn("cluster", spec.cloneId()), cloneStatuses);
        c.tags.putAll(spec.tags());
        c.deletionProtection = spec.deletionProtection();
        c.serverlessV2 = spec.serverlessV2();
        c.created = clock.instant();
        clusters.put(c.id, c);
        return true;
    }

    @Override
    public boolean createInstance(Action.CreateInstance a) {
        call("CreateDBInstance");
        if (instances.containsKey(a.instanceId())) {
            return false;
        }
        Resource cluster = clusters.get(a.cloneId());
        if (cluster != null && !cluster.status.equals("available")) {
            // as RDS does: no instance joins a cluster that is not available
            throw new NotReadyException("RDS CreateDBInstance: InvalidDBClusterStateFault: DB cluster " + a.cloneId()
                    + " is in " + cluster.status + " state (HTTP 400)", null);
        }
        Resource i = new Resource(a.instanceId(), arn("db", a.instanceId()), instanceStatuses);
        i.clusterId = a.cloneId();
        i.instanceClass = a.instanceClass();
        i.tags.putAll(a.tags());
        instances.put(i.id, i);
        return true;
    }

    @Override
    public void addTags(String arn, Map<String, String> tags) {
        call("AddTagsToResource");
        clusters.values().stream().filter(c -> c.arn.equals(arn)).forEach(c -> c.tags.putAll(tags));
        instances.values().stream().filter(i -> i.arn.equals(arn)).forEach(i -> i.tags.putAll(tags));
    }

    @Override
    public void disableDeletionProtection(String clusterId) {
        call("ModifyDBCluster");
        Resource c = clusters.get(clusterId);
        if (c.status.equals("stopped") || c.status.equals("deleting")) {
            // as RDS does (the twin's STOPPED_REFUSES, DELETING_LINGERS): a stopped or deleting cluster is not modified
            throw new NotReadyException("RDS ModifyDBCluster: InvalidDBClusterStateFault: DB cluster " + clusterId + " is "
                    + c.status + " and cannot be modified (HTTP 400)", null);
        }
        c.deletionProtection = false;
    }

    /** RDS makes the secret at once; the cluster reads resetting-master-credentials once, then available. */
    @Override
    public String manageMasterPassword(String clusterId, Optional<String> secretKmsKeyId) {
        call("ModifyDBCluster");
        Resource c = clusters.get(clusterId);
        c.masterUserSecretArn = Optional.of("arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster-" + clusterId);
        c.script.addFirst(c.status);
        c.status = "resetting-master-credentials";
        return c.masterUserSecretArn.get();
    }

    /** The master passwords set, by cluster (only tests read them). */
    public final Map<String, dev.aurorarefresh.port.Secret> masterPasswords = new java.util.LinkedHashMap<>();

    /** Likewise: resetting-master-credentials once, then available. */
    @Override
    public void setMasterPassword(String clusterId, dev.aurorarefresh.port.Secret password) {
        call("ModifyDBCluster");
        Resource c = clusters.get(clusterId);
        masterPasswords.put(clusterId, password);
        c.script.addFirst(c.status);
        c.status = "resetting-master-credentials";
    }

    @Override
    public void enableDeletionProtection(String clusterId) {
        call("ModifyDBCluster");
        clusters.get(clusterId).deletionProtection = true;
    }

    /** The quotas DescribeAccountAttributes answers: none known unless a test sets them. */
    public dev.aurorarefresh.core.AccountQuotas quotas = dev.aurorarefresh.core.AccountQuotas.unknown();

    @Override
    public dev.aurorarefresh.core.AccountQuotas accountQuotas() {
        call("DescribeAccountAttributes");
        return quotas;
    }

    @Override
    public boolean deleteInstance(String instanceId) {
        call("DeleteDBInstance");
        Resource i = instances.get(instanceId);
        if (i == null || i.status.equals("deleting")) {
            return false;
        }
        Resource cluster = clusters.get(i.clusterId);
        if (cluster != null && cluster.status.equals("stopped")) {
            throw new PortException("RDS DeleteDBInstance: InvalidDBClusterStateFault: DB cluster " + i.clusterId
                    + " is stopped (HTTP 400)", null);
        }
        i.script.clear();
        i.script.add("gone");
        i.status = "deleting";
        return true;
    }

    @Override
    public DeleteResult deleteCluster(String clusterId, Optional<String> finalSnapshotId) {
        call("DeleteDBCluster");
        Resource c = clusters.get(clusterId);
        if (c == null || c.status.equals("deleting")) {
            return DeleteResult.ALREADY_GONE;
        }
        if (c.deletionProtection) {
            throw new PortException("RDS DeleteDBCluster: InvalidParameterCombination: deletion protection is on", null);
        }
        boolean live = instances.values().stream().anyMatch(i -> clusterId.equals(i.clusterId) && !i.status.equals("deleting"));
        if (live) {
            return DeleteResult.INSTANCES_LEFT;
        }
        c.script.clear();
        c.script.add("gone");
        c.status = "deleting";
        return DeleteResult.DELETED;
    }

    /** The manual cluster snapshots DescribeDBClusterSnapshots lists: a test seeds them (the fake takes none). */
    public final List<dev.aurorarefresh.core.FinalSnapshot> snapshots = new ArrayList<>();

    @Override
    public List<dev.aurorarefresh.core.FinalSnapshot> finalSnapshots() {
        call("DescribeDBClusterSnapshots");
        return snapshots.stream().filter(s -> dev.aurorarefresh.core.FinalSnapshot.looksFinal(s.id())).toList();
    }

    @Override
    public boolean deleteClusterSnapshot(String snapshotId) {
        call("DeleteDBClusterSnapshot");
        return snapshots.removeIf(s -> s.id().equals(snapshotId));
    }

    // ---- DnsPort --------------------------------------------------------------------------------

    @Override
    public Optional<HostedZone> zoneById(String id) {
        calls.merge("GetHostedZone", 1, Integer::sum);
        return id.equals(zoneId) ? Optional.of(new HostedZone(zoneId, zoneName, false)) : Optional.empty();
    }

    @Override
    public List<HostedZone> zonesByName(String name) {
        calls.merge("ListHostedZonesByName", 1, Integer::sum);
        return name.equals(zoneName) ? List.of(new HostedZone(zoneId, zoneName, false)) : List.of();
    }

    @Override
    public DnsRecord readRecord(String zone, String name) {
        call("ListResourceRecordSets");
        return record(name);
    }

    private DnsRecord record(String name) {
        String v = records.get(name.toLowerCase(Locale.ROOT));
        return v == null ? DnsRecord.absent(name) : new DnsRecord(name, Optional.of("CNAME"), Optional.of(v));
    }

    @Override
    public Submitted upsertCnames(String zone, List<Cname> changes, long ttl, String comment) {
        call("ChangeResourceRecordSets");
        changes.forEach(c -> records.put(c.name(), c.target()));
        changePolls = 0;
        return new Submitted("C" + calls.get("ChangeResourceRecordSets"), false);
    }

    /** Like Route53: only a record that still holds the value named is deleted. */
    @Override
    public Optional<Submitted> deleteCnames(String zone, List<Cname> changes, String comment) {
        List<Cname> current = changes.stream().filter(c -> record(c.name()).pointsAt(c.target())).toList();
        if (current.isEmpty()) {
            return Optional.empty();
        }
        call("ChangeResourceRecordSets");
        current.forEach(c -> records.remove(c.name().toLowerCase(Locale.ROOT)));
        changePolls = 0;
        return Optional.of(new Submitted("C" + calls.get("ChangeResourceRecordSets"), false));
    }

    @Override
    public boolean isInSync(String changeId) {
        call("GetChange");
        return changePolls++ >= changePollsUntilInSync;
    }
}
