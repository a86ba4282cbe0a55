package dev.aurorarefresh.aws;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The Route53 client (there is no Quarkus extension for it). Same HTTP client as the RDS
 * extension (url-connection: no extra dependency, small native image, and a run makes only a
 * few dozen sequential calls). Credentials come from the SDK's default chain, the endpoint
 * honours AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_ROUTE_53.
 */
public class AwsClients {

    @Produces
    @Singleton
    Route53Client route53(AwsCallRecorder recorder) {
        return Route53Client.builder()
                .region(Region.AWS_GLOBAL)
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.addExecutionInterceptor(recorder))
                .build();
    }

    /** Secrets Manager, for --db-secret-arn; region and endpoint from the usual AWS_* settings. */
    @Produces
    @Singleton
    SecretsManagerClient secretsManager(AwsCallRecorder recorder) {
        return SecretsManagerClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.addExecutionInterceptor(recorder))
                .build();
    }
}
