package dev.aurorarefresh.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * Another AWS account on the same moto server (production, in the cross-account tests): moto
 * keeps one backend per account and picks it by the access key, and STS AssumeRole into a role
 * ARN of that account hands out keys moto maps to it. Seeding and the twin's look-ups go straight
 * to moto with those keys; KMS and RAM (whose SDKs the project does not carry) as plain JSON
 * requests, which moto routes by the credential scope of the Authorization header it does not verify.
 */
public final class OtherAccount {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public final String accountId;
    private final String endpoint;
    private final Credentials credentials;
    private final RdsClient rds;

    private OtherAccount(String endpoint, String accountId) {
        this.endpoint = endpoint;
        this.accountId = accountId;
        try (StsClient sts = StsClient.builder().endpointOverride(URI.create(endpoint)).region(Region.of(MotoAccount.REGION))
                .credentialsProvider(MotoAccount.testCredentials()).httpClient(UrlConnectionHttpClient.create()).build()) {
            this.credentials = sts.assumeRole(r -> r.roleArn("arn:aws:iam::" + accountId + ":role/admin")
                    .roleSessionName("aurora-refresh-tests")).credentials();
        }
        this.rds = RdsClient.builder().endpointOverride(URI.create(endpoint)).region(Region.of(MotoAccount.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(
                        credentials.accessKeyId(), credentials.secretAccessKey(), credentials.sessionToken())))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** The account {@code accountId} on the moto server at {@code endpoint}, reached with assumed-role keys. */
    public static OtherAccount of(String endpoint, String accountId) {
        return new OtherAccount(endpoint, accountId);
    }

    /** An RDS client of this account, straight to moto (not counted, no twin). */
    public RdsClient rds() {
        return rds;
    }

    // ---- seeding ------------------------------------------------------------------------------------

    /**
     * A source cluster with a writer instance, encrypted with {@code kmsKeyArn} (null: not encrypted;
     * "" : encrypted with the account's default RDS key, which moto names {@code default_kms_key_id}).
     */
    public DBCluster createSource(String id, String engine, String kmsKeyArn) {
        rds.createDBCluster(r -> {
            r.dbClusterIdentifier(id).engine(engine).masterUsername("app").masterUserPassword("not-a-real-secret");
            if (kmsKeyArn != null) {
                r.storageEncrypted(true);
                if (!kmsKeyArn.isEmpty()) {
                    r.kmsKeyId(kmsKeyArn);
                }
            }
        });
        rds.createDBInstance(r -> r.dbInstanceIdentifier(id + "-1").dbClusterIdentifier(id).engine(engine)
                .dbInstanceClass("db.r6g.large"));
        return rds.describeDBClusters(r -> r.dbClusterIdentifier(id)).dbClusters().get(0);
    }

    /**
     * A customer managed key whose key policy lets this account administer it and, for each of
     * {@code users}, that account use it (the statements the Aurora guide's cross-account cloning
     * example gives); returns its ARN.
     */
    public String createKey(List<String> users) {
        ObjectNode policy = JSON.createObjectNode().put("Version", "2012-10-17");
        var statements = policy.putArray("Statement");
        statements.addObject().put("Sid", "Enable IAM User Permissions").put("Effect", "Allow").put("Action", "kms:*")
                .put("Resource", "*").putObject("Principal").put("AWS", "arn:aws:iam::" + accountId + ":root");
        if (!users.isEmpty()) {
            ObjectNode use = statements.addObject().put("Sid", "Allow use of the key").put("Effect", "Allow").put("Resource", "*");
            var principals = use.putObject("Principal").putArray("AWS");
            users.forEach(u -> principals.add("arn:aws:iam::" + u + ":root"));
            var actions = use.putArray("Action");
            List.of("kms:CreateGrant", "kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey")
                    .forEach(actions::add);
        }
        ObjectNode request = JSON.createObjectNode().put("Policy", policy.toString());
        return call("kms", "TrentService.CreateKey", request).path("KeyMetadata").path("Arn").asText();
    }

    /** The ARN of the key a key id, alias or ARN names in this account, or null if there is none. */
    public String keyArn(String keyId) {
        JsonNode answer = tryCall("kms", "TrentService.DescribeKey", JSON.createObjectNode().put("KeyId", keyId));
        return answer == null ? null : answer.path("KeyMetadata").path("Arn").asText(null);
    }

    /** The key policy of one of this account's keys, or null if there is no such key. */
    public String keyPolicy(String keyId) {
        JsonNode answer = tryCall("kms", "TrentService.GetKeyPolicy", JSON.createObjectNode().put("KeyId", keyId)
                .put("PolicyName", "default"));
        return answer == null ? null : answer.path("Policy").asText();
    }

    /** A RAM resource share of {@code resourceArn} with {@code principal} (an account id); returns the share's ARN. */
    public String share(String resourceArn, String principal) {
        ObjectNode request = JSON.createObjectNode().put("name", "aurora-refresh-" + principal);
        request.putArray("resourceArns").add(resourceArn);
        request.putArray("principals").add(principal);
        return restJson("ram", "/createresourceshare", request).path("resourceShare").path("resourceShareArn").asText();
    }

    public void deleteShare(String shareArn) {
        restJson("ram", "DELETE", "/deleteresourceshare?resourceShareArn="
                + java.net.URLEncoder.encode(shareArn, java.nio.charset.StandardCharsets.UTF_8), null);
    }

    /**
     * Whether an ACTIVE resource share of this account shares {@code resourceArn} with {@code account}
     * (the account id, or its root or a principal ARN in it): what AWS RAM decides for the caller.
     */
    public boolean shares(String resourceArn, String account) {
        java.util.Set<String> active = new java.util.HashSet<>();
        for (JsonNode share : restJson("ram", "/getresourceshares", JSON.createObjectNode().put("resourceOwner", "SELF"))
                .path("resourceShares")) {
            if ("ACTIVE".equals(share.path("status").asText())) {
                active.add(share.path("resourceShareArn").asText());
            }
        }
        ObjectNode byResource = JSON.createObjectNode().put("associationType", "RESOURCE").put("resourceArn", resourceArn);
        for (JsonNode resource : restJson("ram", "/getresourceshareassociations", byResource).path("resourceShareAssociations")) {
            if (!active.contains(resource.path("resourceShareArn").asText())) {
                continue;
            }
            ObjectNode byPrincipal = JSON.createObjectNode().put("associationType", "PRINCIPAL");
            byPrincipal.putArray("resourceShareArns").add(resource.path("resourceShareArn").asText());
            for (JsonNode p : restJson("ram", "/getresourceshareassociations", byPrincipal).path("resourceShareAssociations")) {
                String entity = p.path("associatedEntity").asText();
                if (entity.equals(account) || entity.startsWith("arn:aws:iam::" + account + ":")) {
                    return true;
                }
            }
        }
        return false;
    }

    // ---- wire ---------------------------------------------------------------------------------------

    private JsonNode call(String service, String target, ObjectNode body) {
        JsonNode answer = tryCall(service, target, body);
        if (answer == null) {
            throw new IllegalStateException(target + " failed in account " + accountId);
        }
        return answer;
    }

    private JsonNode tryCall(String service, String target, ObjectNode body) {
        return send(service, "POST", "/", target, body);
    }

    private JsonNode restJson(String service, String path, ObjectNode body) {
        return restJson(service, "POST", path, body);
    }

    private JsonNode restJson(String service, String method, String path, ObjectNode body) {
        JsonNode answer = send(service, method, path, null, body);
        if (answer == null) {
            throw new IllegalStateException(service + " " + path + " failed in account " + accountId);
        }
        return answer;
    }

    private JsonNode send(String service, String method, String path, String target, ObjectNode body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(endpoint + path))
                .header("Content-Type", target == null ? "application/json" : "application/x-amz-json-1.1")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=" + credentials.accessKeyId() + "/20260101/"
                        + MotoAccount.REGION + "/" + service + "/aws4_request, SignedHeaders=host, Signature=unchecked")
                .header("X-Amz-Security-Token", credentials.sessionToken())
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString()));
        if (target != null) {
            b.header("X-Amz-Target", target);
        }
        try {
            HttpResponse<String> answer = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                return null;
            }
            return answer.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
