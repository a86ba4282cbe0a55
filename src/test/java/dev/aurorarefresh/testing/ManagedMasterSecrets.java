package dev.aurorarefresh.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The secret RDS keeps a cluster's master login in once ModifyDBCluster ManageMasterUserPassword
 * went through, as AWS keeps it: moto 5.2.1 makes the secret with its tags
 * (aws:rds:primaryDBClusterArn, aws:secretsmanager:owningService) but always with
 * {"username": "admin", "password": "P@55w0rd!"}; RDS stores the cluster's own master user and a
 * password it generates. The twin writes those into moto's secret.
 */
final class ManagedMasterSecrets {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private ManagedMasterSecrets() {
    }

    /** Gives the cluster's managed secret its master user and a new password; the secret's ARN, if it has one. */
    static Optional<String> generate(RdsClient lookups, String clusterId) {
        var cluster = lookups.describeDBClusters(r -> r.dbClusterIdentifier(clusterId)).dbClusters().get(0);
        if (cluster.masterUserSecret() == null || cluster.masterUserSecret().secretArn() == null) {
            return Optional.empty();
        }
        String arn = cluster.masterUserSecret().secretArn();
        Map<String, String> login = new LinkedHashMap<>();
        login.put("username", cluster.masterUsername());
        login.put("password", password());
        URI endpoint = lookups.serviceClientConfiguration().endpointOverride().orElseThrow();
        try (SecretsManagerClient sm = SecretsManagerClient.builder().endpointOverride(endpoint)
                .region(Region.of(MotoAccount.REGION)).credentialsProvider(MotoAccount.testCredentials())
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            String json = new ObjectMapper().writeValueAsString(login);
            sm.putSecretValue(r -> r.secretId(arn).secretString(json));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return Optional.of(arn);
    }

    private static String password() {
        StringBuilder sb = new StringBuilder("Mgd-");
        for (int i = 0; i < 24; i++) {
            sb.append(LETTERS.charAt(RANDOM.nextInt(LETTERS.length())));
        }
        return sb.toString();
    }
}
