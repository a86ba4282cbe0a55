package dev.aurorarefresh.core;

/**
 * What a clone's master password becomes (docs/design.md, "Credentials"): a clone starts with
 * production's master user and password, which whoever holds the clone's master login would hold.
 */
public enum MasterPassword {
    /** Replaced, before the clone is ready, by one RDS generates and keeps in a secret it manages (ManageMasterUserPassword). */
    MANAGED,
    /** Production's password is kept (a warning says so). */
    KEEP,
    /**
     * Replaced, before the clone is ready, by the password in a secret the operator names
     * ({@code --master-password secret:<ARN>}, {@link CloneSettings#masterPasswordSecretArn}; ModifyDBCluster MasterUserPassword).
     */
    SECRET;

    public String optionValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
