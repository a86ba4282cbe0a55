package dev.aurorarefresh.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/** What the strict twin's IAM model reads of Secrets Manager requests and secrets (straight from moto). */
final class IamSecrets {
    private IamSecrets() {
    }

    /** The top-level members of a Secrets Manager JSON request, as text. */
    static Map<String, String> members(byte[] body) {
        Map<String, String> out = new LinkedHashMap<>();
        try {
            JsonNode json = new ObjectMapper().readTree(body);
            if (json != null) {
                json.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
            }
        } catch (IOException e) {
            // not JSON: the API model check reports it
        }
        return out;
    }

    /**
     * A secret's full ARN and customer-managed key (as a key ARN), on the moto server
     * {@code lookups} talks to; a secret under the AWS-managed key aws/secretsmanager has none.
     */
    static Optional<IamRequests.SecretFacts> describe(RdsClient lookups, String secretId) {
        URI endpoint = lookups.serviceClientConfiguration().endpointOverride().orElseThrow();
        try (SecretsManagerClient sm = SecretsManagerClient.builder().endpointOverride(endpoint)
                .region(Region.of(MotoAccount.REGION)).credentialsProvider(MotoAccount.testCredentials())
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            var secret = sm.describeSecret(r -> r.secretId(secretId));
            String arn = secret.arn();
            String prefix = arn.substring(0, arn.indexOf(":secretsmanager:"))
                    + ":kms:" + MotoAccount.REGION + ":" + StrictTwin.ACCOUNT + ":";
            Optional<String> key = Optional.ofNullable(secret.kmsKeyId()).filter(k -> !k.isBlank())
                    .filter(k -> !k.equals("alias/aws/secretsmanager") && !k.endsWith(":alias/aws/secretsmanager"))
                    .map(k -> k.startsWith("arn:") ? k : prefix + (k.startsWith("alias/") ? k : "key/" + k));
            Map<String, String> tags = new LinkedHashMap<>();
            secret.tags().forEach(t -> tags.put(t.key(), t.value()));
            return Optional.of(new IamRequests.SecretFacts(arn, key, tags));
        } catch (ResourceNotFoundException notThere) {
            return Optional.empty();
        }
    }
}
