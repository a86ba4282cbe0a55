package dev.aurorarefresh.probe;

import dev.aurorarefresh.port.CredentialsException;
import dev.aurorarefresh.port.HostPort;
import dev.aurorarefresh.port.IamTokenSource;
import dev.aurorarefresh.port.SecretSource;
import java.util.function.Supplier;

/**
 * Turns the configured {@link CredentialsConfig} into a login for one connection: a fresh IAM
 * token each time (they expire), the secret read once per pass, or the static password. The
 * AWS-backed sources are created only when first needed.
 */
public final class CredentialResolver {
    private final CredentialsConfig config;
    private final Supplier<IamTokenSource> iamTokens;
    private final Supplier<SecretSource> secrets;
    private SecretSource.Login secretLogin;

    public CredentialResolver(CredentialsConfig config, Supplier<IamTokenSource> iamTokens, Supplier<SecretSource> secrets) {
        this.config = config;
        this.iamTokens = iamTokens;
        this.secrets = secrets;
    }

    public CredentialsConfig config() {
        return config;
    }

    /**
     * @param endpoint the clone's real endpoint (IAM tokens are signed for it, whatever address
     *                 the connection actually goes to)
     * @throws CredentialsException when the login cannot be had
     */
    public DbCredentials credentialsFor(HostPort endpoint) {
        if (config instanceof CredentialsConfig.IamAuth iam) {
            return new DbCredentials(iam.user(), iamTokens.get().token(endpoint, iam.user()));
        }
        if (config instanceof CredentialsConfig.SecretsManager sm) {
            if (secretLogin == null) {
                secretLogin = secrets.get().read(sm.secretArn());
            }
            String user = secretLogin.user().or(sm::user).orElseThrow(() -> new CredentialsException(
                    "secret " + sm.secretArn() + " has no \"username\"; set --db-user"));
            return new DbCredentials(user, secretLogin.password());
        }
        if (config instanceof CredentialsConfig.Password p) {
            return new DbCredentials(p.user(), p.password());
        }
        throw new IllegalStateException("no database credentials are configured");
    }
}
