package dev.aurorarefresh.aws;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.RdsClientBuilder;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The SDK clients. RDS comes from the Quarkus extension's builder (region, credentials, endpoint,
 * HTTP client, interceptors from {@code quarkus.rds.*}); Route53 has no extension and is built here
 * with the same url-connection HTTP client (no extra dependency, small native image, and a run makes
 * only a few dozen sequential calls), signed for the partition of RDS's configured region
 * ({@link Route53Region}). Credentials come from the SDK's default chain, endpoints honour
 * AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_RDS / AWS_ENDPOINT_URL_ROUTE_53.
 *
 * <p>All get the same explicit retry policy ({@link #retryStrategy}), so that throttling and
 * 5xx answers are retried the same way whatever the SDK's defaults become.
 */
public class AwsClients {

    @Produces
    @ApplicationScoped
    RdsClient rds(RdsClientBuilder builder) {
        AwsEnvironment env = AwsEnvironment.current();
        ClientOverrideConfiguration configured = builder.overrideConfiguration();
        return builder.overrideConfiguration(configured.toBuilder().retryStrategy(retryStrategy(env)).build()).build();
    }

    @Produces
    @Singleton
    Route53Client route53(AwsCallRecorder recorder, RdsClient rds) {
        AwsEnvironment env = AwsEnvironment.current();
        return Route53Client.builder()
                .region(Route53Region.forConfigured(rds.serviceClientConfiguration().region()))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.addExecutionInterceptor(recorder).retryStrategy(retryStrategy(env)))
                .build();
    }

    /** Secrets Manager, for --db-secret-arn; region and endpoint from the usual AWS_* settings. */
    @Produces
    @Singleton
    SecretsManagerClient secretsManager(AwsCallRecorder recorder) {
        AwsEnvironment env = AwsEnvironment.current();
        return SecretsManagerClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.addExecutionInterceptor(recorder).retryStrategy(retryStrategy(env)))
                .build();
    }

    /**
     * The SDK's standard retry mode (adaptive if AWS_RETRY_MODE says so): exponential backoff with
     * full jitter, longer for throttling errors; retries throttling, 5xx, timeouts and cut
     * connections; at most {@code maxAttempts} attempts per call (AWS_MAX_ATTEMPTS, default 5).
     */
    public static RetryStrategy retryStrategy(AwsEnvironment env) {
        return env.adaptive()
                ? AwsRetryStrategy.adaptiveRetryStrategy().toBuilder().maxAttempts(env.maxAttempts()).build()
                : AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(env.maxAttempts()).build();
    }
}
