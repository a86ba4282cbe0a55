package dev.aurorarefresh.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aurorarefresh.iam.DatabaseLogin;
import dev.aurorarefresh.iam.PipelineGrant;
import dev.aurorarefresh.iam.PolicyDocuments;
import dev.aurorarefresh.testing.IamPolicy.Authorization;
import dev.aurorarefresh.testing.IamRequests;
import dev.aurorarefresh.testing.IamRequests.Call;
import dev.aurorarefresh.testing.IamRequests.Wire;
import dev.aurorarefresh.testing.ServiceReference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The project's model of authorization ({@link IamRequests}: what IAM authorizes one call
 * against) and the policy generator's statements, held to AWS's Service Authorization Reference
 * (src/test/resources/aws-service-reference): nothing in them that the reference does not say,
 * and every dependent action the reference lists for a call the project makes either made or
 * explained ({@link IamRequests#NOT_MADE}). The strict twin holds every call of every pass the
 * suite runs to the same reference.
 */
class AuthorizationReferenceTest {
    static final String ACCOUNT = "123456789012";
    static final String REGION = "us-east-1";
    static final String KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    static final String SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:dev-db-login-AbCdEf";
    static final Map<String, String> TAGS = Map.of("aurora-refresh:pipeline", "dev", "aurora-refresh:source", "prod-db");

    /** An account where every resource exists with tags, the source has a customer-keyed secret. */
    static final IamRequests MODEL = new IamRequests(REGION, ACCOUNT, new IamRequests.Lookup() {
        @Override
        public Map<String, String> tagsOf(String arn) {
            return arn.contains(":cluster:") || arn.contains(":db:") ? TAGS : Map.of();
        }

        @Override
        public Optional<IamRequests.ClusterFacts> cluster(String clusterId) {
            return Optional.of(new IamRequests.ClusterFacts("aurora-postgresql", "15.4", Optional.of("prod-subnets"), true));
        }

        @Override
        public Optional<IamRequests.SecretFacts> secret(String secretId) {
            return Optional.of(new IamRequests.SecretFacts(SECRET, Optional.of(KEY)));
        }
    });

    /** Every call the project makes, each with every parameter the code may send that changes its authorization. */
    static List<Call> everyCallTheProjectMakes() {
        List<Call> calls = new ArrayList<>();
        List<Wire> rds = List.of(
                new Wire("DescribeDBClusters", Map.of()),
                new Wire("DescribeDBClusters", Map.of(), "DBClusterIdentifier", "prod-db"),
                new Wire("DescribeDBInstances", Map.of(), "Filters.Filter.1.Name", "db-cluster-id"),
                new Wire("DescribeDBEngineVersions", Map.of(), "Engine", "aurora-postgresql"),
                new Wire("RestoreDBClusterToPointInTime", TAGS, "SourceDBClusterIdentifier", "prod-db",
                        "DBClusterIdentifier", "dev-20260101", "DBSubnetGroupName", "prod-subnets",
                        "DBClusterParameterGroupName", "prod-params"),
                new Wire("CreateDBInstance", TAGS, "DBInstanceIdentifier", "dev-20260101-1", "DBClusterIdentifier",
                        "dev-20260101", "Engine", "aurora-postgresql", "DBParameterGroupName", "prod-instance-params",
                        "MonitoringInterval", "60", "MonitoringRoleArn", "arn:aws:iam::" + ACCOUNT + ":role/rds-monitoring-role"),
                new Wire("CreateDBInstance", TAGS, "DBInstanceIdentifier", "dev-20260101-2", "DBClusterIdentifier",
                        "dev-20260101", "Engine", "aurora-postgresql"),
                new Wire("AddTagsToResource", Map.of("aurora-refresh:lifecycle", "ready"),
                        "ResourceName", "arn:aws:rds:us-east-1:" + ACCOUNT + ":cluster:dev-20260101"),
                new Wire("ModifyDBCluster", Map.of(), "DBClusterIdentifier", "dev-20260101", "DeletionProtection", "false"),
                new Wire("DeleteDBInstance", Map.of(), "DBInstanceIdentifier", "dev-20260101-1", "SkipFinalSnapshot", "true"),
                new Wire("DeleteDBCluster", Map.of(), "DBClusterIdentifier", "dev-20260101", "SkipFinalSnapshot", "true"),
                new Wire("DeleteDBCluster", Map.of(), "DBClusterIdentifier", "dev-20260101", "SkipFinalSnapshot", "false",
                        "FinalDBSnapshotIdentifier", "dev-20260101-final-20260102030000"));
        rds.forEach(w -> calls.addAll(MODEL.calls(w.operation(), w.form(), null)));
        for (String op : List.of("GetHostedZone", "ListHostedZonesByName", "ListResourceRecordSets", "GetChange")) {
            calls.addAll(MODEL.calls(op, Map.of("Id", "Z0123456789EXAMPLE"), null));
        }
        calls.addAll(MODEL.calls("ChangeResourceRecordSets", Map.of("Id", "Z0123456789EXAMPLE"), xml("""
                <ChangeResourceRecordSetsRequest xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><ChangeBatch><Changes>
                <Change><Action>UPSERT</Action><ResourceRecordSet><Name>dev-db.example.internal.</Name><Type>CNAME</Type>
                </ResourceRecordSet></Change></Changes></ChangeBatch></ChangeResourceRecordSetsRequest>""")));
        calls.addAll(MODEL.calls("GetSecretValue", Map.of("SecretId", SECRET), null));
        calls.add(MODEL.connect("cluster-ABCDEFGHIJKLMNOPQRSTUVWXYZ", "app"));
        return calls;
    }

    @Test
    void everyAuthorizationOfEveryCallIsOneTheReferenceLists() {
        List<String> problems = new ArrayList<>();
        for (Call call : everyCallTheProjectMakes()) {
            call.authorizations().forEach(a -> problems.addAll(ServiceReference.problems(call.service(), call.operation(), a)));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyDependentActionTheReferenceListsIsMadeOrExplained() {
        Map<String, Set<String>> made = new LinkedHashMap<>();
        for (Call call : everyCallTheProjectMakes()) {
            call.authorizations().forEach(a -> made.computeIfAbsent(call.service() + " " + call.operation(),
                    k -> new LinkedHashSet<>()).add(a.action()));
        }
        List<String> missing = new ArrayList<>();
        made.forEach((operation, actions) -> {
            String[] parts = operation.split(" ");
            ServiceReference.of(parts[0]).operation(parts[1]).ifPresent(listed -> listed.forEach(x -> {
                Map<String, String> explained = IamRequests.NOT_MADE.getOrDefault(operation, Map.of());
                if (!actions.contains(x.iamAction()) && !explained.containsKey(x.iamAction())) {
                    missing.add(operation + " authorizes " + x.iamAction());
                }
            }));
        });
        assertThat(missing).isEmpty();
        // the secret's customer key: Secrets Manager's Decrypt, on the caller's behalf
        assertThat(made).containsKeys("rds DeleteDBCluster", "secretsmanager GetSecretValue", "kms Decrypt", "rds-db connect");
        assertThat(made.get("rds DeleteDBCluster")).contains("rds:CreateDBClusterSnapshot", "rds:AddTagsToResource");
    }

    @Test
    void whatTheTableLeavesOutIsWhatTheReferenceLists() {
        List<String> unknown = new ArrayList<>();
        IamRequests.NOT_MADE.forEach((operation, actions) -> {
            String[] parts = operation.split(" ");
            List<String> listed = ServiceReference.of(parts[0]).operation(parts[1]).orElseThrow().stream()
                    .map(ServiceReference.Authorized::iamAction).toList();
            actions.keySet().stream().filter(a -> !listed.contains(a)).forEach(a -> unknown.add(operation + ": " + a));
        });
        assertThat(unknown).isEmpty();
    }

    /** The check finds what the issue found: it can fail. */
    @Test
    void theCheckRefusesWhatTheReferenceDoesNotSay() {
        String db = "arn:aws:rds:us-east-1:" + ACCOUNT + ":db:dev-20260101-1";
        String cluster = "arn:aws:rds:us-east-1:" + ACCOUNT + ":cluster:dev-20260101";
        // the enhanced monitoring role handed to the monitoring service: CreateDBInstance passes it to rds.amazonaws.com
        assertThat(ServiceReference.problems("rds", "CreateDBInstance", new Authorization("iam:PassRole",
                "arn:aws:iam::" + ACCOUNT + ":role/rds-monitoring-role",
                Map.of("iam:PassedToService", List.of("monitoring.rds.amazonaws.com")))))
                .singleElement().asString().contains("monitoring.rds.amazonaws.com");
        // an action the call does not authorize, a resource type the action has not, a key it does not support
        assertThat(ServiceReference.problems("rds", "DeleteDBInstance", new Authorization("rds:DeleteDBCluster", cluster, Map.of())))
                .singleElement().asString().contains("does not authorize rds:DeleteDBCluster");
        assertThat(ServiceReference.problems("rds", "DeleteDBCluster", new Authorization("rds:DeleteDBCluster", db, Map.of())))
                .singleElement().asString().contains("[db]");
        assertThat(ServiceReference.problems("rds", "DeleteDBInstance", new Authorization("rds:DeleteDBInstance", db,
                Map.of("aws:RequestTag/aurora-refresh:pipeline", List.of("dev"))))).singleElement().asString()
                .contains("aws:RequestTag/aurora-refresh:pipeline");
        assertThat(ServiceReference.problems("rds", "CreateDBInstance", new Authorization("rds:CreateDBInstance", "*", Map.of())))
                .singleElement().asString().contains("not *");
    }

    /**
     * The generator's statements, with every optional grant, name only actions the reference has;
     * each resource is of a type one of the statement's actions is authorized on, each action is
     * authorized on one of the statement's resources, each condition key one an action supports there.
     */
    @Test
    void everyStatementOfTheGeneratedPolicyIsInTheReference() {
        List<JsonNode> documents = new ArrayList<>(PolicyDocuments.forRole(ACCOUNT, REGION, List.of(
                new PipelineGrant("dev", "prod-db", "dev", "Z0123456789EXAMPLE", List.of("dev-db.example.internal"), true,
                        Optional.of("arn:aws:iam::" + ACCOUNT + ":role/rds-monitoring-role"), DatabaseLogin.secret(SECRET, Optional.of(KEY))),
                new PipelineGrant("qa", "billing-db", "dev-qa", "Z0123456789EXAMPLE", List.of("qa-db.example.internal"), false,
                        Optional.empty(), DatabaseLogin.iamAuth("app")),
                // a source another account shares, the clones' key by alias, and one by alias ARN and one by key id here
                new PipelineGrant("shared", "arn:aws:rds:us-east-1:210987654321:cluster:prod-db", "shared", "Z0123456789EXAMPLE",
                        List.of("shared-db.example.internal"), false, Optional.empty(), DatabaseLogin.NONE,
                        Optional.of("alias/dev-clones"), true),
                new PipelineGrant("stage", "prod-db", "stage", "Z0123456789EXAMPLE", List.of("stage-db.example.internal"), false,
                        Optional.empty(), DatabaseLogin.NONE, Optional.of("arn:aws:kms:us-east-1:" + ACCOUNT + ":alias/stage"), true),
                new PipelineGrant("perf", "prod-db", "perf", "Z0123456789EXAMPLE", List.of("perf-db.example.internal"), false,
                        Optional.empty(), DatabaseLogin.NONE, Optional.of("1234abcd-12ab-34cd-56ef-1234567890ab"), false))).values());
        List<String> problems = new ArrayList<>();
        Set<String> actions = new LinkedHashSet<>();
        for (JsonNode document : documents) {
            for (JsonNode s : document.get("Statement")) {
                actions.addAll(texts(s.get("Action")));
                problems.addAll(statementProblems(s));
            }
        }
        assertThat(problems).isEmpty();
        assertThat(actions).contains("rds-db:connect", "secretsmanager:GetSecretValue", "kms:Decrypt", "iam:PassRole",
                "rds:CreateDBClusterSnapshot", "kms:CreateGrant", "secretsmanager:CreateSecret");
    }

    private static List<String> statementProblems(JsonNode statement) {
        List<String> out = new ArrayList<>();
        String sid = statement.get("Sid").asText();
        Map<String, ServiceReference.Action> actions = new LinkedHashMap<>();
        for (String action : texts(statement.get("Action"))) {
            String service = action.substring(0, action.indexOf(':'));
            List<ServiceReference.Action> matching = ServiceReference.of(service).actionsMatching(action.substring(action.indexOf(':') + 1));
            matching.forEach(a -> actions.put(service + ":" + a.name(), a));
            if (matching.isEmpty()) {
                out.add(sid + ": " + service + " has no action " + action);
            }
        }
        // by action, the types of the statement's resources it is authorized on ("*": all of its own)
        Map<String, Set<String>> typesOf = new LinkedHashMap<>();
        actions.keySet().forEach(a -> typesOf.put(a, new LinkedHashSet<>()));
        for (String resource : texts(statement.get("Resource"))) {
            boolean used = false;
            for (var a : actions.entrySet()) {
                List<String> types = resource.equals("*") ? a.getValue().resourceTypes() : typesIn(resource, a.getKey()).stream()
                        .filter(a.getValue().resourceTypes()::contains).toList();
                typesOf.get(a.getKey()).addAll(types);
                used |= resource.equals("*") || !types.isEmpty();
            }
            if (!used) {
                out.add(sid + ": no action of " + actions.keySet() + " is authorized on " + resource);
            }
        }
        typesOf.forEach((action, types) -> {
            if (types.isEmpty() && !actions.get(action).resourceTypes().isEmpty()) {
                out.add(sid + ": " + action + " is authorized on none of the statement's resources");
            }
        });
        JsonNode condition = statement.get("Condition");
        if (condition != null) {
            condition.fields().forEachRemaining(op -> op.getValue().fieldNames().forEachRemaining(key -> {
                String generic = key.matches("aws:(RequestTag|ResourceTag)/.+") ? key.substring(0, key.indexOf('/')) + "/${TagKey}" : key;
                boolean supported = actions.entrySet().stream().anyMatch(a -> a.getValue().conditionKeys().contains(generic)
                        || typesOf.get(a.getKey()).stream().anyMatch(t -> ServiceReference.of(serviceOf(a.getKey()))
                                .resourceConditionKeys(t).contains(generic)));
                if (!supported) {
                    out.add(sid + ": none of " + actions.keySet() + " supports the condition key " + key + " there");
                }
            }));
        }
        return out;
    }

    /** The resource types of a policy's resource pattern (its wildcards standing for one letter), in the action's service. */
    private static List<String> typesIn(String pattern, String action) {
        String example = pattern.replace('*', 'x').replace('?', '1');
        String arnService = example.split(":")[2];
        return arnService.equals(serviceOf(action)) ? ServiceReference.of(arnService).resourceTypesOf(example) : List.of();
    }

    private static String serviceOf(String action) {
        return action.substring(0, action.indexOf(':'));
    }

    private static List<String> texts(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else {
            out.add(node.asText());
        }
        return out;
    }

    private static org.w3c.dom.Element xml(String text) {
        try {
            var factory = javax.xml.parsers.DocumentBuilderFactory.newInstance();
            return factory.newDocumentBuilder().parse(new java.io.ByteArrayInputStream(
                    text.getBytes(java.nio.charset.StandardCharsets.UTF_8))).getDocumentElement();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
