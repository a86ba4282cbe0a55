package dev.aurorarefresh.pass;

/** Invalid usage or configuration, found before any mutation: exit code 2. */
public class ConfigurationException extends RuntimeException {
    public ConfigurationException(String message) {
        super(message);
    }
}
