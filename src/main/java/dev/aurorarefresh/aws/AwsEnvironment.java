package dev.aurorarefresh.aws;

import dev.aurorarefresh.pass.ConfigurationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The AWS settings read from the environment, checked before any client is built: a typo there
 * would otherwise surface at the first call (or as a stack trace from the client's creation).
 *
 * @param maxAttempts attempts per AWS call, the first included (AWS_MAX_ATTEMPTS, default 5)
 * @param adaptive    AWS_RETRY_MODE=adaptive: also rate-limit on the client side after throttling
 */
public record AwsEnvironment(int maxAttempts, boolean adaptive) {
    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    /** The endpoint variables the SDK honours for the services we call (STS: web identity credentials). */
    public static final List<String> ENDPOINT_VARIABLES = List.of("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_RDS",
            "AWS_ENDPOINT_URL_ROUTE_53", "AWS_ENDPOINT_URL_SECRETS_MANAGER", "AWS_ENDPOINT_URL_STS");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");

    /** @throws ConfigurationException naming the first bad variable, its value and the valid form */
    public static AwsEnvironment check(Map<String, String> env) {
        // set but empty counts as a value: the SDK fails on an empty endpoint or attempt count
        for (String variable : ENDPOINT_VARIABLES) {
            String value = env.get(variable);
            if (value != null && !isHttpUrl(value)) {
                throw bad(variable, value.replaceAll("//[^/@]*@", "//***@"),
                        "an http(s) URL such as https://rds.eu-west-1.amazonaws.com or http://127.0.0.1:5000, or unset it");
            }
        }
        String region = env.get("AWS_REGION");
        if (region != null && !region.isEmpty() && !REGION.matcher(region).matches()) {
            throw bad("AWS_REGION", region, "a region code such as us-east-1 or eu-west-1");
        }
        int attempts = DEFAULT_MAX_ATTEMPTS;
        String maxAttempts = env.get("AWS_MAX_ATTEMPTS");
        if (maxAttempts != null) {
            try {
                attempts = Integer.parseInt(maxAttempts);
            } catch (NumberFormatException e) {
                attempts = 0;
            }
            if (attempts < 1 || attempts > 20) {
                throw bad("AWS_MAX_ATTEMPTS", maxAttempts, "a whole number from 1 to 20 (attempts per AWS call, default "
                        + DEFAULT_MAX_ATTEMPTS + ")");
            }
        }
        String mode = env.getOrDefault("AWS_RETRY_MODE", "").trim().toLowerCase(Locale.ROOT);
        if (!mode.isEmpty() && !mode.equals("standard") && !mode.equals("adaptive")) {
            throw bad("AWS_RETRY_MODE", env.get("AWS_RETRY_MODE"), "standard (the default) or adaptive");
        }
        return new AwsEnvironment(attempts, mode.equals("adaptive"));
    }

    /** The process environment, checked. */
    public static AwsEnvironment current() {
        return check(System.getenv());
    }

    private static boolean isHttpUrl(String value) {
        try {
            URI uri = new URI(value);
            return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null && uri.getRawUserInfo() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static ConfigurationException bad(String variable, String value, String valid) {
        return new ConfigurationException(variable + ": '" + value + "' is not valid; use " + valid);
    }
}
