package dev.aurorarefresh.probe;

import dev.aurorarefresh.port.Secret;
import java.util.Optional;

/**
 * Where the probe and the hooks get their login, chosen by the options in this order of
 * preference: an IAM authentication token, a Secrets Manager secret, a user with a password; or,
 * alone, the clone's own master login ({@link ClonesMasterSecret}).
 */
public sealed interface CredentialsConfig {

    /** For logs and messages: never the password. */
    String describe();

    /** No login configured: the SQL probe and the hooks are off. */
    record None() implements CredentialsConfig {
        public String describe() {
            return "none (SQL probe off)";
        }
    }

    /** An IAM database authentication token for this user, generated for each connection. */
    record IamAuth(String user) implements CredentialsConfig {
        public String describe() {
            return "IAM authentication token for user " + user;
        }
    }

    /** A Secrets Manager secret: JSON with "password" and "username" (or --db-user). */
    record SecretsManager(String secretArn, Optional<String> user) implements CredentialsConfig {
        public String describe() {
            return "Secrets Manager secret " + secretArn + user.map(u -> " (user " + u + ")").orElse("");
        }
    }

    /**
     * The clone's master user and password, from the secret RDS manages for that clone
     * (--master-password managed: the cluster's MasterUserSecret), read when the probe or the
     * hooks log in: each clone has its own secret, so the ARN comes with the clone.
     */
    record ClonesMasterSecret() implements CredentialsConfig {
        public String describe() {
            return "the clone's master user with the secret RDS manages for it (MasterUserSecret)";
        }
    }

    /** A user and a password from the environment or a file; {@code origin} says which. */
    record Password(String user, Secret password, String origin) implements CredentialsConfig {
        public String describe() {
            return "user " + user + " with the password from " + origin;
        }

        @Override
        public String toString() {
            return "Password[user=" + user + ", password=" + password + ", origin=" + origin + "]";
        }
    }
}
