package dev.aurorarefresh.port;

/** An AWS call failed after the SDK's retries; the message names the operation and AWS's error. */
public class PortException extends RuntimeException {
    public PortException(String message, Throwable cause) {
        super(message, cause);
    }
}
