package dev.aurorarefresh.aws;

import dev.aurorarefresh.core.AccountQuotas;
import dev.aurorarefresh.core.Action;
import dev.aurorarefresh.core.CloneSpec;
import dev.aurorarefresh.core.ClusterFeatures;
import dev.aurorarefresh.core.ClusterView;
import dev.aurorarefresh.core.FinalSnapshot;
import dev.aurorarefresh.core.InstanceMonitoring;
import dev.aurorarefresh.core.InstanceView;
import dev.aurorarefresh.core.ServerlessScaling;
import dev.aurorarefresh.core.SourceArn;
import dev.aurorarefresh.core.SourceCluster;
import dev.aurorarefresh.port.NotFoundException;
import dev.aurorarefresh.port.NotReadyException;
import dev.aurorarefresh.port.PortException;
import dev.aurorarefresh.port.Secret;
import dev.aurorarefresh.port.RdsPort;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBClusterMember;
import software.amazon.awssdk.services.rds.model.DBClusterSnapshot;
import software.amazon.awssdk.services.rds.model.DbClusterSnapshotNotFoundException;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DbClusterAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.DbClusterNotFoundException;
import software.amazon.awssdk.services.rds.model.DbInstanceAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.DescribeDbClustersResponse;
import software.amazon.awssdk.services.rds.model.Filter;
import software.amazon.awssdk.services.rds.model.InvalidDbClusterSnapshotStateException;
import software.amazon.awssdk.services.rds.model.InvalidDbClusterStateException;
import software.amazon.awssdk.services.rds.model.InvalidDbInstanceStateException;
import software.amazon.awssdk.services.rds.model.RdsException;
import software.amazon.awssdk.services.rds.model.ServerlessV2FeaturesSupport;
import software.amazon.awssdk.services.rds.model.SnapshotQuotaExceededException;
import software.amazon.awssdk.services.rds.model.Tag;
import software.amazon.awssdk.services.rds.model.VpcSecurityGroupMembership;

/** {@link RdsPort} over the AWS SDK: translates requests and answers, nothing more. */
public final class RdsAdapter implements RdsPort {
    /** DescribeDBInstances accepts this many values in one filter. */
    private static final int FILTER_VALUES_PER_CALL = 100;

    private static final Logger LOG = Logger.getLogger("aurora-refresh");
    private static final java.util.Set<String> QUOTAS = java.util.Set.of(AccountQuotas.CLUSTERS, AccountQuotas.INSTANCES,
            AccountQuotas.SNAPSHOTS);

    /** DescribeDBClusters answers at most this many clusters a call. */
    private static final int PAGE = 100;

    private final RdsClient rds;
    /** False once RDS answered that it does not filter on clone-group-id. */
    private volatile boolean cloneGroupFilter = true;
    /** True once the whole listing took more than a page: from then on only the source's clone group is listed. */
    private volatile boolean longListing;

    public RdsAdapter(RdsClient rds) {
        this.rds = rds;
    }

    @Override
    public Optional<SourceCluster> describeSource(String clusterId) {
        if (SourceArn.isArn(clusterId)) {
            return describeShared(clusterId);
        }
        return describe(clusterId).map(RdsAdapter::source);
    }

    /** A cluster named by its ARN: shown only with IncludeShared, and with few fields if another account's. */
    private Optional<SourceCluster> describeShared(String arn) {
        try {
            return call("DescribeDBClusters", () -> rds.describeDBClusters(r -> r.dbClusterIdentifier(arn).includeShared(true)))
                    .dbClusters().stream().findFirst().map(c -> c.dbClusterIdentifier() != null ? source(c)
                            : SourceCluster.shared(arn, c.engine(), c.engineVersion(), Boolean.TRUE.equals(c.storageEncrypted())));
        } catch (PortException e) {
            if (e.getCause() instanceof DbClusterNotFoundException) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static SourceCluster source(DBCluster c) {
        return new SourceCluster(
                c.dbClusterIdentifier(), c.engine(), c.status(), Optional.ofNullable(c.cloneGroupId()),
                c.dbSubnetGroup(),
                c.vpcSecurityGroups().stream().map(VpcSecurityGroupMembership::vpcSecurityGroupId).toList(),
                c.dbClusterParameterGroup(), c.port(),
                scaling(c),
                c.dbClusterMembers().stream().filter(m -> Boolean.TRUE.equals(m.isClusterWriter()))
                        .map(DBClusterMember::dbInstanceIdentifier).findFirst(),
                Boolean.TRUE.equals(c.iamDatabaseAuthenticationEnabled()),
                // Aurora's storage types only: emulators answer gp2 for an Aurora cluster, which a restore refuses
                new ClusterFeatures(Optional.ofNullable(c.storageType()).filter(t -> t.startsWith("aurora")),
                        List.copyOf(c.enabledCloudwatchLogsExports()),
                        Boolean.TRUE.equals(c.copyTagsToSnapshot()), Optional.ofNullable(c.backtrackWindow())),
                String.valueOf(c.engineVersion()), Boolean.TRUE.equals(c.storageEncrypted()));
    }

    @Override
    public Optional<ClusterView> describeCluster(String clusterId) {
        return describe(clusterId).map(RdsAdapter::view);
    }

    private Optional<DBCluster> describe(String clusterId) {
        try {
            return call("DescribeDBClusters", () -> rds.describeDBClusters(r -> r.dbClusterIdentifier(clusterId)))
                    .dbClusters().stream().findFirst();
        } catch (PortException e) {
            if (e.getCause() instanceof DbClusterNotFoundException) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public Clusters listClusters(String sourceId, Optional<String> cloneGroupId) {
        // the whole listing is one call in most accounts; where it is longer than a page, the source's clone group
        // is listed instead, so an account's other clusters are never paged through
        List<DBCluster> listed;
        if (cloneGroupId.isPresent() && longListing && cloneGroupFilter) {
            listed = listCloneGroup(cloneGroupId.get()).orElseGet(() -> list(List.of()));
        } else {
            DescribeDbClustersResponse first = call("DescribeDBClusters", () -> rds.describeDBClusters(r -> r.maxRecords(PAGE)));
            if (first.marker() == null) {
                listed = first.dbClusters();
            } else {
                longListing = true;
                Optional<String> group = cloneGroupId.or(() -> first.dbClusters().stream()
                        .filter(c -> c.dbClusterIdentifier().equalsIgnoreCase(sourceId)).findFirst()
                        .or(() -> describe(sourceId)).map(DBCluster::cloneGroupId));
                listed = group.filter(g -> cloneGroupFilter).flatMap(this::listCloneGroup)
                        .orElseGet(() -> pagesAfter(first));
            }
        }
        Optional<SourceCluster> source = listed.stream().filter(c -> c.dbClusterIdentifier().equalsIgnoreCase(sourceId))
                .findFirst().map(RdsAdapter::source)
                .or(() -> describeSource(sourceId)); // not in its clone group any more: look it up by name
        return new Clusters(source, listed.stream().map(RdsAdapter::view).toList());
    }

    /** The clone group's clusters; empty (and not asked again by this adapter) where RDS does not filter on it. */
    private Optional<List<DBCluster>> listCloneGroup(String cloneGroupId) {
        try {
            return Optional.of(list(List.of(Filter.builder().name("clone-group-id").values(cloneGroupId).build())));
        } catch (PortException e) {
            if (!isUnsupportedFilter(e)) {
                throw e;
            }
            cloneGroupFilter = false; // this endpoint (e.g. an emulator) does not filter on clone-group-id
            return Optional.empty();
        }
    }

    private static boolean isUnsupportedFilter(PortException e) {
        return e.getCause() instanceof RdsException r && r.awsErrorDetails() != null
                && "InvalidParameterValue".equals(r.awsErrorDetails().errorCode());
    }

    /** The whole listing, its first page already in hand. */
    private List<DBCluster> pagesAfter(DescribeDbClustersResponse first) {
        List<DBCluster> all = new ArrayList<>(first.dbClusters());
        all.addAll(call("DescribeDBClusters", () -> rds.describeDBClustersPaginator(r -> r.marker(first.marker())
                .maxRecords(PAGE)).dbClusters().stream().toList()));
        return all;
    }

    private List<DBCluster> list(List<Filter> filters) {
        return call("DescribeDBClusters", () -> rds.describeDBClustersPaginator(r -> r.filters(filters))
                .dbClusters().stream().toList());
    }

    private static ClusterView view(DBCluster c) {
        Map<String, String> tags = new LinkedHashMap<>();
        c.tagList().forEach(t -> tags.put(t.key(), t.value()));
        return new ClusterView(c.dbClusterIdentifier(), c.dbClusterArn(), c.status(), c.engine(), c.endpoint(),
                c.readerEndpoint(), Boolean.TRUE.equals(c.deletionProtection()),
                Optional.ofNullable(c.clusterCreateTime()), Map.copyOf(tags), c.port(), scaling(c),
                Optional.ofNullable(c.masterUserSecret()).map(s -> s.secretArn()), Optional.ofNullable(c.cloneGroupId()));
    }

    private static Optional<ServerlessScaling> scaling(DBCluster c) {
        return Optional.ofNullable(c.serverlessV2ScalingConfiguration())
                .filter(s -> s.minCapacity() != null && s.maxCapacity() != null)
                .map(s -> new ServerlessScaling(s.minCapacity(), s.maxCapacity(),
                        Optional.ofNullable(s.secondsUntilAutoPause()).filter(x -> s.minCapacity() == 0)));
    }

    @Override
    public Optional<Double> serverlessMinCapacity(String engine, String engineVersion) {
        return serverlessSupport(engine, engineVersion, ServerlessV2FeaturesSupport::minCapacity, "auto-pause support");
    }

    @Override
    public Optional<Double> serverlessMaxCapacity(String engine, String engineVersion) {
        return serverlessSupport(engine, engineVersion, ServerlessV2FeaturesSupport::maxCapacity, "maximum capacity");
    }

    private Optional<Double> serverlessSupport(String engine, String engineVersion,
            java.util.function.Function<ServerlessV2FeaturesSupport, Double> field, String what) {
        try {
            return call("DescribeDBEngineVersions", () -> rds.describeDBEngineVersions(r -> r.engine(engine)
                    .engineVersion(engineVersion))).dbEngineVersions().stream()
                    .map(v -> v.serverlessV2FeaturesSupport())
                    .filter(f -> f != null && field.apply(f) != null)
                    .map(field).findFirst();
        } catch (PortException e) {
            // a capability look-up only: without an answer (an endpoint without the call, no IAM grant) the documented versions decide
            LOG.warnf("cannot read the Serverless v2 %s of %s %s from RDS (%s); using the documented versions",
                    what, engine, engineVersion, e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public List<InstanceView> describeInstances(Collection<String> clusterIds) {
        List<String> ids = List.copyOf(clusterIds);
        List<InstanceView> out = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += FILTER_VALUES_PER_CALL) {
            Filter filter = Filter.builder().name("db-cluster-id")
                    .values(ids.subList(from, Math.min(ids.size(), from + FILTER_VALUES_PER_CALL))).build();
            out.addAll(call("DescribeDBInstances", () -> rds.describeDBInstancesPaginator(r -> r.filters(filter))
                    .dbInstances().stream().map(RdsAdapter::view).toList()));
        }
        return out;
    }

    private static InstanceView view(DBInstance i) {
        String parameterGroup = i.dbParameterGroups().isEmpty() ? null
                : i.dbParameterGroups().get(0).dbParameterGroupName();
        return new InstanceView(i.dbInstanceIdentifier(), i.dbInstanceArn(), i.dbClusterIdentifier(),
                i.dbInstanceStatus(), i.dbInstanceClass(), parameterGroup,
                new InstanceMonitoring(Boolean.TRUE.equals(i.performanceInsightsEnabled()),
                        Optional.ofNullable(i.performanceInsightsKMSKeyId()),
                        Optional.ofNullable(i.performanceInsightsRetentionPeriod()),
                        i.monitoringInterval() == null ? 0 : i.monitoringInterval(), Optional.ofNullable(i.monitoringRoleArn())));
    }

    @Override
    public boolean restoreClone(CloneSpec spec) {
        try {
            call("RestoreDBClusterToPointInTime", () -> rds.restoreDBClusterToPointInTime(r -> {
                r.sourceDBClusterIdentifier(spec.sourceClusterId())
                        .dbClusterIdentifier(spec.cloneId())
                        .restoreType("copy-on-write")
                        .useLatestRestorableTime(true)
                        .dbSubnetGroupName(spec.dbSubnetGroup())
                        .vpcSecurityGroupIds(spec.vpcSecurityGroupIds())
                        .dbClusterParameterGroupName(spec.dbClusterParameterGroup())
                        .port(spec.port())
                        .deletionProtection(spec.deletionProtection())
                        .enableIAMDatabaseAuthentication(spec.iamDatabaseAuthentication())
                        .copyTagsToSnapshot(spec.features().copyTagsToSnapshot())
                        .tags(tags(spec.tags()));
                spec.features().storageType().ifPresent(r::storageType);
                spec.kmsKeyId().ifPresent(r::kmsKeyId);
                if (!spec.features().logExports().isEmpty()) {
                    r.enableCloudwatchLogsExports(spec.features().logExports());
                }
                spec.features().backtrackWindowSeconds().ifPresent(r::backtrackWindow);
                spec.serverlessV2().ifPresent(s -> r.serverlessV2ScalingConfiguration(c -> {
                    c.minCapacity(s.minCapacity()).maxCapacity(s.maxCapacity());
                    s.secondsUntilAutoPause().filter(x -> s.canPause()).ifPresent(c::secondsUntilAutoPause);
                }));
            }));
            return true;
        } catch (PortException e) {
            if (e.getCause() instanceof DbClusterAlreadyExistsException) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public boolean createInstance(Action.CreateInstance a) {
        try {
            callOnExisting("CreateDBInstance", () -> rds.createDBInstance(r -> {
                r.dbInstanceIdentifier(a.instanceId())
                        .dbClusterIdentifier(a.cloneId())
                        .engine(a.engine())
                        .dbInstanceClass(a.instanceClass())
                        .tags(tags(a.tags()));
                a.dbParameterGroup().ifPresent(r::dbParameterGroupName);
                InstanceMonitoring m = a.monitoring();
                if (m.performanceInsights()) {
                    r.enablePerformanceInsights(true);
                    m.performanceInsightsKmsKeyId().ifPresent(r::performanceInsightsKMSKeyId);
                    m.performanceInsightsRetentionDays().ifPresent(r::performanceInsightsRetentionPeriod);
                }
                if (m.monitoringInterval() > 0) {
                    r.monitoringInterval(m.monitoringInterval());
                    m.monitoringRoleArn().ifPresent(r::monitoringRoleArn);
                }
            }));
            return true;
        } catch (PortException e) {
            if (e.getCause() instanceof DbInstanceAlreadyExistsException) {
                return false;
            }
            if (e.getCause() instanceof InvalidDbClusterStateException) {
                throw new NotReadyException(e.getMessage(), e.getCause());
            }
            throw e;
        }
    }

    @Override
    public void addTags(String arn, Map<String, String> tags) {
        callOnExisting("AddTagsToResource", () -> rds.addTagsToResource(r -> r.resourceName(arn).tags(tags(tags))));
    }

    @Override
    public void disableDeletionProtection(String clusterId) {
        deletionProtection(clusterId, false);
    }

    @Override
    public void enableDeletionProtection(String clusterId) {
        deletionProtection(clusterId, true);
    }

    private void deletionProtection(String clusterId, boolean on) {
        try {
            callOnExisting("ModifyDBCluster", () -> rds.modifyDBCluster(r -> r.dbClusterIdentifier(clusterId)
                    .deletionProtection(on).applyImmediately(true)));
        } catch (PortException e) {
            // refused for the cluster's (or an instance's) state, e.g. backing-up, or another run deleting it already:
            // the next look shows what is left to do
            if (e.getCause() instanceof InvalidDbClusterStateException || e.getCause() instanceof InvalidDbInstanceStateException) {
                throw new NotReadyException(e.getMessage(), e.getCause());
            }
            throw e;
        }
    }

    @Override
    public String manageMasterPassword(String clusterId, Optional<String> secretKmsKeyId) {
        try {
            DBCluster changed = callOnExisting("ModifyDBCluster", () -> rds.modifyDBCluster(r -> r.dbClusterIdentifier(clusterId)
                    .manageMasterUserPassword(true).masterUserSecretKmsKeyId(secretKmsKeyId.orElse(null))
                    .applyImmediately(true))).dbCluster();
            // the API reference does not promise the secret in this answer (it may still be creating): its ARN is
            // only reported here; the next look reads it from the cluster
            return Optional.ofNullable(changed.masterUserSecret()).map(s -> s.secretArn())
                    .orElse("(still being created; its ARN shows on the cluster)");
        } catch (PortException e) {
            if (e.getCause() instanceof InvalidDbClusterStateException) {
                throw new NotReadyException(e.getMessage(), e.getCause());
            }
            throw e;
        }
    }

    /** The password goes to the SDK and nowhere else; RDS's answer is scrubbed of it should it ever quote it. */
    @Override
    public void setMasterPassword(String clusterId, Secret password) {
        try {
            callOnExisting("ModifyDBCluster", () -> rds.modifyDBCluster(r -> r.dbClusterIdentifier(clusterId)
                    .masterUserPassword(password.reveal()).applyImmediately(true)));
        } catch (NotFoundException e) {
            throw e;
        } catch (PortException e) {
            if (e.getCause() instanceof InvalidDbClusterStateException) {
                throw new NotReadyException(password.redact(e.getMessage()), null);
            }
            throw new PortException(password.redact(e.getMessage()), null);
        }
    }

    @Override
    public AccountQuotas accountQuotas() {
        try {
            Map<String, AccountQuotas.Quota> quotas = new LinkedHashMap<>();
            call("DescribeAccountAttributes", () -> rds.describeAccountAttributes()).accountQuotas().stream()
                    .filter(q -> QUOTAS.contains(q.accountQuotaName()) && q.used() != null && q.max() != null)
                    .forEach(q -> quotas.put(q.accountQuotaName(), new AccountQuotas.Quota(q.accountQuotaName(), q.used(), q.max())));
            return new AccountQuotas(Map.copyOf(quotas));
        } catch (PortException e) {
            // a role without rds:DescribeAccountAttributes (a policy older than this check) still runs, unchecked ahead
            LOG.warnf("cannot read the account's RDS quotas (%s); the pass goes on without checking them ahead", e.getMessage());
            return AccountQuotas.unknown();
        }
    }

    @Override
    public boolean deleteInstance(String instanceId) {
        try {
            call("DeleteDBInstance", () -> rds.deleteDBInstance(r -> r.dbInstanceIdentifier(instanceId)
                    .skipFinalSnapshot(true)));
            return true;
        } catch (PortException e) {
            if (e.getCause() instanceof DbInstanceNotFoundException
                    || e.getCause() instanceof InvalidDbInstanceStateException) {
                return false; // gone, or already deleting
            }
            throw e;
        }
    }

    @Override
    public DeleteResult deleteCluster(String clusterId, Optional<String> finalSnapshotId) {
        try {
            call("DeleteDBCluster", () -> rds.deleteDBCluster(r -> {
                r.dbClusterIdentifier(clusterId).skipFinalSnapshot(finalSnapshotId.isEmpty());
                finalSnapshotId.ifPresent(r::finalDBSnapshotIdentifier);
            }));
            return DeleteResult.DELETED;
        } catch (PortException e) {
            if (e.getCause() instanceof DbClusterNotFoundException) {
                return DeleteResult.ALREADY_GONE;
            }
            if (e.getCause() instanceof SnapshotQuotaExceededException && finalSnapshotId.isPresent()) {
                return DeleteResult.SNAPSHOT_QUOTA_FULL;
            }
            if (e.getCause() instanceof InvalidDbClusterStateException state) {
                String message = String.valueOf(state.awsErrorDetails() == null ? "" : state.awsErrorDetails().errorMessage());
                return message.toLowerCase().contains("deleting") && !message.toLowerCase().contains("non-deleting")
                        ? DeleteResult.ALREADY_GONE : DeleteResult.INSTANCES_LEFT;
            }
            throw e;
        }
    }

    @Override
    public List<FinalSnapshot> finalSnapshots() {
        return call("DescribeDBClusterSnapshots", () -> rds.describeDBClusterSnapshotsPaginator(r -> r.snapshotType("manual"))
                .dbClusterSnapshots().stream().filter(s -> FinalSnapshot.looksFinal(s.dbClusterSnapshotIdentifier()))
                .map(RdsAdapter::finalSnapshot).toList());
    }

    private static FinalSnapshot finalSnapshot(DBClusterSnapshot s) {
        Map<String, String> tags = new LinkedHashMap<>();
        s.tagList().forEach(t -> tags.put(t.key(), t.value()));
        return new FinalSnapshot(s.dbClusterSnapshotIdentifier(), String.valueOf(s.dbClusterIdentifier()),
                s.snapshotCreateTime() == null ? Instant.EPOCH : s.snapshotCreateTime(), String.valueOf(s.status()), tags);
    }

    @Override
    public boolean deleteClusterSnapshot(String snapshotId) {
        try {
            call("DeleteDBClusterSnapshot", () -> rds.deleteDBClusterSnapshot(r -> r.dbClusterSnapshotIdentifier(snapshotId)));
            return true;
        } catch (PortException e) {
            if (e.getCause() instanceof DbClusterSnapshotNotFoundException
                    || e.getCause() instanceof InvalidDbClusterSnapshotStateException) {
                return false; // gone, or being deleted (or still being taken: a later run deletes it)
            }
            throw e;
        }
    }

    private static List<Tag> tags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    private static <T> T call(String operation, Supplier<T> call) {
        return AwsCalls.call("RDS", operation, call);
    }

    /** A call on a resource we saw (or just created): "not found" is reported as {@link NotFoundException}. */
    private static <T> T callOnExisting(String operation, Supplier<T> call) {
        try {
            return call(operation, call);
        } catch (PortException e) {
            if (e.getCause() instanceof DbClusterNotFoundException || e.getCause() instanceof DbInstanceNotFoundException) {
                throw new NotFoundException(e.getMessage(), e.getCause());
            }
            throw e;
        }
    }
}
