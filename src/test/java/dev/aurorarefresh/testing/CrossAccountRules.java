package dev.aurorarefresh.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aurorarefresh.testing.FaultProxy.Answer;
import dev.aurorarefresh.testing.FaultProxy.Moto;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DbClusterNotFoundException;

/**
 * The strict twin's rules for a source cluster in another account ({@link StrictTwin.Rule#CROSS_ACCOUNT}).
 * moto keeps accounts apart and knows no cross-account clone: a restore naming another account's
 * ARN answers "not found" there, shared or not. The twin decides as AWS does (each rule's evidence:
 * docs/deploy.md, "What AWS allows across accounts"):
 *
 * <ul>
 *   <li>the cluster must be shared with the caller's account by an ACTIVE AWS RAM share of its
 *       owner (read from moto's RAM, which keeps shares but gives them no effect); otherwise a
 *       describe or a restore answers exactly as for a cluster that does not exist;</li>
 *   <li>a shared cluster is described only with {@code IncludeShared} and shows few fields
 *       (DBClusterArn, Engine, EngineVersion, StorageEncrypted);</li>
 *   <li>an encrypted source: not one encrypted with the owner's default RDS key, not without a
 *       {@code KmsKeyId}, and both the source's key and the clone's key usable by the caller's
 *       account (its key policy, for a key of another account);</li>
 *   <li>one cross-account clone of a cluster per account;</li>
 *   <li>the clone is made in the caller's account ({@code CrossAccountClone} true), encrypted with
 *       the {@code KmsKeyId} given.</li>
 * </ul>
 */
final class CrossAccountRules {
    private static final Pattern CLUSTER_ARN = Pattern.compile("arn:aws:rds:([a-z0-9-]+):(\\d{12}):cluster:(.+)");
    private static final Pattern KEY_ARN = Pattern.compile("arn:aws:kms:([a-z0-9-]+):(\\d{12}):(key|alias)/(.+)");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** moto's KmsKeyId for a cluster encrypted without a key: the account's default RDS key (aws/rds). */
    private static final String MOTO_DEFAULT_KEY = "default_kms_key_id";

    /** How AWS refuses a request. */
    record Denial(int status, String code, String message) {
    }

    private final String endpoint;
    private final String callerAccount;
    private final Map<String, OtherAccount> accounts = new HashMap<>();
    /** Cross-account clones made through the twin: clone id to its source's ARN. */
    private final Map<String, String> clones = new LinkedHashMap<>();

    CrossAccountRules(String endpoint, String callerAccount) {
        this.endpoint = endpoint;
        this.callerAccount = callerAccount;
    }

    /** Whether {@code identifier} is the ARN of a cluster in another account than the caller's. */
    boolean isForeign(String identifier) {
        Matcher m = identifier == null ? null : CLUSTER_ARN.matcher(identifier);
        return m != null && m.matches() && !m.group(2).equals(callerAccount);
    }

    /** Whether {@code cloneId} was made by the twin as a cross-account clone. */
    synchronized boolean isCrossAccountClone(String cloneId) {
        return clones.containsKey(cloneId);
    }

    /** DescribeDBClusters of another account's cluster by its ARN, as AWS answers it to the caller. */
    Answer describe(FaultProxy.Request request, Map<String, String> form) {
        String arn = form.get("DBClusterIdentifier");
        Optional<DBCluster> shared = sharedSource(arn).filter(c -> "true".equals(form.get("IncludeShared")));
        if (shared.isEmpty()) {
            return FaultProxy.error(request, 404, "DBClusterNotFoundFault", "DBCluster " + arn + " not found.");
        }
        DBCluster c = shared.get();
        String xml = "<DescribeDBClustersResponse xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\"><DescribeDBClustersResult>"
                + "<DBClusters><DBCluster><DBClusterArn>" + c.dbClusterArn() + "</DBClusterArn><Engine>" + c.engine()
                + "</Engine><EngineVersion>" + c.engineVersion() + "</EngineVersion><StorageEncrypted>"
                + Boolean.TRUE.equals(c.storageEncrypted()) + "</StorageEncrypted></DBCluster></DBClusters>"
                + "</DescribeDBClustersResult><ResponseMetadata><RequestId>twin</RequestId></ResponseMetadata>"
                + "</DescribeDBClustersResponse>";
        return new Answer(200, Map.of("Content-Type", List.of("text/xml")), xml.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Why AWS refuses this restore from another account's cluster, or null if it does not.
     * {@code callerHas} tells whether a cluster of that id exists (or is deleting) in the caller's account.
     */
    synchronized Denial restoreDenial(Map<String, String> form, Predicate<String> callerHas) {
        String arn = form.get("SourceDBClusterIdentifier");
        Optional<DBCluster> shared = sharedSource(arn);
        if (shared.isEmpty()) {
            return new Denial(404, "DBClusterNotFoundFault", "DBCluster " + arn + " not found.");
        }
        DBCluster source = shared.get();
        if (Boolean.TRUE.equals(source.storageEncrypted())) {
            String sourceKey = source.kmsKeyId();
            if (sourceKey == null || sourceKey.equals(MOTO_DEFAULT_KEY) || sourceKey.endsWith("alias/aws/rds")) {
                return new Denial(400, "InvalidParameterCombination", "The DB cluster " + arn
                        + " is encrypted with the default RDS key of its account, which cannot be shared: it cannot be cloned across accounts.");
            }
            String cloneKey = form.get("KmsKeyId");
            if (cloneKey == null || cloneKey.isBlank()) {
                return new Denial(400, "InvalidParameterCombination", "The DB cluster " + arn
                        + " is encrypted: a KmsKeyId usable by account " + callerAccount + " is required to clone it.");
            }
            if (!usableByCaller(sourceKey)) {
                return new Denial(400, "KMSKeyNotAccessibleFault", "The key " + sourceKey + " that encrypts " + arn
                        + " is not usable by account " + callerAccount + ": its key policy must grant it.");
            }
            if (!usableByCaller(cloneKey)) {
                return new Denial(400, "KMSKeyNotAccessibleFault", "The key " + cloneKey + " is not usable by account "
                        + callerAccount + ".");
            }
        }
        for (var clone : clones.entrySet()) {
            if (clone.getValue().equals(arn) && callerHas.test(clone.getKey())) {
                return new Denial(400, "InvalidParameterCombination", "Account " + callerAccount
                        + " already has a cross-account clone of " + arn + " (" + clone.getKey()
                        + "): only one cross-account clone of a cluster is allowed per account.");
            }
        }
        return null;
    }

    /**
     * Makes the clone moto cannot make: a cluster in the caller's account with the source's
     * engine, version and master user, and what the restore asked for; answers as the restore.
     */
    synchronized Answer restore(Map<String, String> form, Moto moto) throws IOException {
        String arn = form.get("SourceDBClusterIdentifier");
        DBCluster source = sharedSource(arn).orElseThrow();
        Map<String, String> create = new LinkedHashMap<>();
        create.put("Action", "CreateDBCluster");
        create.put("Version", form.getOrDefault("Version", "2014-10-31"));
        create.put("Engine", source.engine());
        create.put("EngineVersion", source.engineVersion());
        create.put("MasterUsername", source.masterUsername());
        // the clone keeps production's password, which no one here knows: moto needs one
        create.put("MasterUserPassword", "twin-" + Integer.toHexString(arn.hashCode()));
        if (Boolean.TRUE.equals(source.storageEncrypted())) {
            create.put("StorageEncrypted", "true");
        }
        form.forEach((k, v) -> {
            if (!k.equals("Action") && !k.equals("Version") && !k.equals("SourceDBClusterIdentifier")
                    && !k.equals("RestoreType") && !k.equals("UseLatestRestorableTime") && !k.equals("RestoreToTime")) {
                create.put(k, v);
            }
        });
        Answer answer = moto.forward(StrictTwin.encode(create));
        if (answer.status() != 200) {
            return answer;
        }
        clones.put(form.get("DBClusterIdentifier"), arn);
        String xml = answer.text().replace("CreateDBClusterResponse", "RestoreDBClusterToPointInTimeResponse")
                .replace("CreateDBClusterResult", "RestoreDBClusterToPointInTimeResult");
        return new Answer(200, answer.headers(), xml.getBytes(StandardCharsets.UTF_8));
    }

    /** The cluster {@code arn} as its owner sees it, if its owner shares it with the caller's account. */
    private Optional<DBCluster> sharedSource(String arn) {
        Matcher m = CLUSTER_ARN.matcher(arn == null ? "" : arn);
        if (!m.matches()) {
            return Optional.empty();
        }
        OtherAccount owner = account(m.group(2));
        if (!owner.shares(arn, callerAccount)) {
            return Optional.empty();
        }
        try {
            return owner.rds().describeDBClusters(r -> r.dbClusterIdentifier(m.group(3))).dbClusters().stream().findFirst();
        } catch (DbClusterNotFoundException gone) {
            return Optional.empty();
        }
    }

    /**
     * Whether the caller's account may use the key: a key of its own (the default key policy lets
     * the account use it), or one whose key policy allows the account kms:CreateGrant and kms:Decrypt.
     */
    private boolean usableByCaller(String keyId) {
        Matcher m = KEY_ARN.matcher(keyId);
        String owner = m.matches() ? m.group(2) : callerAccount;
        String id = m.matches() ? (m.group(3).equals("alias") ? "alias/" + m.group(4) : m.group(4)) : keyId;
        String policy = account(owner).keyPolicy(id);
        if (policy == null) {
            return false;
        }
        if (owner.equals(callerAccount)) {
            return true;
        }
        try {
            boolean grant = false;
            boolean decrypt = false;
            for (JsonNode s : JSON.readTree(policy).path("Statement")) {
                if (!"Allow".equals(s.path("Effect").asText()) || !names(s.path("Principal").path("AWS"), callerAccount)) {
                    continue;
                }
                List<String> actions = values(s.path("Action"));
                grant |= actions.contains("kms:*") || actions.contains("kms:CreateGrant");
                decrypt |= actions.contains("kms:*") || actions.contains("kms:Decrypt");
            }
            return grant && decrypt;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean names(JsonNode principals, String account) {
        return values(principals).stream().anyMatch(p -> p.equals("*") || p.equals(account)
                || p.equals("arn:aws:iam::" + account + ":root"));
    }

    private static List<String> values(JsonNode node) {
        if (node.isArray()) {
            java.util.ArrayList<String> out = new java.util.ArrayList<>();
            node.forEach(n -> out.add(n.asText()));
            return out;
        }
        return node.isMissingNode() || node.isNull() ? List.of() : List.of(node.asText());
    }

    private synchronized OtherAccount account(String id) {
        return accounts.computeIfAbsent(id, a -> OtherAccount.of(endpoint, a));
    }
}
