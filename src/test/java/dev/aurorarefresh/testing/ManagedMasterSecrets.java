package dev.aurorarefresh.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The secret RDS keeps a cluster's master password in, as the strict twin leaves it in moto's
 * Secrets Manager ({@link StrictTwin.Rule#MASTER_CREDENTIALS}). moto makes it as AWS names and
 * tags it ({@code rds!cluster-<uuid>}; {@code aws:rds:primaryDBClusterArn} = the cluster's ARN,
 * {@code aws:secretsmanager:owningService} = {@code rds}, the tags AmazonRDSServiceRolePolicy
 * names) and deletes it with the cluster, but its value is always
 * {@code {"username":"admin","password":"P@55w0rd!"}}; AWS generates a new password for the
 * cluster's own master user. The twin writes that value: the cluster's master user name and a
 * new random password of 28 characters (the Aurora guide: upper and lower case, a digit, a
 * punctuation character), never the source's.
 */
final class ManagedMasterSecrets {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private static final String LOWER = "abcdefghijkmnopqrstuvwxyz";
    private static final String DIGITS = "23456789";
    private static final String PUNCTUATION = "!#$%&()*+,-.:;<=>?[]^_{|}~";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ManagedMasterSecrets() {
    }

    /** After RDS took over {@code clusterId}'s master password: its secret holds the master user and a new password. */
    static void renew(RdsClient lookups, String clusterId) {
        DBCluster cluster = lookups.describeDBClusters(r -> r.dbClusterIdentifier(clusterId)).dbClusters().get(0);
        if (cluster.masterUserSecret() == null) {
            return;
        }
        String value;
        try {
            value = JSON.writeValueAsString(Map.of("username", cluster.masterUsername(), "password", newPassword()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        try (SecretsManagerClient sm = client(lookups)) {
            sm.putSecretValue(r -> r.secretId(cluster.masterUserSecret().secretArn()).secretString(value));
        }
    }

    /** The ARN of the key {@code keyId} names in the caller's account on moto (moto makes aws/secretsmanager's on first use). */
    static Optional<String> keyArn(RdsClient lookups, String keyId) {
        String endpoint = lookups.serviceClientConfiguration().endpointOverride().orElseThrow().toString();
        return Optional.ofNullable(OtherAccount.of(endpoint, StrictTwin.ACCOUNT).keyArn(keyId));
    }

    static String newPassword() {
        StringBuilder p = new StringBuilder();
        String all = UPPER + LOWER + DIGITS + PUNCTUATION;
        for (String each : new String[] {UPPER, LOWER, DIGITS, PUNCTUATION}) {
            p.append(each.charAt(RANDOM.nextInt(each.length())));
        }
        while (p.length() < 28) {
            p.append(all.charAt(RANDOM.nextInt(all.length())));
        }
        return p.toString();
    }

    private static SecretsManagerClient client(RdsClient lookups) {
        URI endpoint = lookups.serviceClientConfiguration().endpointOverride().orElseThrow();
        return SecretsManagerClient.builder().endpointOverride(endpoint).region(Region.of(MotoAccount.REGION))
                .credentialsProvider(MotoAccount.testCredentials()).httpClient(UrlConnectionHttpClient.create()).build();
    }
}
