package dev.aurorarefresh.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aurorarefresh.testing.MotoAccount;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.route53.Route53Client;

/** Route53 calls are signed for, and sent to, the partition of the configured region. */
class Route53RegionTest {

    /** Stops a call once it is signed: no network, and the request as AWS would receive it. */
    static final class Signed extends RuntimeException {
        final String host;
        final String authorization;

        Signed(String host, String authorization) {
            super("stopped before sending");
            this.host = host;
            this.authorization = authorization;
        }
    }

    @ParameterizedTest(name = "{0} -> {1} at {2}")
    @CsvSource({
            "us-east-1, us-east-1, route53.amazonaws.com",
            "eu-west-1, us-east-1, route53.amazonaws.com",
            "ap-southeast-2, us-east-1, route53.amazonaws.com",
            "cn-north-1, cn-northwest-1, route53.amazonaws.com.cn",
            "cn-northwest-1, cn-northwest-1, route53.amazonaws.com.cn",
            "us-gov-east-1, us-gov-west-1, route53.us-gov.amazonaws.com",
            "us-gov-west-1, us-gov-west-1, route53.us-gov.amazonaws.com"})
    void signsForThePartitionOfTheConfiguredRegion(String configured, String signing, String host) {
        Region region = Route53Region.forConfigured(Region.of(configured));
        assertThat(region.id()).isEqualTo(signing);

        try (Route53Client route53 = Route53Client.builder().region(region).credentialsProvider(MotoAccount.testCredentials())
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                        throw new Signed(context.httpRequest().host(),
                                context.httpRequest().firstMatchingHeader("Authorization").orElse(""));
                    }
                })).build()) {
            assertThatThrownBy(() -> route53.getHostedZone(r -> r.id("Z0123456789EXAMPLE")))
                    .isInstanceOfSatisfying(Signed.class, s -> {
                        assertThat(s.host).isEqualTo(host);
                        assertThat(s.authorization).contains("/" + signing + "/route53/aws4_request");
                    });
        }
    }
}
