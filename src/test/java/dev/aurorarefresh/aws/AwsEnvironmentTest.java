package dev.aurorarefresh.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aurorarefresh.pass.ConfigurationException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** The AWS settings checked before any client is built, and the retry policy they give. */
class AwsEnvironmentTest {

    @Test
    void nothingSetMeansFiveAttemptsInStandardMode() {
        AwsEnvironment env = AwsEnvironment.check(Map.of());

        assertThat(env).isEqualTo(new AwsEnvironment(5, false));
        assertThat(AwsClients.retryStrategy(env).maxAttempts()).isEqualTo(5);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
            "AWS_ENDPOINT_URL, https://rds.eu-west-1.amazonaws.com",
            "AWS_ENDPOINT_URL, http://127.0.0.1:5000",
            "AWS_ENDPOINT_URL_RDS, https://vpce-0a1b2c3d-rds.eu-west-1.vpce.amazonaws.com/",
            "AWS_ENDPOINT_URL_ROUTE_53, http://localhost:4566",
            "AWS_REGION, us-gov-west-1",
            "AWS_REGION, ap-southeast-4",
            "AWS_REGION, eu-isoe-west-1",
            "AWS_MAX_ATTEMPTS, 10",
            "AWS_RETRY_MODE, ADAPTIVE"})
    void realSettingsAreAccepted(String variable, String value) {
        AwsEnvironment env = AwsEnvironment.check(Map.of(variable, value));

        if (variable.equals("AWS_MAX_ATTEMPTS")) {
            assertThat(AwsClients.retryStrategy(env).maxAttempts()).isEqualTo(10);
        }
        if (variable.equals("AWS_RETRY_MODE")) {
            assertThat(env.adaptive()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
            "AWS_ENDPOINT_URL, rds.eu-west-1.amazonaws.com",
            "AWS_ENDPOINT_URL, http://",
            "AWS_ENDPOINT_URL_RDS, https://rds .local",
            "AWS_REGION, EU-WEST-1",
            "AWS_REGION, eu-west",
            "AWS_MAX_ATTEMPTS, 0",
            "AWS_MAX_ATTEMPTS, 21",
            "AWS_RETRY_MODE, legacy"})
    void typosAreOneLineNamingTheVariable(String variable, String value) {
        assertThatThrownBy(() -> AwsEnvironment.check(Map.of(variable, value)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith(variable + ": '" + value + "' is not valid; use ");
    }

    @Test
    void anEmptyEndpointOrAttemptCountIsATypoToo() {
        assertThatThrownBy(() -> AwsEnvironment.check(Map.of("AWS_ENDPOINT_URL_RDS", "")))
                .hasMessageStartingWith("AWS_ENDPOINT_URL_RDS: '' is not valid; use an http(s) URL");
        assertThatThrownBy(() -> AwsEnvironment.check(Map.of("AWS_MAX_ATTEMPTS", "")))
                .hasMessageStartingWith("AWS_MAX_ATTEMPTS: '' is not valid; use a whole number from 1 to 20");
        assertThat(AwsEnvironment.check(Map.of("AWS_REGION", ""))).as("an empty region is no region: the SDK's chain decides")
                .isEqualTo(new AwsEnvironment(5, false));
    }

    @Test
    void anHtmlErrorPageIsNotReportedAsNullNull() {
        AwsServiceException e = AwsServiceException.builder().statusCode(502)
                .awsErrorDetails(AwsErrorDetails.builder().build()).build();

        assertThat(AwsCalls.describe(e)).isEqualTo("HTTP 502 with no AWS error in the answer");
    }
}
