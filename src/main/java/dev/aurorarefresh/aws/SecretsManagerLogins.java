package dev.aurorarefresh.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aurorarefresh.port.PortException;
import dev.aurorarefresh.port.CredentialsException;
import dev.aurorarefresh.port.Secret;
import dev.aurorarefresh.port.SecretSource;
import java.util.Optional;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Reads a database login from a Secrets Manager secret in the RDS format (JSON with "username"
 * and "password", as RDS-managed master passwords are stored). Errors name the secret and what is
 * wrong with it, never its value.
 */
public final class SecretsManagerLogins implements SecretSource {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SecretsManagerClient client;

    public SecretsManagerLogins(SecretsManagerClient client) {
        this.client = client;
    }

    @Override
    public Login read(String secretArn) {
        String text;
        try {
            text = AwsCalls.call("SecretsManager", "GetSecretValue",
                    () -> client.getSecretValue(r -> r.secretId(secretArn)).secretString());
        } catch (PortException e) {
            throw new CredentialsException(e.getMessage());
        }
        return parse(secretArn, text);
    }

    static Login parse(String secretArn, String text) {
        if (text == null) {
            throw new CredentialsException("secret " + secretArn + " has no string value (a binary secret?)");
        }
        JsonNode json;
        try {
            json = JSON.readTree(text);
        } catch (Exception e) {
            json = null; // the parser's message may quote the secret: not reported
        }
        if (json == null || !json.isObject()) {
            throw new CredentialsException("secret " + secretArn
                    + " is not a JSON object; store {\"username\": ..., \"password\": ...}");
        }
        JsonNode password = json.get("password");
        if (password == null || !password.isTextual() || password.asText().isEmpty()) {
            throw new CredentialsException("secret " + secretArn + " has no \"password\" text");
        }
        JsonNode user = json.get("username");
        return new Login(Optional.ofNullable(user).filter(JsonNode::isTextual).map(JsonNode::asText)
                .filter(u -> !u.isBlank()), new Secret(password.asText()));
    }
}
