package dev.aurorarefresh.testing;

import dev.aurorarefresh.iam.DatabaseLogin;
import dev.aurorarefresh.iam.PipelineGrant;
import dev.aurorarefresh.iam.PolicyDocuments;
import dev.aurorarefresh.testing.FaultProxy.Answer;
import dev.aurorarefresh.testing.FaultProxy.Exchange;
import dev.aurorarefresh.testing.FaultProxy.Moto;
import dev.aurorarefresh.testing.FaultProxy.Request;
import dev.aurorarefresh.testing.IamPolicy.Authorization;
import dev.aurorarefresh.testing.IamPolicy.Decision;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DbClusterNotFoundException;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;

/**
 * moto made as strict as AWS: a {@link FaultProxy.Layer} that refuses what AWS refuses and shows
 * what AWS shows, where moto is lenient. Every rule can be switched off per test ({@link #without}).
 * State that moto does not keep (a cluster still creating, a resource still deleting, a Route53
 * change still pending, clone groups) is kept here, per account.
 */
public final class StrictTwin implements FaultProxy.Layer {

    /** The rules the twin enforces; each switchable. */
    public enum Rule {
        /** Every request checked against botocore's model of RDS, Route53, Secrets Manager, STS. */
        API_MODEL,
        /** A restored cluster reads {@code creating} for {@link #clusterCreatingReads} describes. */
        CLUSTER_CREATING,
        /** A new instance reads {@code creating}, then {@code backing-up}, longer than its cluster. */
        INSTANCE_LIFECYCLE,
        /** CreateDBInstance is refused (InvalidDBClusterStateFault) until the cluster is {@code available}. */
        INSTANCE_NEEDS_AVAILABLE_CLUSTER,
        /** DeleteDBCluster is refused while one of its instances is not {@code deleting}. */
        CLUSTER_DELETE_NEEDS_DELETING_INSTANCES,
        /** A deleted cluster or instance reads {@code deleting} for {@link #deletingReads} describes. */
        DELETING_LINGERS,
        /** A stopped cluster refuses ModifyDBCluster and DeleteDBInstance of its instances. */
        STOPPED_REFUSES,
        /** A Route53 change reads PENDING for {@link #changePendingReads} GetChange calls. */
        CHANGE_PENDING,
        /** DescribeDBClusters/DBInstances answer at most MaxRecords (20..100, default 100) with a Marker. */
        PAGINATION,
        /** The clone-group-id filter is honoured (moto ignores it). */
        CLONE_GROUP_FILTER,
        /** A restore onto an existing (or still deleting) identifier answers DBClusterAlreadyExistsFault. */
        RESTORE_ONTO_EXISTING,
        /**
         * Every RDS, Route53 and Secrets Manager request (and IAM database login, {@link #authorizeLogin})
         * is authorized against iam/policy.json ({@link #enforcePolicy}), as AWS's Service Authorization
         * Reference says the call is authorized ({@link IamRequests}, {@link ServiceReference}).
         */
        IAM,
        /** A source in another account: shared by RAM, its KMS keys usable, one clone per account ({@link CrossAccountRules}). */
        CROSS_ACCOUNT,
        /** A master credentials change reads {@code resetting-master-credentials} before {@code available} ({@link MasterCredentialsRule}). */
        MASTER_CREDENTIALS,
        /** The account's quotas (40 clusters, 40 instances, 100 manual cluster snapshots; {@link TwinLimits#quota}) and DescribeAccountAttributes. */
        QUOTAS,
        /** At most 15 copy-on-write clones per source: the 16th restore makes a full copy, outside the clone group. */
        COPY_ON_WRITE_LIMIT,
        /** ModifyDBCluster and DeleteDBCluster with a final snapshot are refused unless the cluster is {@code available}. */
        NEEDS_AVAILABLE,
        /** A restore from a source with no instances, in a status such as {@code backtracking}, or Limitless is refused. */
        UNCLONEABLE_SOURCE
    }

    /** What the twin refused, and why (a rule's name, or a model/IAM finding). */
    public record Refusal(Request request, Rule rule, String code, String message) {
    }

    /** The values filled into iam/policy.json for one pipeline (records: the writer's, and the reader's if any). */
    public record PolicyFill(String pipeline, String source, String prefix, List<String> records, String zoneId,
            DatabaseLogin login) {
        public PolicyFill(String pipeline, String source, String prefix, List<String> records, String zoneId) {
            this(pipeline, source, prefix, records, zoneId, DatabaseLogin.NONE);
        }

        public PolicyFill(String pipeline, String source, String prefix, String record, String zoneId) {
            this(pipeline, source, prefix, List.of(record), zoneId);
        }

        /** The same, its probes and hooks logging in by {@code how} (the policy then grants that login). */
        public PolicyFill loggingIn(DatabaseLogin how) {
            return new PolicyFill(pipeline, source, prefix, records, zoneId, how);
        }

        /** The fill for a pipeline as the application built it (its records: writer's, and reader's if any), its zone by id. */
        public static PolicyFill of(dev.aurorarefresh.core.Pipeline p, String zoneId) {
            List<String> records = new ArrayList<>(List.of(p.record().writerRecord()));
            p.record().readerRecord().ifPresent(records::add);
            return new PolicyFill(p.name(), p.sourceClusterId(), p.naming().prefix(), records, zoneId);
        }

        /** The zone whose creation puts {@link #usual} in force. */
        public static final String USUAL_ZONE = "example.internal";

        /** The pipeline most tests run (RefreshFixture's, iam/policy.json's example): dev, prod-db, dev-db.example.internal. */
        public static PolicyFill usual(String zoneId) {
            return new PolicyFill("dev", "prod-db", "dev", "dev-db." + USUAL_ZONE, zoneId);
        }

        /** The monitoring role iam/policy.json's example passes. */
        public static final String MONITORING_ROLE = "arn:aws:iam::" + ACCOUNT + ":role/rds-monitoring-role";

        /** As iam/policy.json has it: final snapshots and the example's monitoring role allowed. */
        public PipelineGrant grant() {
            return new PipelineGrant(pipeline, source, prefix, zoneId, records, true, java.util.Optional.of(MONITORING_ROLE), login);
        }
    }

    public static final String ACCOUNT = "123456789012";
    private static final Pattern FILTER = Pattern.compile("Filters\\.([^.]+)\\.(\\d+)\\.(Name|Values\\.([^.]+)\\.(\\d+))");
    private static final Pattern ROUTE53_ID = Pattern.compile("/2013-04-01/(?:hostedzone|change)/([^/?]+).*");
    private static final int MAX_RECORDS = 100;

    private static volatile StrictTwin current;

    /** Straight to moto: what the twin looks up is not itself a request of the code under test. */
    private final RdsClient lookups;
    private final Set<Rule> rules = EnumSet.allOf(Rule.class);
    private int clusterCreatingReads = 2;
    private int instanceCreatingReads = 3;
    private int instanceBackingUpReads = 1;
    private int deletingReads = 2;
    private int changePendingReads = 2;
    private IamPolicy policy;
    private IamRequests iam;

    private final Map<String, Integer> creatingClusters = new HashMap<>();
    private final Map<String, Deque<String>> instanceStatuses = new HashMap<>();
    private final Map<String, Gone> deletingClusters = new LinkedHashMap<>();
    private final Map<String, Gone> deletingInstances = new LinkedHashMap<>();
    private final Set<String> stopped = new java.util.HashSet<>();
    private final Map<String, String> cloneGroups = new HashMap<>();
    private final Map<String, Integer> pendingChanges = new HashMap<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final List<Refusal> refusals = new CopyOnWriteArrayList<>();
    private final List<Authorization> authorizations = new CopyOnWriteArrayList<>();
    private int pagesCut;
    private CrossAccountRules crossAccount;
    private final MasterCredentialsRule masterCredentials = new MasterCredentialsRule();
    private final TwinLimits limits;

    /** A resource moto has deleted that AWS still shows as deleting. */
    private static final class Gone {
        final Element record;
        final String clusterId;
        int readsLeft;

        Gone(Element record, String clusterId, int readsLeft) {
            this.record = record;
            this.clusterId = clusterId;
            this.readsLeft = readsLeft;
        }
    }

    /** @param moto an uncounted client straight to moto, for what the twin must look up (tags, instances) */
    public StrictTwin(RdsClient moto) {
        this.lookups = moto;
        this.limits = new TwinLimits(this, moto);
        // -Dstrict-twin.off=RULE,RULE switches rules off for a whole run, to tell one rule's finding from another's
        for (String off : System.getProperty("strict-twin.off", "").split(",")) {
            if (!off.isBlank()) {
                rules.remove(Rule.valueOf(off.trim()));
            }
        }
        current = this;
    }

    /** The twin of the account most recently made (for the check after each test). */
    public static StrictTwin current() {
        return current;
    }

    // ---- configuration ----------------------------------------------------------------------------

    public synchronized StrictTwin without(Rule... off) {
        for (Rule r : off) {
            rules.remove(r);
        }
        return this;
    }

    /** Whether {@code rule} is in force (for {@link TwinLimits}' rules). */
    synchronized boolean enforces(Rule rule) {
        return rules.contains(rule);
    }

    /** How many describes show a restored cluster {@code creating}; its instances take one more, then backing-up. */
    public synchronized StrictTwin clusterCreatingReads(int reads) {
        this.clusterCreatingReads = reads;
        this.instanceCreatingReads = reads + 1;
        return this;
    }

    /**
     * For packaged runs, which wait in real time (backoff from 5 s): a restored cluster reads
     * creating once (as moto itself shows it), and nothing else lingers, so that a run takes
     * seconds; every refusal rule, the API models and IAM stay in force. The in-process passes,
     * on a fake clock, keep the long transitions.
     */
    public synchronized StrictTwin forRealTimeRuns() {
        clusterCreatingReads = 1;
        instanceCreatingReads = 0;
        instanceBackingUpReads = 0;
        deletingReads = 1;
        changePendingReads = 0;
        masterCredentials.resettingReads(1);
        return this;
    }

    /** Clusters of other accounts on the moto server at {@code motoEndpoint} are shared (or not) with this one by RAM. */
    synchronized StrictTwin crossAccount(String motoEndpoint) {
        this.crossAccount = new CrossAccountRules(motoEndpoint, ACCOUNT);
        return this;
    }

    /** How many describes show a cluster {@code resetting-master-credentials} after its credentials change. */
    public synchronized StrictTwin resettingReads(int reads) {
        masterCredentials.resettingReads(reads);
        return this;
    }

    public synchronized StrictTwin deletingReads(int reads) {
        this.deletingReads = reads;
        return this;
    }

    public synchronized StrictTwin changePendingReads(int reads) {
        this.changePendingReads = reads;
        return this;
    }

    /**
     * Every RDS and Route53 request from now on must be allowed by the role policy of the pipelines
     * {@code fills} (one: iam/policy.json filled in for it), as the application's generator writes
     * them ({@link PolicyDocuments}): each pipeline's document, the deny statements naming them all.
     */
    public synchronized StrictTwin enforcePolicy(PolicyFill... fills) {
        return enforcePolicy(List.of(fills));
    }

    /** As {@link #enforcePolicy(PolicyFill...)}: one role for all of {@code fills} (a fleet's pipelines). */
    public synchronized StrictTwin enforcePolicy(List<PolicyFill> fills) {
        List<String> documents = PolicyDocuments.forRole(ACCOUNT, MotoAccount.REGION,
                fills.stream().map(PolicyFill::grant).toList()).values().stream().map(PolicyDocuments::text).toList();
        try {
            return enforcePolicy(IamPolicy.ofRole(documents));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * One role for {@code pipelines} (a fleet's, as the application resolved them) whose zone is
     * {@code zoneId}: what `aurora-refresh iam-policy --config` writes for them, in force.
     */
    public synchronized StrictTwin enforcePolicyOf(List<dev.aurorarefresh.core.Pipeline> pipelines, String zoneId) {
        return enforcePolicy(pipelines.stream().map(p -> PolicyFill.of(p, zoneId)).toList());
    }

    /** Every RDS and Route53 request from now on must be allowed by {@code policy} (e.g. a role's policies together). */
    public synchronized StrictTwin enforcePolicy(IamPolicy policy) {
        this.policy = policy;
        this.iam = new IamRequests(MotoAccount.REGION, ACCOUNT, lookup());
        return this;
    }

    /**
     * A zone was seeded: if no test chose the IAM policy (or none), the zone {@link PolicyFill#USUAL_ZONE}
     * puts iam/policy.json filled for {@link PolicyFill#usual} in force, so every pass is held to
     * the policy unless its test fills it for its own pipeline or switches {@link Rule#IAM} off.
     */
    synchronized void zoneCreated(String name, String zoneId) {
        if (iam == null && name.equals(PolicyFill.USUAL_ZONE)) {
            enforcePolicy(PolicyFill.usual(zoneId));
        }
    }

    /**
     * From now on the twin computes and keeps ({@link #authorizations()}) every authorization the
     * requests need, but enforces no policy: for checking policies that do not exist yet.
     */
    public synchronized StrictTwin recordAuthorizations() {
        this.policy = null;
        this.iam = new IamRequests(MotoAccount.REGION, ACCOUNT, lookup());
        return this;
    }

    /** Makes a cluster read {@code stopped} (moto cannot stop an Aurora cluster), or available again. */
    public synchronized StrictTwin stopped(String clusterId, boolean isStopped) {
        if (isStopped) {
            stopped.add(clusterId);
        } else {
            stopped.remove(clusterId);
        }
        return this;
    }

    /** Puts clusters seeded directly in moto into the clone group of {@code source}, as if restored from it. */
    public synchronized StrictTwin cloneOf(String source, String... clones) {
        String group = cloneGroups.computeIfAbsent(source, s -> java.util.UUID.nameUUIDFromBytes(s.getBytes(StandardCharsets.UTF_8)).toString());
        for (String c : clones) {
            cloneGroups.put(c, group);
        }
        return this;
    }

    /** Quotas, the copy-on-write limit, statuses AWS refuses calls in, and refusals that last (issue 21's rules). */
    public TwinLimits limits() {
        return limits;
    }

    // ---- what the twin saw ------------------------------------------------------------------------

    /** Model violations not yet taken; a test that provokes them on purpose takes them. */
    public List<String> takeViolations() {
        List<String> out = List.copyOf(violations);
        violations.clear();
        return out;
    }

    public List<String> violations() {
        return List.copyOf(violations);
    }

    public List<Refusal> refusals() {
        return List.copyOf(refusals);
    }

    public List<Refusal> refusals(Rule rule) {
        return refusals.stream().filter(r -> r.rule() == rule).toList();
    }

    /** Every IAM authorization the requests needed (with {@link Rule#IAM}, a policy in force or {@link #recordAuthorizations}). */
    public List<Authorization> authorizations() {
        return List.copyOf(authorizations);
    }

    /** How many describe answers were cut short with a Marker. */
    public synchronized int pagesCut() {
        return pagesCut;
    }

    /** The clone group the twin gives a cluster, or null. */
    public synchronized String cloneGroupOf(String clusterId) {
        return cloneGroups.get(clusterId);
    }

    // ---- the layer --------------------------------------------------------------------------------

    @Override
    public synchronized Answer handle(Exchange exchange, Moto moto) throws IOException {
        Request request = exchange.request();
        Map<String, String> form = request.service().equals("RDS") || request.service().equals("STS")
                ? form(exchange.body()) : Map.of();
        if (rules.contains(Rule.API_MODEL)) {
            List<String> found = modelViolations(exchange, form);
            if (!found.isEmpty()) {
                violations.addAll(found);
                return refuse(request, Rule.API_MODEL, 400, "StrictTwinModelViolation",
                        "the request does not match the AWS API model: " + String.join("; ", found));
            }
        }
        Answer denied = rules.contains(Rule.IAM) ? authorize(exchange, form) : null;
        if (denied != null) {
            return denied;
        }
        Answer limited = limits.handle(request, form, moto);
        if (limited != null) {
            return limited;
        }
        return switch (request.service() + " " + request.operation()) {
            case "RDS DescribeDBClusters" -> foreign(form.get("DBClusterIdentifier"))
                    ? crossAccount.describe(request, form) : describe(exchange, form, moto, Kind.CLUSTER);
            case "RDS DescribeDBInstances" -> describe(exchange, form, moto, Kind.INSTANCE);
            case "RDS RestoreDBClusterToPointInTime" -> restore(request, form, moto);
            case "RDS CreateDBInstance" -> createInstance(request, form, moto);
            case "RDS DeleteDBCluster" -> deleteCluster(request, form, moto);
            case "RDS DeleteDBInstance" -> deleteInstance(request, form, moto);
            case "RDS ModifyDBCluster" -> modifyCluster(request, form, moto, exchange.body());
            case "Route53 ChangeResourceRecordSets" -> changeRecords(moto.forward(exchange.body()));
            case "Route53 GetChange" -> getChange(exchange, moto.forward(exchange.body()));
            default -> moto.forward(exchange.body());
        };
    }

    /** Whether {@code clusterId} names another account's cluster, and the twin decides for it as AWS does. */
    private boolean foreign(String clusterId) {
        return rules.contains(Rule.CROSS_ACCOUNT) && crossAccount != null && crossAccount.isForeign(clusterId);
    }

    private Answer refuse(Request request, Rule rule, CrossAccountRules.Denial denial) {
        return refuse(request, rule, denial.status(), denial.code(), denial.message());
    }

    Answer refuse(Request request, Rule rule, int status, String code, String message) {
        refusals.add(new Refusal(request, rule, code, message));
        return FaultProxy.error(request, status, code, message);
    }

    private Answer refuseState(Request request, Rule rule, String code, String message) {
        return refuse(request, rule, 400, code, message);
    }

    // ---- API model ----------------------------------------------------------------------------------

    private static List<String> modelViolations(Exchange exchange, Map<String, String> form) {
        Request request = exchange.request();
        return switch (request.service()) {
            case "RDS" -> ApiModels.of("rds").checkQuery(request.operation(), form);
            case "STS" -> ApiModels.of("sts").checkQuery(request.operation(), form);
            case "SecretsManager" -> ApiModels.of("secretsmanager").checkJson(request.operation(), exchange.body());
            case "Route53" -> ApiModels.of("route53").restOperation(exchange.method(), exchange.path())
                    .map(op -> ApiModels.of("route53").checkRestXml(op, exchange.method(), exchange.path(), exchange.body()))
                    .orElse(List.of("Route53 has no operation " + exchange.method() + " " + exchange.path()));
            default -> List.of("a request for no service the twin knows: " + request.operation());
        };
    }

    // ---- IAM -----------------------------------------------------------------------------------------

    private Answer authorize(Exchange exchange, Map<String, String> form) {
        Request request = exchange.request();
        Map<String, String> params;
        Element body = null;
        if (request.service().equals("RDS")) {
            params = form;
        } else if (request.service().equals("Route53")) {
            params = new HashMap<>();
            Matcher m = ROUTE53_ID.matcher(exchange.path());
            if (m.matches()) {
                params.put("Id", m.group(1));
            }
            body = exchange.body().length == 0 ? null : ApiModels.xml(exchange.body());
        } else if (request.service().equals("SecretsManager")) {
            params = IamSecrets.members(exchange.body());
        } else {
            return null; // STS GetCallerIdentity: no permission is required to call it
        }
        List<IamRequests.Call> calls;
        try {
            calls = (iam != null ? iam : new IamRequests(MotoAccount.REGION, ACCOUNT, lookup()))
                    .calls(request.operation(), params, body);
        } catch (IamRequests.Unmapped e) {
            if (iam == null) {
                return null; // no policy chosen: only the calls the model maps are held to the reference
            }
            violations.add(e.getMessage());
            return refuse(request, Rule.IAM, 403, "AccessDenied", e.getMessage());
        }
        if (iam == null) { // no policy chosen: the call is still held to AWS's reference, and allowed
            calls.forEach(c -> c.authorizations().forEach(a -> violations.addAll(
                    ServiceReference.problems(c.service(), c.operation(), a))));
            return null;
        }
        Optional<String> denied = authorize(calls);
        return denied.map(why -> refuse(request, Rule.IAM, 403, "AccessDenied", why)).orElse(null);
    }

    /**
     * Records the calls' authorizations, holds each to AWS's Service Authorization Reference (a
     * finding is a violation) and, with a policy in force, says why the first one it refuses is refused.
     */
    private Optional<String> authorize(List<IamRequests.Call> calls) {
        for (IamRequests.Call call : calls) {
            for (Authorization a : call.authorizations()) {
                violations.addAll(ServiceReference.problems(call.service(), call.operation(), a));
            }
            authorizations.addAll(call.authorizations());
        }
        for (IamRequests.Call call : policy == null ? List.<IamRequests.Call>of() : calls) {
            for (Authorization a : call.authorizations()) {
                Decision d = policy.evaluate(a);
                if (d != Decision.ALLOW) {
                    String why = d == Decision.EXPLICIT_DENY ? "with an explicit deny in an identity-based policy"
                            : "because no identity-based policy allows the " + a.action() + " action";
                    return Optional.of("User: arn:aws:sts::" + ACCOUNT + ":assumed-role/aurora-refresh/test is not authorized to perform: "
                            + a.action() + " on resource: " + a.resource() + " " + why);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * A database login with an IAM token for {@code user} at the cluster endpoint {@code host}:
     * the database has IAM authorize rds-db:connect on the cluster's user. Empty when allowed (or
     * IAM is not in force), else the refusal, as the database's login failure would say it.
     */
    public synchronized Optional<String> authorizeLogin(String host, String user) {
        if (!rules.contains(Rule.IAM) || iam == null) {
            return Optional.empty();
        }
        String resourceId = lookups.describeDBClusters().dbClusters().stream()
                .filter(c -> host.equalsIgnoreCase(c.endpoint()) || host.equalsIgnoreCase(c.readerEndpoint()))
                .map(c -> c.dbClusterResourceId()).findFirst().orElse("cluster-UNKNOWN");
        return authorize(List.of(iam.connect(resourceId, user)))
                .map(why -> "PAM authentication failed for user \"" + user + "\" (" + why + ")");
    }

    /** What the IAM model must know of existing resources, looked up straight in moto. */
    private IamRequests.Lookup lookup() {
        return new IamRequests.Lookup() {
            @Override
            public Map<String, String> tagsOf(String arn) {
                return StrictTwin.this.tagsOf(arn);
            }

            @Override
            public Optional<IamRequests.ClusterFacts> cluster(String clusterId) {
                try {
                    return lookups.describeDBClusters(r -> r.dbClusterIdentifier(clusterId)).dbClusters().stream().findFirst()
                            .map(c -> new IamRequests.ClusterFacts(c.engine(), c.engineVersion(),
                                    Optional.ofNullable(c.dbSubnetGroup()), Boolean.TRUE.equals(c.copyTagsToSnapshot())));
                } catch (software.amazon.awssdk.services.rds.model.RdsException notThere) {
                    return Optional.empty();
                }
            }

            @Override
            public Optional<IamRequests.SecretFacts> secret(String secretId) {
                return IamSecrets.describe(lookups, secretId);
            }

            @Override
            public Optional<String> keyArn(String keyId) {
                return ManagedMasterSecrets.keyArn(lookups, keyId);
            }
        };
    }

    private Map<String, String> tagsOf(String arn) {
        Map<String, String> tags = new LinkedHashMap<>();
        String id = arn.substring(arn.lastIndexOf(':') + 1);
        Gone gone = arn.contains(":cluster:") ? deletingClusters.get(id) : arn.contains(":db:") ? deletingInstances.get(id) : null;
        if (gone != null) { // moto forgot it, AWS still has it (and its tags) while it is deleting
            Element list = child(gone.record, "TagList");
            if (list != null) {
                children(list).forEach(t -> tags.put(text(t, "Key"), text(t, "Value")));
            }
            return tags;
        }
        try {
            lookups.listTagsForResource(r -> r.resourceName(arn)).tagList().forEach(t -> tags.put(t.key(), t.value()));
        } catch (DbClusterNotFoundException | DbInstanceNotFoundException notFound) {
            // a resource that does not exist has no tags
        } catch (software.amazon.awssdk.services.rds.model.RdsException other) {
            // moto answers other faults for unknown ARNs: no tags either
        }
        return tags;
    }

    // ---- RDS state rules -------------------------------------------------------------------------------

    private enum Kind {
        CLUSTER("DBClusters", "DBClusterIdentifier", "Status"),
        INSTANCE("DBInstances", "DBInstanceIdentifier", "DBInstanceStatus");

        final String container;
        final String id;
        final String status;

        Kind(String container, String id, String status) {
            this.container = container;
            this.id = id;
            this.status = status;
        }
    }

    /** The status AWS would show for a cluster, given what moto shows. */
    private String clusterStatus(String id, String motoStatus) {
        if (rules.contains(Rule.DELETING_LINGERS) && deletingClusters.containsKey(id)) {
            return "deleting";
        }
        String set = limits.statusOf(id, null);
        if (set != null) {
            return set;
        }
        if (stopped.contains(id)) {
            return "stopped";
        }
        if (rules.contains(Rule.CLUSTER_CREATING) && creatingClusters.getOrDefault(id, 0) > 0) {
            return "creating";
        }
        if (rules.contains(Rule.MASTER_CREDENTIALS) && masterCredentials.isResetting(id)) {
            return "resetting-master-credentials";
        }
        return motoStatus;
    }

    /** The status the twin shows for a cluster moto has as available (without counting a read). */
    String statusShown(String clusterId) {
        return clusterStatus(clusterId, "available");
    }

    int deletingClusterCount() {
        return deletingClusters.size();
    }

    int deletingInstanceCount() {
        return deletingInstances.size();
    }

    /** The clusters in {@code source}'s clone group that exist (or are still deleting), the source aside. */
    private long liveClonesOf(String source) {
        String group = cloneGroups.get(source);
        if (group == null) {
            return 0;
        }
        Set<String> live = new java.util.HashSet<>(deletingClusters.keySet());
        lookups.describeDBClusters().dbClusters().forEach(c -> live.add(c.dbClusterIdentifier()));
        return cloneGroups.entrySet().stream()
                .filter(e -> group.equals(e.getValue()) && !e.getKey().equals(source) && live.contains(e.getKey())).count();
    }

    private Answer describe(Exchange exchange, Map<String, String> form, Moto moto, Kind kind) throws IOException {
        Request request = exchange.request();
        Map<String, String> forwarded = new LinkedHashMap<>(form);
        int max = MAX_RECORDS;
        int offset = 0;
        if (rules.contains(Rule.PAGINATION)) {
            String maxRecords = forwarded.remove("MaxRecords");
            String marker = forwarded.remove("Marker");
            if (maxRecords != null) {
                max = Integer.parseInt(maxRecords);
                if (max < 20 || max > 100) {
                    return refuse(request, Rule.PAGINATION, 400, "InvalidParameterValue",
                            "Invalid value " + max + " for MaxRecords. Must be between 20 and 100");
                }
            }
            if (marker != null) {
                if (!marker.matches("twin-[0-9]+")) {
                    return refuse(request, Rule.PAGINATION, 400, "InvalidParameterValue", "Invalid marker: " + marker);
                }
                offset = Integer.parseInt(marker.substring(5));
            }
        }
        Map<String, List<String>> filters = filters(forwarded);
        List<String> groups = kind == Kind.CLUSTER && rules.contains(Rule.CLONE_GROUP_FILTER)
                ? filters.remove("clone-group-id") : null;
        if (groups != null) {
            forwarded.keySet().removeIf(k -> k.startsWith("Filters."));
            putFilters(forwarded, filters);
        }
        String askedId = form.get(kind.id);
        boolean lingers = rules.contains(Rule.DELETING_LINGERS);
        Answer answer = moto.forward(encode(forwarded));
        Document doc;
        if (answer.status() == 404 && lingers && askedId != null
                && (kind == Kind.CLUSTER ? deletingClusters : deletingInstances).containsKey(askedId)) {
            doc = ApiModels.xml(("<" + request.operation() + "Response xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\"><"
                    + request.operation() + "Result><" + kind.container + "/></" + request.operation()
                    + "Result><ResponseMetadata><RequestId>twin</RequestId></ResponseMetadata></" + request.operation()
                    + "Response>").getBytes(StandardCharsets.UTF_8)).getOwnerDocument();
        } else if (answer.status() != 200) {
            return answer;
        } else {
            doc = ApiModels.xml(answer.body()).getOwnerDocument();
        }
        Element container = (Element) doc.getElementsByTagName(kind.container).item(0);
        List<Element> records = children(container);
        if (lingers) {
            Map<String, Gone> gone = kind == Kind.CLUSTER ? deletingClusters : deletingInstances;
            List<String> clusterFilter = filters.get("db-cluster-id");
            for (var e : gone.entrySet()) {
                boolean matches = askedId != null ? askedId.equals(e.getKey())
                        : kind == Kind.CLUSTER ? clusterFilter == null || clusterFilter.contains(e.getKey())
                        : clusterFilter == null || clusterFilter.contains(e.getValue().clusterId);
                if (matches && records.stream().noneMatch(r -> e.getKey().equals(text(r, kind.id)))) {
                    Element copy = (Element) doc.importNode(e.getValue().record, true);
                    container.appendChild(copy);
                    records.add(copy);
                }
            }
        }
        if (kind == Kind.CLUSTER) {
            for (Element r : records) {
                String group = cloneGroups.get(text(r, kind.id));
                if (group != null) {
                    setText(r, "CloneGroupId", group);
                }
                if (crossAccount != null && crossAccount.isCrossAccountClone(text(r, kind.id))) {
                    setText(r, "CrossAccountClone", "true");
                }
                limits.fieldsOf(text(r, kind.id)).forEach((k, v) -> setText(r, k, v));
            }
            if (groups != null) {
                for (Element r : List.copyOf(records)) {
                    if (!groups.contains(text(r, "CloneGroupId"))) {
                        container.removeChild(r);
                        records.remove(r);
                    }
                }
            }
        }
        Element result = (Element) container.getParentNode();
        for (Element old : children(result)) {
            if (old.getTagName().equals("Marker")) {
                result.removeChild(old);
            }
        }
        if (rules.contains(Rule.PAGINATION)) {
            for (int i = 0; i < records.size(); i++) {
                if (i < offset || i >= offset + max) {
                    container.removeChild(records.get(i));
                }
            }
            if (records.size() > offset + max) {
                pagesCut++;
                Element marker = doc.createElement("Marker");
                marker.setTextContent("twin-" + (offset + max));
                result.appendChild(marker);
            }
            records = children(container);
        }
        for (Element r : records) {
            String id = text(r, kind.id);
            setText(r, kind.status, kind == Kind.CLUSTER ? readCluster(id, text(r, kind.status)) : readInstance(id, r));
        }
        return new Answer(200, answer.headers(), serialize(doc));
    }

    /** The status shown for one read of a cluster; counts the read. */
    private String readCluster(String id, String motoStatus) {
        String shown = clusterStatus(id, motoStatus);
        String status = shown.equals("resetting-master-credentials") ? masterCredentials.read(id, motoStatus) : shown;
        Gone gone = deletingClusters.get(id);
        if (gone != null && --gone.readsLeft <= 0) {
            deletingClusters.remove(id);
        }
        creatingClusters.computeIfPresent(id, (k, n) -> n > 1 ? n - 1 : null);
        return status;
    }

    private String readInstance(String id, Element record) {
        Gone gone = deletingInstances.get(id);
        if (gone != null) {
            if (--gone.readsLeft <= 0) {
                deletingInstances.remove(id);
            }
            return "deleting";
        }
        if (stopped.contains(text(record, "DBClusterIdentifier"))) {
            return "stopped";
        }
        Deque<String> pending = instanceStatuses.get(id);
        if (pending != null && rules.contains(Rule.INSTANCE_LIFECYCLE)) {
            String status = pending.poll();
            if (pending.isEmpty()) {
                instanceStatuses.remove(id);
            }
            return status;
        }
        return text(record, "DBInstanceStatus");
    }

    private Answer restore(Request request, Map<String, String> form, Moto moto) throws IOException {
        String id = form.get("DBClusterIdentifier");
        if (rules.contains(Rule.RESTORE_ONTO_EXISTING) && (deletingClusters.containsKey(id) || clusterExists(id))) {
            return refuseState(request, Rule.RESTORE_ONTO_EXISTING, "DBClusterAlreadyExistsFault", "DB Cluster already exists");
        }
        Answer answer;
        if (foreign(form.get("SourceDBClusterIdentifier"))) {
            CrossAccountRules.Denial denial = crossAccount.restoreDenial(form,
                    clone -> deletingClusters.containsKey(clone) || clusterExists(clone));
            answer = denial != null ? refuse(request, Rule.CROSS_ACCOUNT, denial) : crossAccount.restore(form, moto);
        } else {
            answer = moto.forward(encode(form));
        }
        if (answer.status() == 200) {
            creatingClusters.put(id, clusterCreatingReads);
            if ("copy-on-write".equals(form.get("RestoreType"))
                    && limits.copyOnWrite(form.get("SourceDBClusterIdentifier"), id, this::liveClonesOf)) {
                cloneOf(form.get("SourceDBClusterIdentifier"), id);
            }
        }
        return answer;
    }

    private boolean clusterExists(String id) {
        try {
            return !lookups.describeDBClusters(r -> r.dbClusterIdentifier(id)).dbClusters().isEmpty();
        } catch (DbClusterNotFoundException e) {
            return false;
        }
    }

    private Answer createInstance(Request request, Map<String, String> form, Moto moto) throws IOException {
        String cluster = form.get("DBClusterIdentifier");
        if (rules.contains(Rule.INSTANCE_NEEDS_AVAILABLE_CLUSTER) && cluster != null) {
            String status = clusterStatus(cluster, "available");
            if (!status.equals("available")) {
                return refuseState(request, Rule.INSTANCE_NEEDS_AVAILABLE_CLUSTER, "InvalidDBClusterStateFault",
                        "DB cluster " + cluster + " is in " + status + " state, instances can be added only when it is available.");
            }
        }
        Answer answer = moto.forward(encode(form));
        if (answer.status() == 200) {
            Deque<String> statuses = new ArrayDeque<>();
            for (int i = 0; i < instanceCreatingReads; i++) {
                statuses.add("creating");
            }
            for (int i = 0; i < instanceBackingUpReads; i++) {
                statuses.add("backing-up");
            }
            instanceStatuses.put(form.get("DBInstanceIdentifier"), statuses);
        }
        return answer;
    }

    private Answer deleteCluster(Request request, Map<String, String> form, Moto moto) throws IOException {
        return delete(request, form, moto, Kind.CLUSTER, id -> {
            if (!rules.contains(Rule.CLUSTER_DELETE_NEEDS_DELETING_INSTANCES)) {
                return null;
            }
            List<String> live = new ArrayList<>();
            lookups.describeDBInstances(r -> r.filters(f -> f.name("db-cluster-id").values(id))).dbInstances()
                    .forEach(i -> live.add(i.dbInstanceIdentifier()));
            return live.isEmpty() ? null : refuseState(request, Rule.CLUSTER_DELETE_NEEDS_DELETING_INSTANCES,
                    "InvalidDBClusterStateFault",
                    "Cluster cannot be deleted, it still contains DB instances in non-deleting state: " + live);
        });
    }

    private Answer deleteInstance(Request request, Map<String, String> form, Moto moto) throws IOException {
        return delete(request, form, moto, Kind.INSTANCE, id -> {
            String cluster = rules.contains(Rule.STOPPED_REFUSES) ? instanceCluster(id) : null;
            return cluster == null || !stopped.contains(cluster) ? null : refuseState(request, Rule.STOPPED_REFUSES,
                    "InvalidDBClusterStateFault", "DB cluster " + cluster + " is stopped: its instances cannot be deleted.");
        });
    }

    /**
     * A delete as AWS answers it: refused while a first one still lingers, or by {@code refusal}
     * (the kind's own rule, null when it allows); else moto deletes and the resource lingers.
     */
    private Answer delete(Request request, Map<String, String> form, Moto moto, Kind kind,
            java.util.function.Function<String, Answer> refusal) throws IOException {
        String id = form.get(kind.id);
        Answer refused = refuseSecondDelete(request, kind, id);
        if (refused == null) {
            refused = refusal.apply(id);
        }
        if (refused != null) {
            return refused;
        }
        Answer answer = moto.forward(encode(form));
        if (answer.status() == 200) {
            (kind == Kind.CLUSTER ? creatingClusters : instanceStatuses).remove(id);
            linger(answer, kind, id);
        }
        return answer;
    }

    /** With DELETING_LINGERS, AWS's refusal of a second delete of what is still deleting; null otherwise. */
    private Answer refuseSecondDelete(Request request, Kind kind, String id) {
        boolean cluster = kind == Kind.CLUSTER;
        if (!rules.contains(Rule.DELETING_LINGERS) || !(cluster ? deletingClusters : deletingInstances).containsKey(id)) {
            return null;
        }
        return refuseState(request, Rule.DELETING_LINGERS, cluster ? "InvalidDBClusterStateFault" : "InvalidDBInstanceState",
                (cluster ? "Cluster " : "Instance ") + id + " is already being deleted.");
    }

    /** Keeps what moto has just deleted, as AWS shows it while it is deleting. */
    private void linger(Answer deleted, Kind kind, String id) {
        Element record = (Element) ApiModels.xml(deleted.body())
                .getElementsByTagName(kind == Kind.CLUSTER ? "DBCluster" : "DBInstance").item(0);
        if (record != null && deletingReads > 0) {
            setText(record, kind.status, "deleting");
            String cluster = kind == Kind.CLUSTER ? id : text(record, "DBClusterIdentifier");
            (kind == Kind.CLUSTER ? deletingClusters : deletingInstances).put(id, new Gone(record, cluster, deletingReads));
        }
    }

    private String instanceCluster(String instanceId) {
        try {
            return lookups.describeDBInstances(r -> r.dbInstanceIdentifier(instanceId)).dbInstances().stream()
                    .map(i -> i.dbClusterIdentifier()).findFirst().orElse(null);
        } catch (DbInstanceNotFoundException e) {
            return null;
        }
    }

    private Answer modifyCluster(Request request, Map<String, String> form, Moto moto, byte[] body) throws IOException {
        String id = form.get("DBClusterIdentifier");
        String status = clusterStatus(id, "available");
        if (rules.contains(Rule.STOPPED_REFUSES) && status.equals("stopped")
                || rules.contains(Rule.DELETING_LINGERS) && status.equals("deleting")) {
            return refuseState(request, status.equals("stopped") ? Rule.STOPPED_REFUSES : Rule.DELETING_LINGERS,
                    "InvalidDBClusterStateFault", "DB cluster " + id + " is " + status + " and cannot be modified.");
        }
        if (!rules.contains(Rule.MASTER_CREDENTIALS)) {
            return moto.forward(body);
        }
        CrossAccountRules.Denial denial = masterCredentials.denial(form, status);
        if (denial != null) {
            return refuse(request, Rule.MASTER_CREDENTIALS, denial);
        }
        if (MasterCredentialsRule.managesAlready(form, lookups)) {
            // moto would make a second secret and the twin reset the credentials again; AWS's answer to turning on
            // what is on already is not documented: the twin changes nothing (e.g. a late copy of the request)
            return moto.forward(MasterCredentialsRule.without(body, "ManageMasterUserPassword", "MasterUserSecretKmsKeyId"));
        }
        Answer answer = moto.forward(body);
        if (answer.status() == 200 && MasterCredentialsRule.changesCredentials(form)) {
            masterCredentials.changed(id);
            if ("true".equals(form.get("ManageMasterUserPassword"))) {
                ManagedMasterSecrets.renew(lookups, id); // the cluster's master user and a new password, as RDS keeps them
            }
        }
        return answer;
    }

    // ---- Route53 -----------------------------------------------------------------------------------------

    private Answer changeRecords(Answer answer) {
        if (answer.status() != 200 || !rules.contains(Rule.CHANGE_PENDING)) {
            return answer;
        }
        Document doc = ApiModels.xml(answer.body()).getOwnerDocument();
        Element info = (Element) doc.getElementsByTagName("ChangeInfo").item(0);
        setText(info, "Status", "PENDING");
        pendingChanges.put(text(info, "Id").replaceFirst("^/?change/", ""), changePendingReads);
        return new Answer(200, answer.headers(), serialize(doc));
    }

    private Answer getChange(Exchange exchange, Answer answer) {
        Matcher m = ROUTE53_ID.matcher(exchange.path());
        String id = m.matches() ? m.group(1) : "";
        Integer left = pendingChanges.get(id);
        if (answer.status() != 200 || left == null || !rules.contains(Rule.CHANGE_PENDING)) {
            return answer;
        }
        if (left <= 0) {
            pendingChanges.remove(id);
            return answer;
        }
        pendingChanges.put(id, left - 1);
        Document doc = ApiModels.xml(answer.body()).getOwnerDocument();
        setText((Element) doc.getElementsByTagName("ChangeInfo").item(0), "Status", "PENDING");
        return new Answer(200, answer.headers(), serialize(doc));
    }

    // ---- wire helpers ------------------------------------------------------------------------------------

    static Map<String, String> form(byte[] body) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                out.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    static byte[] encode(Map<String, String> form) {
        StringBuilder b = new StringBuilder();
        form.forEach((k, v) -> b.append(b.length() == 0 ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The Filters of a query form: name to values, in order. */
    private static Map<String, List<String>> filters(Map<String, String> form) {
        Map<Integer, String> names = new TreeMap<>();
        Map<Integer, List<String>> values = new TreeMap<>();
        form.forEach((k, v) -> {
            Matcher m = FILTER.matcher(k);
            if (m.matches()) {
                int n = Integer.parseInt(m.group(2));
                if (m.group(3).equals("Name")) {
                    names.put(n, v);
                } else {
                    values.computeIfAbsent(n, x -> new ArrayList<>()).add(v);
                }
            }
        });
        Map<String, List<String>> out = new LinkedHashMap<>();
        names.forEach((n, name) -> out.put(name, values.getOrDefault(n, List.of())));
        return out;
    }

    private static void putFilters(Map<String, String> form, Map<String, List<String>> filters) {
        int n = 0;
        for (var f : filters.entrySet()) {
            n++;
            form.put("Filters.Filter." + n + ".Name", f.getKey());
            for (int i = 0; i < f.getValue().size(); i++) {
                form.put("Filters.Filter." + n + ".Values.Value." + (i + 1), f.getValue().get(i));
            }
        }
    }

    private static List<Element> children(Element parent) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                out.add(e);
            }
        }
        return out;
    }

    private static Element child(Element parent, String name) {
        return children(parent).stream().filter(e -> e.getTagName().equals(name)).findFirst().orElse(null);
    }

    private static String text(Element parent, String name) {
        Element c = child(parent, name);
        return c == null ? null : c.getTextContent();
    }

    private static void setText(Element parent, String name, String value) {
        Element c = child(parent, name);
        if (c == null) {
            c = parent.getOwnerDocument().createElement(name);
            parent.appendChild(c);
        }
        c.setTextContent(value);
    }

    private static byte[] serialize(Document doc) {
        try {
            var t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "no");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            t.transform(new DOMSource(doc), new StreamResult(out));
            return out.toByteArray();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
