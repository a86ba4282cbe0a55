package dev.aurorarefresh.port;

/** Makes an IAM database authentication token (valid 15 minutes) for a user at the real endpoint. */
@FunctionalInterface
public interface IamTokenSource {
    Secret token(HostPort endpoint, String user);
}
