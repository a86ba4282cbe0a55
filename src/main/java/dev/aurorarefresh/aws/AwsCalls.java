package dev.aurorarefresh.aws;

import dev.aurorarefresh.port.PortException;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** Runs one SDK call and turns its failure into a one-line {@link PortException}: code and message, never request contents. */
final class AwsCalls {
    private AwsCalls() {
    }

    static <T> T call(String service, String operation, Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw new PortException(service + " " + operation + ": " + describe(e), e);
        }
    }

    static String describe(SdkException e) {
        if (e instanceof AwsServiceException s && s.awsErrorDetails() != null) {
            if (s.awsErrorDetails().errorCode() == null) { // e.g. an HTML error page from a proxy or load balancer
                return "HTTP " + s.statusCode() + " with no AWS error in the answer";
            }
            return s.awsErrorDetails().errorCode() + ": " + s.awsErrorDetails().errorMessage()
                    + " (HTTP " + s.statusCode() + ")";
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
