package dev.aurorarefresh.aws;

import dev.aurorarefresh.port.CredentialsException;
import dev.aurorarefresh.port.HostPort;
import dev.aurorarefresh.port.IamTokenSource;
import dev.aurorarefresh.port.Secret;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.RdsUtilities;

/**
 * IAM database authentication tokens, signed locally (no API call) with the RDS client's region
 * and credentials, for the clone's real endpoint and port. The role needs {@code rds-db:connect}
 * on the user.
 */
public final class IamAuthTokens implements IamTokenSource {
    private final RdsUtilities utilities;

    public IamAuthTokens(RdsClient rds) {
        this.utilities = rds.utilities();
    }

    @Override
    public Secret token(HostPort endpoint, String user) {
        try {
            return new Secret(utilities.generateAuthenticationToken(
                    r -> r.hostname(endpoint.host()).port(endpoint.port()).username(user)));
        } catch (SdkException e) {
            throw new CredentialsException("cannot make an IAM authentication token for " + user + "@" + endpoint
                    + ": " + AwsCalls.describe(e));
        }
    }
}
