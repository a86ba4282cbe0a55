package dev.aurorarefresh.port;

/** The login could not be obtained (AWS error, malformed secret). The message never holds a secret. */
public class CredentialsException extends RuntimeException {
    public CredentialsException(String message) {
        super(message);
    }
}
