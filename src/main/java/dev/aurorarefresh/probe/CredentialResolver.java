package dev.aurorarefresh.probe;

import dev.aurorarefresh.core.ClusterView;
import dev.aurorarefresh.port.CredentialsException;
import dev.aurorarefresh.port.HostPort;
import dev.aurorarefresh.port.IamTokenSource;
import dev.aurorarefresh.port.SecretSource;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Turns the configured {@link CredentialsConfig} into a login for one connection: a fresh IAM
 * token each time (they expire), a secret read once per pass (by ARN: with
 * {@link CredentialsConfig.ClonesMasterSecret} each clone has its own), or the static password.
 * The AWS-backed sources are created only when first needed.
 */
public final class CredentialResolver {
    private final CredentialsConfig config;
    private final Supplier<IamTokenSource> iamTokens;
    private final Supplier<SecretSource> secrets;
    private final Map<String, SecretSource.Login> secretLogins = new HashMap<>();

    public CredentialResolver(CredentialsConfig config, Supplier<IamTokenSource> iamTokens, Supplier<SecretSource> secrets) {
        this.config = config;
        this.iamTokens = iamTokens;
        this.secrets = secrets;
    }

    public CredentialsConfig config() {
        return config;
    }

    /**
     * @param clone    the clone logged in to (its managed master secret, for --db-master-secret)
     * @param endpoint the clone's real endpoint (IAM tokens are signed for it, whatever address
     *                 the connection actually goes to)
     * @throws CredentialsException when the login cannot be had
     */
    public DbCredentials credentialsFor(ClusterView clone, HostPort endpoint) {
        if (config instanceof CredentialsConfig.IamAuth iam) {
            return new DbCredentials(iam.user(), iamTokens.get().token(endpoint, iam.user()));
        }
        if (config instanceof CredentialsConfig.SecretsManager sm) {
            SecretSource.Login login = secretLogin(sm.secretArn());
            String user = login.user().or(sm::user).orElseThrow(() -> new CredentialsException(
                    "secret " + sm.secretArn() + " has no \"username\"; set --db-user"));
            return new DbCredentials(user, login.password());
        }
        if (config instanceof CredentialsConfig.ClonesMasterSecret) {
            return masterLogin(clone);
        }
        if (config instanceof CredentialsConfig.Password p) {
            return new DbCredentials(p.user(), p.password());
        }
        throw new IllegalStateException("no database credentials are configured");
    }

    /**
     * The planner replaces a clone's password before it plans the probes or the hooks, so a clone
     * without a managed secret is not expected here: no guess (production's password is not to
     * be had), a clear refusal, and the next look at the clone plans the replacement again.
     */
    private DbCredentials masterLogin(ClusterView clone) {
        String arn = clone.masterUserSecretArn().orElseThrow(() -> new CredentialsException("clone " + clone.id()
                + " shows no master user secret (MasterUserSecret): its master password has not been replaced by one"
                + " RDS manages, so --db-master-secret has nothing to log in with yet"));
        SecretSource.Login login = secretLogin(arn);
        String user = login.user().orElseThrow(() -> new CredentialsException("secret " + arn
                + " (the master user secret of " + clone.id() + ") has no \"username\""));
        return new DbCredentials(user, login.password());
    }

    private SecretSource.Login secretLogin(String arn) {
        return secretLogins.computeIfAbsent(arn, a -> secrets.get().read(a));
    }
}
