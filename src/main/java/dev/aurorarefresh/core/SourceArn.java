package dev.aurorarefresh.core;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A source named by its cluster ARN: a cluster another account shares with this one (AWS RAM).
 * RDS shows such a cluster by its ARN only, with few fields, and restores from it by its ARN
 * (docs/deploy.md, "What AWS allows across accounts").
 */
public final class SourceArn {
    private static final Pattern ARN = Pattern.compile("arn:(aws[a-z-]*):rds:([a-z0-9-]+):(\\d{12}):cluster:(.+)");

    private SourceArn() {
    }

    /** Whether {@code source} is a cluster ARN rather than an identifier. */
    public static boolean isArn(String source) {
        return source != null && ARN.matcher(source).matches();
    }

    /** The cluster identifier an ARN ends with; an identifier as it is. */
    public static String clusterId(String source) {
        Matcher m = source == null ? null : ARN.matcher(source);
        return m != null && m.matches() ? m.group(4) : source;
    }

    /** Why no source was found, in the words of the option's error line. */
    public static String notFound(String source) {
        return isArn(source) ? source + " is not shared with this account, or does not exist: its account shares it with AWS RAM"
                + " (docs/deploy.md, \"Production in another account\")"
                : "no DB cluster named '" + source + "' in this account and region";
    }

    /** The account that owns the cluster of an ARN. */
    public static Optional<String> account(String source) {
        Matcher m = source == null ? null : ARN.matcher(source);
        return m != null && m.matches() ? Optional.of(m.group(3)) : Optional.empty();
    }
}
