package dev.aurorarefresh.deploy;

import dev.aurorarefresh.deploy.IamPolicy.Authorization;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.rds.model.AddTagsToResourceRequest;
import software.amazon.awssdk.services.rds.model.CreateDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.DeleteDbClusterRequest;
import software.amazon.awssdk.services.rds.model.DeleteDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbClustersRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesRequest;
import software.amazon.awssdk.services.rds.model.ModifyDbClusterRequest;
import software.amazon.awssdk.services.rds.model.RestoreDbClusterToPointInTimeRequest;
import software.amazon.awssdk.services.rds.model.Tag;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeResourceRecordSetsRequest;
import software.amazon.awssdk.services.route53.model.GetChangeRequest;
import software.amazon.awssdk.services.route53.model.GetHostedZoneRequest;
import software.amazon.awssdk.services.route53.model.ListHostedZonesByNameRequest;
import software.amazon.awssdk.services.route53.model.ListResourceRecordSetsRequest;

/**
 * Sees every request the code sends and writes down the IAM authorizations AWS makes for it,
 * following the Service Authorization Reference: a restore is authorized on the source, the new
 * cluster, its subnet group and cluster parameter group, and (when it carries tags) as
 * rds:AddTagsToResource on the new cluster; CreateDBInstance likewise on instance, cluster and
 * parameter group; calls on existing resources carry their tags as aws:ResourceTag. An operation
 * it has no mapping for fails the test, so a new AWS call cannot slip past the policy check.
 */
final class IamRequests implements ExecutionInterceptor {
    private final String region;
    private final String account;
    /** Current tags of an existing RDS resource, by ARN (read through an uncounted client). */
    private final Function<String, Map<String, String>> tagsOf;
    final List<Authorization> seen = new ArrayList<>();
    final List<String> operations = new ArrayList<>();

    IamRequests(String region, String account, Function<String, Map<String, String>> tagsOf) {
        this.region = region;
        this.account = account;
        this.tagsOf = tagsOf;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        SdkRequest r = context.request();
        operations.add(r.getClass().getSimpleName().replace("Request", ""));
        seen.addAll(authorizations(r));
    }

    private String rds(String type, String id) {
        return "arn:aws:rds:" + region + ":" + account + ":" + type + ":" + id;
    }

    /** The authorizations AWS makes for one request, given the resources' tags at that moment. */
    List<Authorization> authorizations(SdkRequest request) {
        List<Authorization> out = new ArrayList<>();
        if (request instanceof DescribeDbClustersRequest r) {
            out.add(plain("rds:DescribeDBClusters", r.dbClusterIdentifier() == null ? rds("cluster", "*")
                    : rds("cluster", r.dbClusterIdentifier())));
        } else if (request instanceof DescribeDbInstancesRequest r) {
            out.add(plain("rds:DescribeDBInstances", r.dbInstanceIdentifier() == null ? rds("db", "*")
                    : rds("db", r.dbInstanceIdentifier())));
        } else if (request instanceof RestoreDbClusterToPointInTimeRequest r) {
            Map<String, List<String>> ctx = requestTags(r.tags());
            String clone = rds("cluster", r.dbClusterIdentifier());
            out.add(new Authorization("rds:RestoreDBClusterToPointInTime", rds("cluster", r.sourceDBClusterIdentifier()), ctx));
            out.add(new Authorization("rds:RestoreDBClusterToPointInTime", clone, ctx));
            if (r.dbSubnetGroupName() != null) {
                out.add(new Authorization("rds:RestoreDBClusterToPointInTime", rds("subgrp", r.dbSubnetGroupName()), ctx));
            }
            if (r.dbClusterParameterGroupName() != null) {
                out.add(new Authorization("rds:RestoreDBClusterToPointInTime", rds("cluster-pg", r.dbClusterParameterGroupName()), ctx));
            }
            if (r.hasTags() && !r.tags().isEmpty()) {
                out.add(tagOnCreate(clone, ctx));
            }
        } else if (request instanceof CreateDbInstanceRequest r) {
            Map<String, List<String>> ctx = requestTags(r.tags());
            String instance = rds("db", r.dbInstanceIdentifier());
            out.add(new Authorization("rds:CreateDBInstance", instance, ctx));
            out.add(new Authorization("rds:CreateDBInstance", rds("cluster", r.dbClusterIdentifier()),
                    withResourceTags(ctx, rds("cluster", r.dbClusterIdentifier()))));
            if (r.dbParameterGroupName() != null) {
                out.add(new Authorization("rds:CreateDBInstance", rds("pg", r.dbParameterGroupName()), ctx));
            }
            if (r.monitoringRoleArn() != null) {
                // RDS hands the role to its monitoring service: the caller must be allowed to pass it
                out.add(new Authorization("iam:PassRole", r.monitoringRoleArn(),
                        Map.of("iam:PassedToService", List.of("monitoring.rds.amazonaws.com"))));
            }
            if (r.hasTags() && !r.tags().isEmpty()) {
                out.add(tagOnCreate(instance, ctx));
            }
        } else if (request instanceof AddTagsToResourceRequest r) {
            out.add(new Authorization("rds:AddTagsToResource", r.resourceName(),
                    withResourceTags(requestTags(r.tags()), r.resourceName())));
        } else if (request instanceof ModifyDbClusterRequest r) {
            out.add(existing("rds:ModifyDBCluster", rds("cluster", r.dbClusterIdentifier())));
        } else if (request instanceof DeleteDbInstanceRequest r) {
            out.add(existing("rds:DeleteDBInstance", rds("db", r.dbInstanceIdentifier())));
        } else if (request instanceof DeleteDbClusterRequest r) {
            out.add(existing("rds:DeleteDBCluster", rds("cluster", r.dbClusterIdentifier())));
            if (r.finalDBSnapshotIdentifier() != null) {
                out.add(plain("rds:DeleteDBCluster", rds("cluster-snapshot", r.finalDBSnapshotIdentifier())));
            }
        } else if (request instanceof GetHostedZoneRequest r) {
            out.add(plain("route53:GetHostedZone", zone(r.id())));
        } else if (request instanceof ListHostedZonesByNameRequest) {
            out.add(plain("route53:ListHostedZonesByName", "*"));
        } else if (request instanceof ListResourceRecordSetsRequest r) {
            out.add(plain("route53:ListResourceRecordSets", zone(r.hostedZoneId())));
        } else if (request instanceof ChangeResourceRecordSetsRequest r) {
            List<Change> changes = r.changeBatch().changes();
            Map<String, List<String>> ctx = new LinkedHashMap<>();
            ctx.put("route53:ChangeResourceRecordSetsNormalizedRecordNames", changes.stream()
                    .map(c -> c.resourceRecordSet().name().toLowerCase(Locale.ROOT).replaceAll("\\.$", "")).distinct().toList());
            ctx.put("route53:ChangeResourceRecordSetsRecordTypes", changes.stream()
                    .map(c -> c.resourceRecordSet().typeAsString()).distinct().toList());
            ctx.put("route53:ChangeResourceRecordSetsActions", changes.stream()
                    .map(Change::actionAsString).distinct().toList());
            out.add(new Authorization("route53:ChangeResourceRecordSets", zone(r.hostedZoneId()), ctx));
        } else if (request instanceof GetChangeRequest r) {
            out.add(plain("route53:GetChange", "arn:aws:route53:::change/" + r.id().replaceFirst("^/?change/", "")));
        } else {
            throw new AssertionError("no IAM mapping for " + request.getClass().getSimpleName()
                    + ": add it here and a statement to iam/policy.json");
        }
        return out;
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

    private static Map<String, List<String>> requestTags(Collection<Tag> tags) {
        Map<String, List<String>> ctx = new LinkedHashMap<>();
        tags.forEach(t -> ctx.put("aws:RequestTag/" + t.key(), List.of(t.value())));
        if (!tags.isEmpty()) {
            ctx.put("aws:TagKeys", tags.stream().map(Tag::key).toList());
        }
        return ctx;
    }
}
