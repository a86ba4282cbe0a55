package dev.aurorarefresh.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aurorarefresh.aws.IamAuthTokens;
import dev.aurorarefresh.port.HostPort;
import dev.aurorarefresh.port.Secret;
import dev.aurorarefresh.port.SecretSource;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;

/** Credential resolution at run time, and that no secret reaches a message. */
class CredentialsTest {
    private static final HostPort ENDPOINT = new HostPort("dev-20260101.cluster-abc.us-east-1.rds.amazonaws.com", 5432);

    @Test
    void iamTokensAreMadeForTheRealEndpointEachTimeAndNoSecretIsRead() {
        List<String> made = new ArrayList<>();
        CredentialResolver resolver = new CredentialResolver(new CredentialsConfig.IamAuth("app"),
                () -> (endpoint, user) -> {
                    made.add(user + "@" + endpoint);
                    return new Secret("token-" + made.size());
                },
                () -> {
                    throw new AssertionError("no secret is read when IAM authentication is configured");
                });
        assertThat(resolver.credentialsFor(ENDPOINT)).isEqualTo(new DbCredentials("app", new Secret("token-1")));
        assertThat(resolver.credentialsFor(ENDPOINT).password()).isEqualTo(new Secret("token-2"));
        assertThat(made).containsOnly("app@" + ENDPOINT);
    }

    @Test
    void aSecretIsReadOnceAndItsUserWinsOverDbUser() {
        int[] reads = {0};
        CredentialResolver resolver = new CredentialResolver(
                new CredentialsConfig.SecretsManager("arn:secret", Optional.of("fallback")), () -> {
                    throw new AssertionError("no IAM token when a secret is configured");
                }, () -> arn -> {
                    reads[0]++;
                    return new SecretSource.Login(Optional.of("master"), new Secret("Secret-Pa55word-9"));
                });
        assertThat(resolver.credentialsFor(ENDPOINT).user()).isEqualTo("master");
        assertThat(resolver.credentialsFor(ENDPOINT).user()).isEqualTo("master");
        assertThat(reads[0]).isEqualTo(1);

        CredentialResolver noUserInSecret = new CredentialResolver(
                new CredentialsConfig.SecretsManager("arn:secret", Optional.of("fallback")), () -> null,
                () -> arn -> new SecretSource.Login(Optional.empty(), new Secret("Secret-Pa55word-9")));
        assertThat(noUserInSecret.credentialsFor(ENDPOINT).user()).isEqualTo("fallback");
    }

    @Test
    void theRealTokenGeneratorSignsForTheEndpointAndRegion() {
        try (RdsClient rds = RdsClient.builder().region(Region.of("eu-west-1")).credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI"))).build()) {
            Secret token = new IamAuthTokens(rds).token(ENDPOINT, "app");
            assertThat(token.reveal()).startsWith(ENDPOINT.host() + ":5432/?").contains("Action=connect", "DBUser=app",
                    "X-Amz-Credential=AKIDEXAMPLE", "eu-west-1");
            assertThat(token.toString()).isEqualTo("****");
        }
    }

    @Test
    void secretsPrintMaskedAndAreScrubbedFromDriverMessages() {
        Secret secret = new Secret("Leaky-Pa55word-10");
        assertThat(secret.toString()).isEqualTo("****");
        assertThat(new DbCredentials("app", secret).toString()).doesNotContain("Leaky");
        assertThat(new SecretSource.Login(Optional.of("app"), secret).toString()).doesNotContain("Leaky");
        assertThat(new CredentialsConfig.Password("app", secret, "env").toString()).doesNotContain("Leaky");

        SQLException driverError = new SQLException("login failed for app with password Leaky-Pa55word-10\n  detail",
                "28000", new RuntimeException("echo Leaky-Pa55word-10"));
        assertThat(JdbcConnector.describe(driverError, secret))
                .isEqualTo("login failed for app with password **** detail (echo ****)");
    }

    @Test
    void theCredentialsInUseAreRequired() {
        CredentialResolver none = new CredentialResolver(new CredentialsConfig.None(), () -> null, () -> null);
        assertThatThrownBy(() -> none.credentialsFor(ENDPOINT)).isInstanceOf(IllegalStateException.class);
    }
}
