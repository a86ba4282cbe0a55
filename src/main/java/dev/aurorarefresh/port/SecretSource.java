package dev.aurorarefresh.port;

import java.util.Optional;

/** Reads a login from a Secrets Manager secret. */
@FunctionalInterface
public interface SecretSource {

    /** The secret's "username" (if it has one) and "password". Prints without the password. */
    record Login(Optional<String> user, Secret password) {
        @Override
        public String toString() {
            return "Login[user=" + user.orElse("(none)") + ", password=" + password + "]";
        }
    }

    /** @throws CredentialsException with a message that never contains the secret's value */
    Login read(String secretArn);
}
