package dev.aurorarefresh.testing;

import dev.aurorarefresh.testing.IamPolicy.Authorization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The IAM authorizations AWS makes for one request as it goes over the wire, following AWS's
 * Service Authorization Reference ({@link ServiceReference}; AuthorizationTableTest holds this
 * table to it): an operation's own action on every resource the reference lists for it that the
 * request involves (named, or the default group AWS picks), and the dependent actions its
 * Operations entry lists that the request sets off. Calls on existing resources carry their
 * tags as aws:ResourceTag. Where the reference leaves a reading open the stricter one is taken
 * ({@link #NOT_MADE} and iam/README.md say which). An operation it has no mapping for is
 * reported, so a new AWS call cannot slip past the policy check.
 */
public final class IamRequests {
    private static final Pattern TAG = Pattern.compile("Tags\\.[^.]+\\.(\\d+)\\.(Key|Value)");

    /**
     * The dependent actions the reference's Operations entry lists for an operation the project
     * calls that none of the project's requests sets off, and why: by "service Operation", then
     * IAM action. AuthorizationTableTest fails on an action listed neither here nor made.
     */
    public static final Map<String, Map<String, String>> NOT_MADE = Map.of(
            "rds RestoreDBClusterToPointInTime", Map.of(
                    "rds:AddRoleToDBCluster", "the restore associates no IAM role (no role parameter is sent)",
                    "iam:PassRole", "only with a role parameter (MonitoringRoleArn, DomainIAMRoleName), which the restore does not send",
                    "rds:CreateDBInstance", "only for a Multi-AZ DB cluster (DBClusterInstanceClass), not Aurora"),
            "rds CreateDBInstance", Map.of(
                    "rds:CreateTenantDatabase", "RDS for Oracle multitenant only"),
            "rds ModifyDBCluster", Map.of(
                    "rds:ModifyDBInstance", "only for a Multi-AZ DB cluster's instance settings, not deletion protection",
                    "iam:PassRole", "only with a role parameter (MonitoringRoleArn, DomainIAMRoleName), which the modify does not send"),
            "rds DeleteDBInstance", Map.of(
                    "rds:CreateDBSnapshot", "an Aurora instance has no final snapshot: sent with SkipFinalSnapshot",
                    "rds:AddTagsToResource", "tags of a final DB snapshot, which an Aurora instance does not take",
                    "rds:DeleteTenantDatabase", "RDS for Oracle multitenant only"),
            "rds DeleteDBCluster", Map.of(
                    "rds:DeleteDBInstance", "Aurora refuses to delete a cluster that still has instances (they are deleted first)"));

    private final String region;
    private final String account;
    private final Lookup lookup;

    /** What the model needs to know of existing resources; only tags unless told more (a lambda gives tags). */
    @FunctionalInterface
    public interface Lookup {
        /** Current tags of an existing RDS resource, by ARN (empty when it does not exist). */
        Map<String, String> tagsOf(String arn);

        /** An existing cluster, by identifier. */
        default Optional<ClusterFacts> cluster(String clusterId) {
            return Optional.empty();
        }

        /** An existing secret, by the SecretId a request names. */
        default Optional<SecretFacts> secret(String secretId) {
            return Optional.empty();
        }

        /** The ARN of the KMS key a key id, alias or ARN names (IAM authorizes a key's use on the key, not its alias). */
        default Optional<String> keyArn(String keyId) {
            return Optional.empty();
        }
    }

    /** What of a cluster decides a request's authorizations: its default groups, the snapshot's tags. */
    public record ClusterFacts(String engine, String engineVersion, Optional<String> subnetGroup, boolean copyTagsToSnapshot) {
    }

    /**
     * A secret's full ARN, its customer-managed KMS key, if it has one (the AWS-managed key needs no
     * grant), and its tags (a GetSecretValue carries them as secretsmanager:ResourceTag and aws:ResourceTag).
     */
    public record SecretFacts(String arn, Optional<String> customerKeyArn, Map<String, String> tags) {
        public SecretFacts(String arn, Optional<String> customerKeyArn) {
            this(arn, customerKeyArn, Map.of());
        }
    }

    /** One call as IAM sees it (IAM prefix and operation), with the authorizations it makes. */
    public record Call(String service, String operation, List<Authorization> authorizations) {
    }

    public IamRequests(String region, String account, Lookup lookup) {
        this.region = region;
        this.account = account;
        this.lookup = lookup;
    }

    /** An operation with no mapping: the test must add one (and the policy a statement). */
    public static final class Unmapped extends RuntimeException {
        Unmapped(String operation) {
            super("no IAM mapping for " + operation + ": add it to IamRequests and a statement to iam/policy.json");
        }
    }

    /** A query-protocol (RDS) request as it goes over the wire: parameters and tags. */
    public record Wire(String operation, Map<String, String> form) {
        /** @param parameters names and values, alternating */
        public Wire(String operation, Map<String, String> tags, String... parameters) {
            this(operation, form(tags, parameters));
        }

        private static Map<String, String> form(Map<String, String> tags, String... parameters) {
            Map<String, String> form = new LinkedHashMap<>();
            for (int i = 0; i < parameters.length; i += 2) {
                form.put(parameters[i], parameters[i + 1]);
            }
            int n = 0;
            for (var t : tags.entrySet()) {
                n++;
                form.put("Tags.Tag." + n + ".Key", t.getKey());
                form.put("Tags.Tag." + n + ".Value", t.getValue());
            }
            return form;
        }

        @Override
        public String toString() {
            return operation + " " + form;
        }
    }

    public List<Authorization> authorizations(Wire request) {
        return authorizations(request.operation(), request.form(), null);
    }

    /**
     * @param params a query-protocol form (RDS), Route53's URI parameters ({@code Id}), or Secrets
     *               Manager's JSON members ({@code SecretId})
     * @param body   Route53's XML body, or null
     */
    public List<Authorization> authorizations(String operation, Map<String, String> params, Element body) {
        return calls(operation, params, body).stream().flatMap(c -> c.authorizations().stream()).toList();
    }

    /** As {@link #authorizations(String, Map, Element)}, by call: the request's own and those it makes on the caller's behalf. */
    public List<Call> calls(String operation, Map<String, String> params, Element body) {
        List<Authorization> out = new ArrayList<>();
        List<Call> calls = new ArrayList<>();
        switch (operation) {
            case "DescribeDBClusters" -> out.add(plain("rds:DescribeDBClusters",
                    params.containsKey("DBClusterIdentifier") ? rds("cluster", params.get("DBClusterIdentifier")) : "*"));
            case "DescribeDBInstances" -> out.add(plain("rds:DescribeDBInstances",
                    params.containsKey("DBInstanceIdentifier") ? rds("db", params.get("DBInstanceIdentifier")) : "*"));
            case "DescribeDBEngineVersions" -> out.add(plain("rds:DescribeDBEngineVersions", "*"));
            case "DescribeAccountAttributes" -> out.add(plain("rds:DescribeAccountAttributes", "*"));
            case "DescribeDBClusterSnapshots" -> out.add(plain("rds:DescribeDBClusterSnapshots",
                    params.containsKey("DBClusterSnapshotIdentifier") ? rds("cluster-snapshot", params.get("DBClusterSnapshotIdentifier")) : "*"));
            case "DeleteDBClusterSnapshot" -> out.add(existing(operation(operation),
                    rds("cluster-snapshot", params.get("DBClusterSnapshotIdentifier"))));
            case "RestoreDBClusterToPointInTime" -> {
                Map<String, List<String>> ctx = requestContext(requestTags(params));
                String sourceId = params.get("SourceDBClusterIdentifier");
                String clone = rds("cluster", params.get("DBClusterIdentifier"));
                // the source is a cluster of the action too: its own tags are in the context (not the new cluster's)
                out.add(new Authorization(operation(operation), rds("cluster", sourceId), withResourceTags(ctx, rds("cluster", sourceId))));
                out.add(new Authorization(operation(operation), clone, withResourceTags(ctx, clone)));
                Optional<ClusterFacts> source = lookup.cluster(sourceId);
                if (params.containsKey("DBSubnetGroupName")) {
                    out.add(new Authorization(operation(operation), rds("subgrp", params.get("DBSubnetGroupName")), ctx));
                }
                if (params.containsKey("DBClusterParameterGroupName")) {
                    out.add(new Authorization(operation(operation), rds("cluster-pg", params.get("DBClusterParameterGroupName")), ctx));
                }
                // stricter reading: the option group the new cluster gets is authorized even when AWS picks the default
                out.add(new Authorization(operation(operation), rds("og", params.getOrDefault("OptionGroupName",
                        defaultOptionGroup(source.map(ClusterFacts::engine).orElse(params.get("Engine")),
                                source.map(ClusterFacts::engineVersion).orElse(params.get("EngineVersion"))))), ctx));
                if (!requestTags(params).isEmpty()) {
                    out.add(tagOnCreate(clone, ctx));
                }
            }
            case "CreateDBInstance" -> {
                Map<String, List<String>> ctx = requestContext(requestTags(params));
                String instance = rds("db", params.get("DBInstanceIdentifier"));
                out.add(new Authorization(operation(operation), instance, withResourceTags(ctx, instance)));
                String clusterId = params.get("DBClusterIdentifier");
                String cluster = rds("cluster", clusterId);
                out.add(new Authorization(operation(operation), cluster, withResourceTags(ctx, cluster)));
                Optional<ClusterFacts> facts = lookup.cluster(clusterId);
                String engine = params.getOrDefault("Engine", facts.map(ClusterFacts::engine).orElse(null));
                String version = facts.map(ClusterFacts::engineVersion).orElse(params.get("EngineVersion"));
                // stricter reading: the groups the instance gets are authorized even when not named (AWS's own
                // example policy for CreateDBInstance lists og:default* and subgrp:*)
                out.add(new Authorization(operation(operation), rds("pg", params.getOrDefault("DBParameterGroupName",
                        defaultParameterGroup(engine, version))), ctx));
                out.add(new Authorization(operation(operation), rds("og", params.getOrDefault("OptionGroupName",
                        defaultOptionGroup(engine, version))), ctx));
                Optional.ofNullable(params.get("DBSubnetGroupName")).or(() -> facts.flatMap(ClusterFacts::subnetGroup))
                        .ifPresent(group -> out.add(new Authorization(operation(operation), rds("subgrp", group), ctx)));
                if (params.containsKey("MonitoringRoleArn")) {
                    // the reference: CreateDBInstance passes the enhanced monitoring role to rds.amazonaws.com
                    out.add(new Authorization("iam:PassRole", params.get("MonitoringRoleArn"),
                            Map.of("iam:PassedToService", List.of("rds.amazonaws.com"))));
                }
                if (!requestTags(params).isEmpty()) {
                    out.add(tagOnCreate(instance, ctx));
                }
            }
            case "AddTagsToResource" -> out.add(new Authorization("rds:AddTagsToResource", params.get("ResourceName"),
                    withResourceTags(requestContext(requestTags(params)), params.get("ResourceName"))));
            case "ModifyDBCluster" -> {
                out.add(existing(operation(operation), rds("cluster", params.get("DBClusterIdentifier"))));
                // the groups are authorized when the modify names them (it changes them only then)
                named(params, "DBClusterParameterGroupName", "cluster-pg", operation, out);
                named(params, "DBInstanceParameterGroupName", "pg", operation, out);
                named(params, "OptionGroupName", "og", operation, out);
                if ("true".equals(params.get("ManageMasterUserPassword"))) {
                    calls.addAll(managedMasterSecret(params.get("DBClusterIdentifier"),
                            Optional.ofNullable(params.get("MasterUserSecretKmsKeyId"))));
                }
            }
            case "DeleteDBInstance" -> out.add(existing(operation(operation), rds("db", params.get("DBInstanceIdentifier"))));
            case "DeleteDBCluster" -> {
                String clusterId = params.get("DBClusterIdentifier");
                String cluster = rds("cluster", clusterId);
                out.add(existing(operation(operation), cluster));
                if (params.containsKey("FinalDBSnapshotIdentifier")) {
                    String snapshot = rds("cluster-snapshot", params.get("FinalDBSnapshotIdentifier"));
                    out.add(plain(operation(operation), snapshot));
                    // the final snapshot is a CreateDBClusterSnapshot of the cluster, on the snapshot
                    out.add(existing("rds:CreateDBClusterSnapshot", cluster));
                    out.add(plain("rds:CreateDBClusterSnapshot", snapshot));
                    if (lookup.cluster(clusterId).map(ClusterFacts::copyTagsToSnapshot).orElse(true)) {
                        // stricter reading: the cluster's tags, copied to the snapshot, are the tags of its tagging
                        Map<String, String> copied = lookup.tagsOf(cluster);
                        out.add(new Authorization("rds:AddTagsToResource", snapshot, requestContext(copied)));
                    }
                }
            }
            case "GetHostedZone" -> out.add(plain("route53:GetHostedZone", zone(params.get("Id"))));
            case "ListHostedZonesByName" -> out.add(plain("route53:ListHostedZonesByName", "*"));
            case "ListResourceRecordSets" -> out.add(plain("route53:ListResourceRecordSets", zone(params.get("Id"))));
            case "ChangeResourceRecordSets" -> out.add(new Authorization("route53:ChangeResourceRecordSets",
                    zone(params.get("Id")), changeContext(body)));
            case "GetChange" -> out.add(plain("route53:GetChange", "arn:aws:route53:::change/" + params.get("Id")));
            case "GetSecretValue" -> {
                String id = params.get("SecretId");
                Optional<SecretFacts> secret = lookup.secret(id);
                Map<String, List<String>> tags = new TreeMap<>();
                secret.map(SecretFacts::tags).orElse(Map.of()).forEach((k, v) -> {
                    tags.put("aws:ResourceTag/" + k, List.of(v));
                    tags.put("secretsmanager:ResourceTag/" + k, List.of(v));
                });
                out.add(new Authorization("secretsmanager:GetSecretValue", secret.map(SecretFacts::arn).orElse(
                        id.startsWith("arn:") ? id : "arn:aws:secretsmanager:" + region + ":" + account + ":secret:" + id), tags));
                // Secrets Manager decrypts with the caller's permission: kms:Decrypt via the service, on a customer key
                secret.flatMap(SecretFacts::customerKeyArn).ifPresent(key -> calls.add(new Call("kms", "Decrypt",
                        List.of(new Authorization("kms:Decrypt", key,
                                Map.of("kms:ViaService", List.of("secretsmanager." + region + ".amazonaws.com")))))));
            }
            default -> throw new Unmapped(operation);
        }
        calls.add(0, new Call(serviceOf(operation), operation, out));
        return calls;
    }

    /**
     * What RDS does with the caller's permissions when it takes over a cluster's master password
     * (the Aurora guide's "Permissions required for Secrets Manager integration": the caller needs
     * secretsmanager:CreateSecret and TagResource and kms:DescribeKey, and on a customer managed
     * MasterUserSecretKmsKeyId also kms:Decrypt, kms:GenerateDataKey and kms:CreateGrant). RDS
     * creates the secret {@code rds!cluster-<uuid>} in the caller's account tagged with the
     * cluster's ARN ({@code aws:rds:primaryDBClusterArn}, the tag key AmazonRDSServiceRolePolicy
     * names; the reference's CreateSecret authorizes TagResource for the tags it is created with),
     * and describes the secret's key: the account's aws/secretsmanager, or the customer's. The uuid
     * is new each time: the model names one after the cluster. The guide does not say through
     * which service the key is used, so no kms:ViaService is in the context.
     */
    private List<Call> managedMasterSecret(String clusterId, Optional<String> customerKey) {
        String cluster = rds("cluster", clusterId);
        String secret = "arn:aws:secretsmanager:" + region + ":" + account + ":secret:rds!cluster-"
                + java.util.UUID.nameUUIDFromBytes(cluster.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "-Mdl0Id";
        Map<String, List<String>> tags = requestContext(Map.of("aws:rds:primaryDBClusterArn", cluster));
        List<Call> out = new ArrayList<>(List.of(new Call("secretsmanager", "CreateSecret", List.of(
                new Authorization("secretsmanager:CreateSecret", secret, tags),
                new Authorization("secretsmanager:TagResource", secret, tags)))));
        String key = keyArn(customerKey.orElse("alias/aws/secretsmanager"));
        out.add(new Call("kms", "DescribeKey", List.of(plain("kms:DescribeKey", key))));
        if (customerKey.isPresent()) {
            for (String use : List.of("Decrypt", "GenerateDataKey", "CreateGrant")) {
                out.add(new Call("kms", use, List.of(plain("kms:" + use, key))));
            }
        }
        return out;
    }

    /** A key's ARN: as given, from its id, or (an alias) the key the lookup finds; an alias it cannot resolve stays one. */
    private String keyArn(String keyId) {
        if (keyId.startsWith("arn:") && keyId.contains(":key/")) {
            return keyId;
        }
        String prefix = "arn:aws:kms:" + region + ":" + account + ":";
        return lookup.keyArn(keyId).orElse(keyId.startsWith("arn:") ? keyId
                : prefix + (keyId.startsWith("alias/") ? keyId : "key/" + keyId));
    }

    /**
     * A database login with an IAM authentication token: the database asks IAM for
     * {@code rds-db:connect} on the user of the cluster's resource id (the reference's db-user).
     */
    public Call connect(String clusterResourceId, String user) {
        return new Call("rds-db", "connect", List.of(plain("rds-db:connect",
                "arn:aws:rds-db:" + region + ":" + account + ":dbuser:" + clusterResourceId + "/" + user)));
    }

    /** The IAM prefix of the service of an operation this table maps. */
    private static String serviceOf(String operation) {
        return switch (operation) {
            case "GetSecretValue" -> "secretsmanager";
            case "GetHostedZone", "ListHostedZonesByName", "ListResourceRecordSets", "ChangeResourceRecordSets", "GetChange" -> "route53";
            default -> "rds";
        };
    }

    /** AWS's default option group of an engine version: default:aurora-postgresql-15, default:aurora-mysql-8-0. */
    static String defaultOptionGroup(String engine, String version) {
        String major = major(engine, version);
        return "default:" + (engine == null ? "unknown-engine" : engine) + (major.isEmpty() ? "" : "-" + major.replace('.', '-'));
    }

    /** AWS's default DB parameter group of an engine version: default.aurora-postgresql15, default.aurora-mysql8.0. */
    static String defaultParameterGroup(String engine, String version) {
        return "default." + (engine == null ? "unknown-engine" : engine) + major(engine, version);
    }

    private static String major(String engine, String version) {
        if (version == null || version.isBlank()) {
            return "";
        }
        String[] parts = version.split("\\.");
        return engine != null && engine.contains("mysql") && parts.length > 1 ? parts[0] + "." + parts[1] : parts[0];
    }

    private void named(Map<String, String> params, String parameter, String type, String operation, List<Authorization> out) {
        if (params.containsKey(parameter)) {
            out.add(plain(operation(operation), rds(type, params.get(parameter))));
        }
    }

    private static String operation(String name) {
        return "rds:" + name;
    }

    private String rds(String type, String id) {
        // an ARN where RDS takes an identifier (a cluster another account shares) is authorized as it is
        return id != null && id.startsWith("arn:") ? id : "arn:aws:rds:" + region + ":" + account + ":" + type + ":" + id;
    }

    /**
     * Tag-on-create is authorized as rds:AddTagsToResource on the new resource. Should a resource
     * of that name already exist (a race, or a name someone else took), this model gives the
     * authorization that resource's tags: the stricter reading, so the policy must hold either way.
     */
    private Authorization tagOnCreate(String arn, Map<String, List<String>> requestTags) {
        return new Authorization("rds:AddTagsToResource", arn, withResourceTags(requestTags, arn));
    }

    private Map<String, List<String>> withResourceTags(Map<String, List<String>> requestTags, String arn) {
        Map<String, List<String>> ctx = new LinkedHashMap<>(requestTags);
        ctx.putAll(resourceTags(arn));
        return ctx;
    }

    private static String zone(String id) {
        return "arn:aws:route53:::hostedzone/" + id.replaceFirst("^/?hostedzone/", "");
    }

    private static Authorization plain(String action, String resource) {
        return new Authorization(action, resource, Map.of());
    }

    private Authorization existing(String action, String arn) {
        return new Authorization(action, arn, resourceTags(arn));
    }

    private Map<String, List<String>> resourceTags(String arn) {
        Map<String, List<String>> ctx = new LinkedHashMap<>();
        lookup.tagsOf(arn).forEach((k, v) -> ctx.put("aws:ResourceTag/" + k, List.of(v)));
        return ctx;
    }

    /** The Tags of a query-protocol form, in their order. */
    public static Map<String, String> requestTags(Map<String, String> params) {
        Map<Integer, String[]> byNumber = new TreeMap<>();
        params.forEach((key, value) -> {
            Matcher m = TAG.matcher(key);
            if (m.matches()) {
                byNumber.computeIfAbsent(Integer.parseInt(m.group(1)), n -> new String[2])[m.group(2).equals("Key") ? 0 : 1] = value;
            }
        });
        Map<String, String> tags = new LinkedHashMap<>();
        byNumber.values().forEach(kv -> tags.put(kv[0], kv[1] == null ? "" : kv[1]));
        return tags;
    }

    private static Map<String, List<String>> requestContext(Map<String, String> tags) {
        Map<String, List<String>> ctx = new LinkedHashMap<>();
        tags.forEach((k, v) -> ctx.put("aws:RequestTag/" + k, List.of(v)));
        if (!tags.isEmpty()) {
            ctx.put("aws:TagKeys", List.copyOf(tags.keySet()));
        }
        return ctx;
    }

    private static Map<String, List<String>> changeContext(Element body) {
        List<String> names = new ArrayList<>();
        List<String> types = new ArrayList<>();
        List<String> actions = new ArrayList<>();
        NodeList changes = body.getElementsByTagName("Change");
        for (int i = 0; i < changes.getLength(); i++) {
            Element change = (Element) changes.item(i);
            Element set = (Element) change.getElementsByTagName("ResourceRecordSet").item(0);
            addDistinct(names, text(set, "Name").toLowerCase(Locale.ROOT).replaceAll("\\.$", ""));
            addDistinct(types, text(set, "Type"));
            addDistinct(actions, text(change, "Action"));
        }
        Map<String, List<String>> ctx = new LinkedHashMap<>();
        ctx.put("route53:ChangeResourceRecordSetsNormalizedRecordNames", names);
        ctx.put("route53:ChangeResourceRecordSetsRecordTypes", types);
        ctx.put("route53:ChangeResourceRecordSetsActions", actions);
        return ctx;
    }

    private static void addDistinct(List<String> list, String value) {
        if (!list.contains(value)) {
            list.add(value);
        }
    }

    private static String text(Element parent, String child) {
        NodeList found = parent.getElementsByTagName(child);
        return found.getLength() == 0 ? "" : found.item(0).getTextContent();
    }
}
