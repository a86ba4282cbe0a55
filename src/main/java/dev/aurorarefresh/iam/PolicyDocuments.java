package dev.aurorarefresh.iam;

import dev.aurorarefresh.core.SourceArn;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The job role's least-privilege policies: for each pipeline the statements iam/policy.json
 * documents (iam/README.md says why each is there), the same documents as
 * terraform/modules/aurora-refresh/policy.tf generates. The two deny statements about other
 * pipelines name every pipeline of the role. Built as a Jackson tree (no reflection).
 */
public final class PolicyDocuments {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String PIPELINE_TAG = "aurora-refresh:pipeline";

    private PolicyDocuments() {
    }

    /** The partition of a region: aws-cn for cn-*, aws-us-gov for us-gov-*, else aws. */
    public static String partition(String region) {
        return region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
    }

    /**
     * One policy per pipeline of the role, by {@link PipelineGrant#key()} in the given order: what
     * the role needs is their union (IAM evaluates a role's policies together).
     */
    public static Map<String, ObjectNode> forRole(String accountId, String region, List<PipelineGrant> pipelines) {
        List<String> names = pipelines.stream().map(PipelineGrant::pipeline).toList();
        Map<String, ObjectNode> out = new LinkedHashMap<>();
        for (PipelineGrant p : pipelines) {
            out.put(p.key(), forPipeline(accountId, region, p, names));
        }
        return out;
    }

    /**
     * The policy of one pipeline of a role whose pipelines are {@code rolePipelines} (this one among
     * them): its deny statements let none of the role's pipelines be touched by the others' denies.
     */
    public static ObjectNode forPipeline(String accountId, String region, PipelineGrant pipeline, List<String> rolePipelines) {
        if (!rolePipelines.contains(pipeline.pipeline())) {
            throw new IllegalArgumentException("the role's pipelines " + rolePipelines + " must include " + pipeline.pipeline());
        }
        List<String> names = rolePipelines.stream().distinct().sorted().toList();
        return document(accountId, region, pipeline, names.size() == 1 ? JSON.textNode(names.get(0)) : strings(names));
    }

    /** The document pretty-printed, as iam/policy.json is. */
    public static String text(JsonNode document) {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode document(String account, String region, PipelineGrant p, JsonNode rolePipelines) {
        String partition = partition(region);
        String rds = "arn:" + partition + ":rds:" + region + ":" + account;
        String key = p.key();
        // a source in another account by its ARN (docs/deploy.md, "Production in another account")
        String source = SourceArn.isArn(p.source()) ? p.source() : rds + ":cluster:" + p.source().toLowerCase(java.util.Locale.ROOT);
        String zone = "arn:" + partition + ":route53:::hostedzone/" + p.hostedZoneId();
        ArrayNode clones = strings(List.of(rds + ":cluster:" + key + "-*", rds + ":db:" + key + "-*"));
        ObjectNode requestTags = JSON.objectNode().put("aws:RequestTag/" + PIPELINE_TAG, p.pipeline())
                .put("aws:RequestTag/aurora-refresh:source", p.source());
        ObjectNode ownTag = JSON.objectNode().put("aws:ResourceTag/" + PIPELINE_TAG, p.pipeline());
        ObjectNode onlyOurTagKeys = JSON.objectNode().set("aws:TagKeys", strings(List.of("aurora-refresh:*")));

        ArrayNode statements = JSON.arrayNode();
        statements.add(statement("ReadClustersAndInstances", "Allow",
                strings(List.of("rds:DescribeDBClusters", "rds:DescribeDBInstances", "rds:DescribeDBEngineVersions")),
                JSON.textNode("*"), null));
        // issue 21: the quotas a run checks before it acts; the action has no resource type (SAR), so "*"
        statements.add(statement("ReadAccountQuotas", "Allow", JSON.textNode("rds:DescribeAccountAttributes"),
                JSON.textNode("*"), null));
        String defaultOptionGroups = rds + ":og:default:*";
        statements.add(statement("CloneTheSource", "Allow", JSON.textNode("rds:RestoreDBClusterToPointInTime"),
                strings(List.of(source, rds + ":cluster:" + key + "-*", rds + ":subgrp:*", rds + ":cluster-pg:*",
                        defaultOptionGroups)),
                condition(c -> c.set("StringEquals", requestTags.deepCopy()))));
        statements.add(statement("CreateCloneInstances", "Allow", JSON.textNode("rds:CreateDBInstance"),
                strings(List.of(rds + ":db:" + key + "-*", rds + ":cluster:" + key + "-*", rds + ":pg:*",
                        defaultOptionGroups, rds + ":subgrp:*")),
                condition(c -> c.set("StringEquals", requestTags.deepCopy()))));
        p.monitoringRoleArn().ifPresent(role -> statements.add(statement("PassTheMonitoringRole", "Allow",
                JSON.textNode("iam:PassRole"), JSON.textNode(role), condition(c -> c.set("StringEquals",
                        JSON.objectNode().put("iam:PassedToService", "rds.amazonaws.com"))))));
        statements.add(statement("TagClonesAtCreation", "Allow", JSON.textNode("rds:AddTagsToResource"), clones.deepCopy(),
                condition(c -> {
                    c.set("Null", JSON.objectNode().put("aws:ResourceTag/" + PIPELINE_TAG, "true"));
                    c.set("StringEquals", requestTags.deepCopy());
                    c.set("ForAllValues:StringLike", onlyOurTagKeys.deepCopy());
                })));
        statements.add(statement("RetagOwnClones", "Allow", JSON.textNode("rds:AddTagsToResource"), clones.deepCopy(),
                condition(c -> {
                    c.set("StringEquals", ownTag.deepCopy());
                    c.set("ForAllValues:StringLike", onlyOurTagKeys.deepCopy());
                })));
        statements.add(statement("UnprotectAndDeleteOwnClones", "Allow",
                strings(List.of("rds:ModifyDBCluster", "rds:DeleteDBInstance", "rds:DeleteDBCluster")), clones.deepCopy(),
                condition(c -> c.set("StringEquals", ownTag.deepCopy()))));
        if (p.finalSnapshot()) {
            statements.add(statement("SnapshotOwnClonesOnDelete", "Allow", JSON.textNode("rds:CreateDBClusterSnapshot"),
                    JSON.textNode(rds + ":cluster:" + key + "-*"), condition(c -> c.set("StringEquals", ownTag.deepCopy()))));
            statements.add(statement("FinalSnapshotOfDeletedClones", "Allow",
                    strings(List.of("rds:DeleteDBCluster", "rds:CreateDBClusterSnapshot", "rds:AddTagsToResource")),
                    JSON.textNode(rds + ":cluster-snapshot:" + key + "-*-final-??????????????"), null));
            // the final snapshots clean deletes past --final-snapshot-retain: a listing names no snapshot, so IAM
            // authorizes it on "*" (as DescribeDBClusters above); a delete only of our own, by name and by tag
            statements.add(statement("ListFinalSnapshots", "Allow", JSON.textNode("rds:DescribeDBClusterSnapshots"),
                    JSON.textNode("*"), null));
            statements.add(statement("DeleteOwnFinalSnapshots", "Allow", JSON.textNode("rds:DeleteDBClusterSnapshot"),
                    JSON.textNode(rds + ":cluster-snapshot:" + key + "-*-final-??????????????"),
                    condition(c -> c.set("StringEquals", ownTag.deepCopy()))));
        }
        statements.add(statement("NeverChangeTheSource", "Deny", strings(List.of("rds:ModifyDBCluster", "rds:DeleteDBCluster",
                "rds:AddTagsToResource", "rds:CreateDBInstance", "rds:CreateDBClusterSnapshot")), JSON.textNode(source), null));
        statements.add(statement("NeverTouchAnotherPipelinesResources", "Deny", strings(List.of("rds:AddTagsToResource",
                "rds:RestoreDBClusterToPointInTime", "rds:CreateDBInstance", "rds:ModifyDBCluster", "rds:CreateDBClusterSnapshot",
                "rds:DeleteDBInstance", "rds:DeleteDBCluster")),
                JSON.textNode("*"), notOneOf("aws:ResourceTag/" + PIPELINE_TAG, rolePipelines)));
        statements.add(statement("NeverTagForAnotherPipeline", "Deny", JSON.textNode("rds:AddTagsToResource"),
                JSON.textNode("*"), notOneOf("aws:RequestTag/" + PIPELINE_TAG, rolePipelines)));
        if (rolePipelines.isArray()) {
            // several pipelines in one role: the denies above let them tag each other's clones, this does not
            statements.add(statement("NeverHandThisPipelinesClonesToAnother", "Deny",
                    strings(List.of("rds:AddTagsToResource", "rds:RestoreDBClusterToPointInTime", "rds:CreateDBInstance")),
                    JSON.textNode("*"), condition(c -> {
                        c.set("StringEquals", ownTag.deepCopy());
                        c.set("Null", JSON.objectNode().put("aws:RequestTag/" + PIPELINE_TAG, "false"));
                        c.set("StringNotEquals", JSON.objectNode().put("aws:RequestTag/" + PIPELINE_TAG, p.pipeline()));
                    })));
        }
        statements.add(statement("FindTheHostedZoneByName", "Allow", JSON.textNode("route53:ListHostedZonesByName"),
                JSON.textNode("*"), null));
        statements.add(statement("ReadTheHostedZone", "Allow",
                strings(List.of("route53:GetHostedZone", "route53:ListResourceRecordSets")), JSON.textNode(zone), null));
        // DELETE: --clone-cycle replace takes the records off the clone it deletes; of these names only, which UPSERT may
        // already point anywhere, so it reaches nothing more
        statements.add(statement("SwitchTheRecord", "Allow", JSON.textNode("route53:ChangeResourceRecordSets"),
                JSON.textNode(zone), condition(c -> c.set("ForAllValues:StringEquals", JSON.objectNode()
                        .<ObjectNode>set("route53:ChangeResourceRecordSetsNormalizedRecordNames", strings(p.records()))
                        .<ObjectNode>set("route53:ChangeResourceRecordSetsRecordTypes", strings(List.of("CNAME")))
                        .set("route53:ChangeResourceRecordSetsActions", strings(List.of("UPSERT", "DELETE")))))));
        statements.add(statement("WaitForTheRecordChange", "Allow", JSON.textNode("route53:GetChange"),
                JSON.textNode("arn:" + partition + ":route53:::change/*"), null));
        // the probes' and hooks' login: the clone's resource id is new every day, so any cluster's user of that name
        p.login().iamUser().ifPresent(user -> statements.add(statement("ConnectAsTheDatabaseUser", "Allow",
                JSON.textNode("rds-db:connect"), JSON.textNode("arn:" + partition + ":rds-db:" + region + ":" + account
                        + ":dbuser:cluster-*/" + user), null)));
        p.login().secretArn().ifPresent(secret -> statements.add(statement("ReadTheDatabaseSecret", "Allow",
                JSON.textNode("secretsmanager:GetSecretValue"), strings(List.of(secret, secret + "-??????")), null)));
        p.login().secretKeyArn().ifPresent(keyArn -> statements.add(statement("DecryptTheDatabaseSecret", "Allow",
                JSON.textNode("kms:Decrypt"), JSON.textNode(keyArn), condition(c -> c.set("StringEquals",
                        JSON.objectNode().put("kms:ViaService", "secretsmanager." + region + ".amazonaws.com"))))));
        // --master-password secret:ARN: the clones' master password, read by the pass itself (as the probes' secret)
        p.masterPasswordSecretArn().ifPresent(secret -> statements.add(statement("ReadTheMasterPasswordSecret", "Allow",
                JSON.textNode("secretsmanager:GetSecretValue"), strings(List.of(secret, secret + "-??????")), null)));
        if (p.login().clonesMasterSecret()) {
            statements.add(readTheClonesMasterSecret(partition, region, account, p));
        }
        statements.addAll(keysAndSecrets(partition, region, account, p));
        ObjectNode document = JSON.objectNode().put("Version", "2012-10-17");
        document.set("Statement", statements);
        return document;
    }

    /**
     * What RDS does with the caller's permissions for a clone (forward access): encrypt it with
     * --kms-key-id and, for a source in another account, use the source's key (any key of that
     * account, only through RDS: this account cannot read which); with --master-password managed,
     * make the secret of the clone's master password (the Aurora guide's "Permissions required for
     * Secrets Manager integration": secretsmanager:CreateSecret and TagResource, kms:DescribeKey; with
     * --master-user-secret-kms-key-id, kms:Decrypt, kms:GenerateDataKey and kms:CreateGrant on that
     * key, and kms:DescribeKey on it wherever it is. The guide does not say through which service
     * RDS and Secrets Manager use the key, so no kms:ViaService condition is set).
     */
    private static List<ObjectNode> keysAndSecrets(String partition, String region, String account, PipelineGrant p) {
        List<ObjectNode> out = new java.util.ArrayList<>();
        ArrayNode useForRds = strings(List.of("kms:CreateGrant", "kms:DescribeKey", "kms:Decrypt", "kms:GenerateDataKey*",
                "kms:ReEncrypt*"));
        java.util.function.Supplier<ObjectNode> viaRds = () -> condition(c -> c.set("StringEquals",
                JSON.objectNode().put("kms:ViaService", "rds." + region + ".amazonaws.com")));
        String keys = "arn:" + partition + ":kms:" + region + ":";
        p.cloneKmsKeyId().ifPresent(k -> out.add(keyStatement("EncryptClonesWithTheirKey", k, keys + account + ":", useForRds,
                viaRds.get())));
        SourceArn.account(p.source()).filter(a -> !a.equals(account)).ifPresent(owner -> out.add(statement(
                "UseTheSharedSourcesKey", "Allow", useForRds.deepCopy(), JSON.textNode(keys + owner + ":key/*"), viaRds.get())));
        if (p.managedMasterPassword()) {
            out.add(statement("LetRdsKeepTheClonesMasterPassword", "Allow",
                    strings(List.of("secretsmanager:CreateSecret", "secretsmanager:TagResource")),
                    JSON.textNode("arn:" + partition + ":secretsmanager:" + region + ":" + account + ":secret:rds!cluster-*"), null));
            out.add(statement("DescribeTheMasterSecretsKey", "Allow", JSON.textNode("kms:DescribeKey"),
                    JSON.textNode(keys + account + ":key/*"), null));
            p.masterSecretKmsKeyId().ifPresent(k -> out.add(keyStatement("EncryptTheMasterSecretWithItsKey", k, keys + account + ":",
                    strings(List.of("kms:CreateGrant", "kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKey")), JSON.objectNode())));
        }
        return out;
    }

    /**
     * A statement on a KMS key as an option gives it: by its ARN (a key id is one of this account's). IAM names a
     * KMS key by its key ARN only ("You cannot use a key id, alias name, or alias ARN to identify a
     * KMS key in an IAM policy statement", the KMS guide's "Specifying KMS keys in IAM policy
     * statements"), so a key given by alias is any key of the alias's account with that alias
     * (kms:ResourceAliases).
     */
    private static ObjectNode keyStatement(String sid, String k, String keysHere, ArrayNode actions, ObjectNode condition) {
        boolean alias = k.startsWith("alias/") || k.startsWith("arn:") && k.contains(":alias/");
        if (!alias) {
            return statement(sid, "Allow", actions.deepCopy(), JSON.textNode(k.startsWith("arn:") ? k : keysHere + "key/" + k),
                    condition.isEmpty() ? null : condition);
        }
        String keysOfTheAlias = k.startsWith("arn:") ? k.substring(0, k.indexOf(":alias/") + 1) : keysHere;
        condition.set("ForAnyValue:StringEquals", JSON.objectNode().put("kms:ResourceAliases", k.substring(k.indexOf("alias/"))));
        return statement(sid, "Allow", actions.deepCopy(), JSON.textNode(keysOfTheAlias + "key/*"), condition);
    }

    /**
     * --db-master-secret: the probes and hooks read each clone's own master secret. RDS names it
     * rds!cluster-&lt;uuid&gt; (nothing of ours in the name) and tags it with its cluster's ARN
     * under aws:rds:primaryDBClusterArn (as moto reproduces RDS; the Aurora guide's "Password
     * management with Amazon RDS and AWS Secrets Manager" found here does not spell the tag out):
     * the tag, a condition key GetSecretValue supports (secretsmanager:ResourceTag/tag-key in the
     * Service Authorization Reference), keeps the grant to the secrets of this pipeline's clones.
     * A secret under --master-user-secret-kms-key-id is decrypted with EncryptTheMasterSecretWithItsKey's
     * kms:Decrypt (the AWS-managed aws/secretsmanager needs no statement).
     */
    private static ObjectNode readTheClonesMasterSecret(String partition, String region, String account, PipelineGrant p) {
        String clones = "arn:" + partition + ":rds:" + region + ":" + account + ":cluster:" + p.key() + "-*";
        return statement("ReadTheClonesMasterSecret", "Allow", JSON.textNode("secretsmanager:GetSecretValue"),
                JSON.textNode("arn:" + partition + ":secretsmanager:" + region + ":" + account + ":secret:rds!cluster-*"),
                condition(c -> c.set("StringLike", JSON.objectNode()
                        .put("secretsmanager:ResourceTag/aws:rds:primaryDBClusterArn", clones))));
    }

    /** A resource or request whose pipeline tag is present and names none of the role's pipelines. */
    private static ObjectNode notOneOf(String key, JsonNode rolePipelines) {
        return condition(c -> {
            c.set("Null", JSON.objectNode().put(key, "false"));
            c.set("StringNotEquals", JSON.objectNode().set(key, rolePipelines.deepCopy()));
        });
    }

    private static ObjectNode statement(String sid, String effect, JsonNode action, JsonNode resource, ObjectNode condition) {
        ObjectNode s = JSON.objectNode().put("Sid", sid).put("Effect", effect);
        s.set("Action", action);
        s.set("Resource", resource);
        if (condition != null) {
            s.set("Condition", condition);
        }
        return s;
    }

    private static ObjectNode condition(Consumer<ObjectNode> fill) {
        ObjectNode c = JSON.objectNode();
        fill.accept(c);
        return c;
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode a = JSON.arrayNode();
        values.forEach(a::add);
        return a;
    }
}
