package dev.aurorarefresh.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aurorarefresh.aws.IamAuthTokens;
import dev.aurorarefresh.core.ClusterView;
import dev.aurorarefresh.port.CredentialsException;
import dev.aurorarefresh.port.HostPort;
import dev.aurorarefresh.port.Secret;
import dev.aurorarefresh.port.SecretSource;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;

/** Credential resolution at run time, and that no secret reaches a message. */
class CredentialsTest {
    private static final HostPort ENDPOINT = new HostPort("dev-20260101.cluster-abc.us-east-1.rds.amazonaws.com", 5432);
    private static final ClusterView CLONE = new ClusterView("dev-20260101", "arn:aws:rds:us-east-1:123456789012:cluster:dev-20260101",
            "available", "aurora-postgresql", ENDPOINT.host(), null, false, Optional.empty(), Map.of(), 5432, Optional.empty());
    private static final String MASTER_SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster-1a2b-AbCdEf";

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
        assertThat(resolver.credentialsFor(CLONE, ENDPOINT)).isEqualTo(new DbCredentials("app", new Secret("token-1")));
        assertThat(resolver.credentialsFor(CLONE, ENDPOINT).password()).isEqualTo(new Secret("token-2"));
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
        assertThat(resolver.credentialsFor(CLONE, ENDPOINT).user()).isEqualTo("master");
        assertThat(resolver.credentialsFor(CLONE, ENDPOINT).user()).isEqualTo("master");
        assertThat(reads[0]).isEqualTo(1);

        CredentialResolver noUserInSecret = new CredentialResolver(
                new CredentialsConfig.SecretsManager("arn:secret", Optional.of("fallback")), () -> null,
                () -> arn -> new SecretSource.Login(Optional.empty(), new Secret("Secret-Pa55word-9")));
        assertThat(noUserInSecret.credentialsFor(CLONE, ENDPOINT).user()).isEqualTo("fallback");
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
        assertThatThrownBy(() -> none.credentialsFor(CLONE, ENDPOINT)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theClonesMasterSecretIsTheOneItsClusterShowsReadOncePerCloneAndItsUserIsTheSecrets() {
        List<String> read = new ArrayList<>();
        CredentialResolver resolver = new CredentialResolver(new CredentialsConfig.ClonesMasterSecret(), () -> {
            throw new AssertionError("no IAM token with the clone's master secret");
        }, () -> arn -> {
            read.add(arn);
            return new SecretSource.Login(Optional.of("app"), new Secret("Managed-Pa55word-11"));
        });
        ClusterView clone = CLONE.withMasterUserSecret(MASTER_SECRET);
        ClusterView other = new ClusterView("dev-20260102", "arn:aws:rds:us-east-1:123456789012:cluster:dev-20260102",
                "available", "aurora-postgresql", "dev-20260102.cluster-abc.us-east-1.rds.amazonaws.com", null, false,
                Optional.empty(), Map.of(), 5432, Optional.empty()).withMasterUserSecret(MASTER_SECRET.replace("1a2b", "3c4d"));

        assertThat(resolver.credentialsFor(clone, ENDPOINT)).isEqualTo(new DbCredentials("app", new Secret("Managed-Pa55word-11")));
        resolver.credentialsFor(clone, ENDPOINT);
        resolver.credentialsFor(other, ENDPOINT);
        assertThat(read).containsExactly(MASTER_SECRET, MASTER_SECRET.replace("1a2b", "3c4d"));
    }

    @Test
    void aCloneWithoutAManagedSecretOrASecretWithoutAUserIsRefusedNotGuessed() {
        CredentialResolver resolver = new CredentialResolver(new CredentialsConfig.ClonesMasterSecret(), () -> null,
                () -> arn -> {
                    throw new AssertionError("no secret to read: the clone shows none");
                });
        assertThatThrownBy(() -> resolver.credentialsFor(CLONE, ENDPOINT)).isInstanceOf(CredentialsException.class)
                .hasMessage("clone dev-20260101 shows no master user secret (MasterUserSecret): its master password has not"
                        + " been replaced by one RDS manages, so --db-master-secret has nothing to log in with yet");

        CredentialResolver noUser = new CredentialResolver(new CredentialsConfig.ClonesMasterSecret(), () -> null,
                () -> arn -> new SecretSource.Login(Optional.empty(), new Secret("Managed-Pa55word-12")));
        assertThatThrownBy(() -> noUser.credentialsFor(CLONE.withMasterUserSecret(MASTER_SECRET), ENDPOINT))
                .isInstanceOf(CredentialsException.class).hasMessageContaining("has no \"username\"")
                .hasMessageNotContaining("Managed-Pa55word-12");
    }
}
