package dev.aurorarefresh.testing;

import dev.aurorarefresh.testing.IamPolicy.Authorization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The IAM authorizations AWS makes for one request as it goes over the wire, following the
 * Service Authorization Reference: a restore is authorized on the source, the new cluster, its
 * subnet group and cluster parameter group, and (when it carries tags) as rds:AddTagsToResource
 * on the new cluster; CreateDBInstance likewise on instance, cluster and parameter group; calls
 * on existing resources carry their tags as aws:ResourceTag. An operation it has no mapping for
 * is reported, so a new AWS call cannot slip past the policy check.
 */
public final class IamRequests {
    private static final Pattern TAG = Pattern.compile("Tags\\.[^.]+\\.(\\d+)\\.(Key|Value)");

    private final String region;
    private final String account;
    /** Current tags of an existing RDS resource, by ARN. */
    private final Function<String, Map<String, String>> tagsOf;

    public IamRequests(String region, String account, Function<String, Map<String, String>> tagsOf) {
        this.region = region;
        this.account = account;
        this.tagsOf = tagsOf;
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
     * @param params a query-protocol form (RDS), or Route53's URI parameters ({@code Id})
     * @param body   Route53's XML body, or null
     */
    public List<Authorization> authorizations(String operation, Map<String, String> params, Element body) {
        List<Authorization> out = new ArrayList<>();
        switch (operation) {
            case "DescribeDBClusters" -> out.add(plain("rds:DescribeDBClusters",
                    rds("cluster", params.getOrDefault("DBClusterIdentifier", "*"))));
            case "DescribeDBInstances" -> out.add(plain("rds:DescribeDBInstances",
                    rds("db", params.getOrDefault("DBInstanceIdentifier", "*"))));
            case "DescribeDBEngineVersions" -> out.add(plain("rds:DescribeDBEngineVersions", "*"));
            case "DescribeAccountAttributes" -> out.add(plain("rds:DescribeAccountAttributes", "*"));
            case "RestoreDBClusterToPointInTime" -> {
                Map<String, String> tags = requestTags(params);
                Map<String, List<String>> ctx = requestContext(tags);
                String clone = rds("cluster", params.get("DBClusterIdentifier"));
                out.add(new Authorization(operation(operation), rds("cluster", params.get("SourceDBClusterIdentifier")), ctx));
                out.add(new Authorization(operation(operation), clone, ctx));
                if (params.containsKey("DBSubnetGroupName")) {
                    out.add(new Authorization(operation(operation), rds("subgrp", params.get("DBSubnetGroupName")), ctx));
                }
                if (params.containsKey("DBClusterParameterGroupName")) {
                    out.add(new Authorization(operation(operation), rds("cluster-pg", params.get("DBClusterParameterGroupName")), ctx));
                }
                if (!tags.isEmpty()) {
                    out.add(tagOnCreate(clone, ctx));
                }
            }
            case "CreateDBInstance" -> {
                Map<String, String> tags = requestTags(params);
                Map<String, List<String>> ctx = requestContext(tags);
                String instance = rds("db", params.get("DBInstanceIdentifier"));
                out.add(new Authorization(operation(operation), instance, ctx));
                String cluster = rds("cluster", params.get("DBClusterIdentifier"));
                out.add(new Authorization(operation(operation), cluster, withResourceTags(ctx, cluster)));
                if (params.containsKey("DBParameterGroupName")) {
                    out.add(new Authorization(operation(operation), rds("pg", params.get("DBParameterGroupName")), ctx));
                }
                if (params.containsKey("MonitoringRoleArn")) {
                    // RDS hands the role to its monitoring service: the caller must be allowed to pass it
                    out.add(new Authorization("iam:PassRole", params.get("MonitoringRoleArn"),
                            Map.of("iam:PassedToService", List.of("monitoring.rds.amazonaws.com"))));
                }
                if (!tags.isEmpty()) {
                    out.add(tagOnCreate(instance, ctx));
                }
            }
            case "AddTagsToResource" -> out.add(new Authorization("rds:AddTagsToResource", params.get("ResourceName"),
                    withResourceTags(requestContext(requestTags(params)), params.get("ResourceName"))));
            case "ModifyDBCluster" -> out.add(existing(operation(operation), rds("cluster", params.get("DBClusterIdentifier"))));
            case "DeleteDBInstance" -> out.add(existing(operation(operation), rds("db", params.get("DBInstanceIdentifier"))));
            case "DeleteDBCluster" -> {
                out.add(existing(operation(operation), rds("cluster", params.get("DBClusterIdentifier"))));
                if (params.containsKey("FinalDBSnapshotIdentifier")) {
                    out.add(plain(operation(operation), rds("cluster-snapshot", params.get("FinalDBSnapshotIdentifier"))));
                }
            }
            case "GetHostedZone" -> out.add(plain("route53:GetHostedZone", zone(params.get("Id"))));
            case "ListHostedZonesByName" -> out.add(plain("route53:ListHostedZonesByName", "*"));
            case "ListResourceRecordSets" -> out.add(plain("route53:ListResourceRecordSets", zone(params.get("Id"))));
            case "ChangeResourceRecordSets" -> out.add(new Authorization("route53:ChangeResourceRecordSets",
                    zone(params.get("Id")), changeContext(body)));
            case "GetChange" -> out.add(plain("route53:GetChange", "arn:aws:route53:::change/" + params.get("Id")));
            default -> throw new Unmapped(operation);
        }
        return out;
    }

    private static String operation(String name) {
        return "rds:" + name;
    }

    private String rds(String type, String id) {
        return "arn:aws:rds:" + region + ":" + account + ":" + type + ":" + id;
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
        tagsOf.apply(arn).forEach((k, v) -> ctx.put("aws:ResourceTag/" + k, List.of(v)));
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
