package dev.aurorarefresh.probe;

import dev.aurorarefresh.port.Secret;

/** A user name and its password (or IAM token) for one connection. Prints without the password. */
public record DbCredentials(String user, Secret password) {
    @Override
    public String toString() {
        return "DbCredentials[user=" + user + ", password=" + password + "]";
    }
}
