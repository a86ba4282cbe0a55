package dev.aurorarefresh.testing;

import dev.aurorarefresh.port.CredentialsException;
import dev.aurorarefresh.port.HostPort;
import dev.aurorarefresh.port.IamTokenSource;
import dev.aurorarefresh.port.Secret;

/**
 * IAM database authentication tokens under the strict twin's policy: the local test databases
 * do not check tokens, so the login's authorization (rds-db:connect on the clone's user, which
 * the database asks IAM for) is made here, as the token is made, and a refused one fails the
 * login as the database would.
 */
public final class PolicedIamTokens implements IamTokenSource {
    private final StrictTwin twin;
    private final IamTokenSource tokens;

    public PolicedIamTokens(StrictTwin twin, IamTokenSource tokens) {
        this.twin = twin;
        this.tokens = tokens;
    }

    @Override
    public Secret token(HostPort endpoint, String user) {
        twin.authorizeLogin(endpoint.host(), user).ifPresent(refused -> {
            throw new CredentialsException("cannot log in as " + user + " on " + endpoint + ": " + refused);
        });
        return tokens.token(endpoint, user);
    }
}
