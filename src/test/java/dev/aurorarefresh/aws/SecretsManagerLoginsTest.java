package dev.aurorarefresh.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aurorarefresh.port.CredentialsException;
import dev.aurorarefresh.port.Secret;
import dev.aurorarefresh.port.SecretSource;
import dev.aurorarefresh.testing.MotoAccount;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Against moto's Secrets Manager: the RDS secret format, and errors that never quote the secret. */
class SecretsManagerLoginsTest {
    private static final String PASSWORD = "Stored-Pa55word-11";

    @Test
    void readsTheUserAndPasswordOfAnRdsSecret() {
        MotoAccount aws = MotoAccount.fresh();
        String arn = aws.createSecret("dev-db", "{\"username\":\"master\",\"password\":\"" + PASSWORD + "\",\"port\":5432}");
        SecretSource.Login login = new SecretsManagerLogins(aws.secretsManager()).read(arn);
        assertThat(login).isEqualTo(new SecretSource.Login(Optional.of("master"), new Secret(PASSWORD)));
        assertThat(aws.calls.total()).isEqualTo(1);
    }

    @Test
    void malformedSecretsAreNamedWithoutTheirValue() {
        MotoAccount aws = MotoAccount.fresh();
        SecretsManagerLogins logins = new SecretsManagerLogins(aws.secretsManager());
        String plain = aws.createSecret("plain", PASSWORD);
        String noPassword = aws.createSecret("no-password", "{\"username\":\"" + PASSWORD + "\"}");
        String broken = aws.createSecret("broken", "{\"password\": \"" + PASSWORD + "\",");

        assertThatThrownBy(() -> logins.read(plain)).isInstanceOf(CredentialsException.class)
                .hasMessage("secret " + plain + " is not a JSON object; store {\"username\": ..., \"password\": ...}");
        assertThatThrownBy(() -> logins.read(noPassword)).hasMessage("secret " + noPassword + " has no \"password\" text");
        assertThatThrownBy(() -> logins.read(broken)).hasMessageNotContaining(PASSWORD).hasMessageContaining("not a JSON object");
        String missing = plain.replace("plain", "missing");
        assertThatThrownBy(() -> logins.read(missing)).isInstanceOf(CredentialsException.class)
                .hasMessageContaining("SecretsManager GetSecretValue: ResourceNotFoundException");
    }
}
