package dev.aurorarefresh.iam;

import java.util.Optional;

/**
 * How the pipeline's probes and hooks log in, as far as the role's policy is concerned: as
 * {@code iamUser} with an IAM token (rds-db:connect), with the secret {@code secretArn}
 * (secretsmanager:GetSecretValue, and kms:Decrypt on {@code secretKeyArn} when a customer-managed
 * key encrypts it), or, {@code clonesMasterSecret}, as each clone's master user with the secret RDS
 * manages for it (GetSecretValue on the secrets RDS made for the pipeline's clones). A password
 * from the environment or a file needs nothing from IAM.
 */
public record DatabaseLogin(Optional<String> iamUser, Optional<String> secretArn, Optional<String> secretKeyArn,
        boolean clonesMasterSecret) {
    public static final DatabaseLogin NONE = new DatabaseLogin(Optional.empty(), Optional.empty(), Optional.empty(), false);
    /** --db-master-secret: each clone's own managed master secret. */
    public static final DatabaseLogin CLONES_MASTER_SECRET = new DatabaseLogin(Optional.empty(), Optional.empty(),
            Optional.empty(), true);

    public static DatabaseLogin iamAuth(String user) {
        return new DatabaseLogin(Optional.of(user), Optional.empty(), Optional.empty(), false);
    }

    public static DatabaseLogin secret(String arn, Optional<String> keyArn) {
        return new DatabaseLogin(Optional.empty(), Optional.of(arn), keyArn, false);
    }
}
