package dev.aurorarefresh.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurorarefresh.testing.FaultProxy;
import dev.aurorarefresh.testing.JarRunner;
import dev.aurorarefresh.testing.MotoAccount;
import dev.aurorarefresh.testing.RefreshFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Typos in the environment of the packaged command (AWS endpoint and region settings, options set
 * by variable, a misspelt option): exit 2, exactly one line on stderr naming the variable or
 * option and what is valid, nothing on stdout, and no request reaches AWS (the typos checked
 * against AWS make only reads). The in-process table of option typos is {@code BadInputTest}.
 */
class BadInputIT {
    static MotoAccount aws;
    static FaultProxy proxy;
    static int rejected;

    @BeforeAll
    static void account() {
        aws = MotoAccount.fresh();
        aws.twin.forRealTimeRuns(); // the packaged command waits in real time
        aws.createSource(RefreshFixture.SOURCE, "aurora-postgresql");
        aws.createZone(RefreshFixture.ZONE);
        proxy = aws.proxy;
    }

    @AfterAll
    static void report() {
        proxy.close();
        System.out.printf("bad input (packaged jar): %d invalid environments rejected cleanly%n", rejected);
    }

    static Stream<Arguments> typos() {
        return Stream.of(
                Arguments.of("malformed endpoint URL", "AWS_ENDPOINT_URL", "not a url", "AWS_ENDPOINT_URL: 'not a url' is not valid; use an http(s) URL"),
                Arguments.of("RDS endpoint with another scheme", "AWS_ENDPOINT_URL_RDS", "ftp://rds.local", "AWS_ENDPOINT_URL_RDS: 'ftp://rds.local' is not valid"),
                Arguments.of("Route53 endpoint without a scheme", "AWS_ENDPOINT_URL_ROUTE_53", "localhost:4566", "AWS_ENDPOINT_URL_ROUTE_53: 'localhost:4566' is not valid"),
                Arguments.of("endpoint with credentials in it", "AWS_ENDPOINT_URL_RDS", "https://key:secret@rds.local", "'https://***@rds.local' is not valid"),
                Arguments.of("region with spaces", "AWS_REGION", "us east 1", "AWS_REGION: 'us east 1' is not valid; use a region code such as us-east-1"),
                Arguments.of("no region", "AWS_REGION", "", "AWS_REGION: not set; set it to a region code such as us-east-1"),
                Arguments.of("empty endpoint variable", "AWS_ENDPOINT_URL_ROUTE_53", "", "AWS_ENDPOINT_URL_ROUTE_53: '' is not valid; use an http(s) URL"),
                Arguments.of("attempts in words", "AWS_MAX_ATTEMPTS", "many", "AWS_MAX_ATTEMPTS: 'many' is not valid; use a whole number from 1 to 20"),
                Arguments.of("unknown retry mode", "AWS_RETRY_MODE", "fast", "AWS_RETRY_MODE: 'fast' is not valid; use standard (the default) or adaptive"),
                Arguments.of("TTL by variable", "AURORA_REFRESH_TTL", "-5", "--ttl (from AURORA_REFRESH_TTL): '-5' is not valid; use a whole number of seconds"),
                Arguments.of("time zone by variable", "AURORA_REFRESH_TIME_ZONE", "Mars/Olympus", "--time-zone (from AURORA_REFRESH_TIME_ZONE): 'Mars/Olympus' is not valid"),
                Arguments.of("unknown zone by variable", "AURORA_REFRESH_HOSTED_ZONE", "nowhere.internal", "--hosted-zone (from AURORA_REFRESH_HOSTED_ZONE): no Route53 hosted zone named 'nowhere.internal'"),
                Arguments.of("zone id of no zone the role may read", "AURORA_REFRESH_HOSTED_ZONE_ID", "Z0000000000000000000", "--hosted-zone-id (from AURORA_REFRESH_HOSTED_ZONE_ID): 'Z0000000000000000000': no such hosted zone, or this role may not read it"),
                Arguments.of("misspelt option", "--colne-prefix", "dev", "invalid usage: Unknown option: '--colne-prefix=dev'; did you mean --clone-prefix?"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("typos")
    void aTypoInTheEnvironmentIsOneLineAndExitTwoAndNoChange(String what, String name, String value, String says) {
        proxy.clear();
        JarRunner cli = RefreshFixture.cli(proxy.endpoint());
        List<String> args = new ArrayList<>(List.of("run", "--source-cluster", RefreshFixture.SOURCE,
                "--record", RefreshFixture.RECORD));
        boolean zone = name.startsWith("AURORA_REFRESH_HOSTED_ZONE"); // a zone is looked up: reads only
        if (!zone) {
            args.addAll(List.of("--hosted-zone", RefreshFixture.ZONE));
        }
        if (name.startsWith("--")) {
            args.add(name + "=" + value);
        } else {
            cli = cli.env(name, value);
        }

        JarRunner.Result result = cli.run(args.toArray(String[]::new));

        List<String> stderr = result.stderr().lines().filter(l -> !l.isBlank()).toList();
        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(2);
        assertThat(stderr).as("stderr").hasSize(1);
        assertThat(stderr.get(0)).startsWith("aurora-refresh: ").contains(says).doesNotContain("secret");
        assertThat(result.stdout()).as("stdout").isEmpty();
        assertThat(proxy.mutatingRequests()).as("mutating requests").isEmpty();
        if (!zone) {
            assertThat(proxy.requests()).as("requests").isEmpty();
        }
        rejected++;
    }
}
