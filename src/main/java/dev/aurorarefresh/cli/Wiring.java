package dev.aurorarefresh.cli;

import dev.aurorarefresh.aws.AwsCallRecorder;
import dev.aurorarefresh.aws.AwsEnvironment;
import dev.aurorarefresh.aws.IamAuthTokens;
import dev.aurorarefresh.aws.RdsAdapter;
import dev.aurorarefresh.aws.Route53Adapter;
import dev.aurorarefresh.aws.SecretsManagerLogins;
import dev.aurorarefresh.pass.ConfigurationException;
import dev.aurorarefresh.pass.RefreshPass;
import dev.aurorarefresh.pass.SharedReads;
import dev.aurorarefresh.port.DnsPort;
import dev.aurorarefresh.port.RdsPort;
import dev.aurorarefresh.port.ReadinessCheck;
import dev.aurorarefresh.port.SecretSource;
import dev.aurorarefresh.port.Sleeper;
import dev.aurorarefresh.probe.CredentialResolver;
import dev.aurorarefresh.probe.ProbeSettings;
import dev.aurorarefresh.probe.ProbingReadiness;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Builds the pass from the real adapters. The AWS settings in the environment are checked and the
 * SDK clients built here, before the first call, so that a bad endpoint or region setting is
 * reported as a configuration error (exit 2, no call made), not a crash or a failed call.
 */
@ApplicationScoped
public class Wiring {
    @Inject
    Instance<RdsClient> rdsClient;

    @Inject
    Instance<Route53Client> route53Client;

    @Inject
    Instance<SecretsManagerClient> secretsManagerClient;

    @Inject
    AwsCallRecorder calls;

    /** What the passes of this invocation read once for all: the zones, the listing of a common source. */
    private final SharedReads shared = new SharedReads();

    public RdsPort rds() {
        return new RdsAdapter(client("RDS", rdsClient::get));
    }

    public DnsPort dns() {
        return new Route53Adapter(client("Route53", route53Client::get));
    }

    /** The pass with readiness probes (and post-clone SQL hooks) as configured. */
    public RefreshPass pass(ProbeSettings probeSettings) {
        ReadinessCheck readiness = new ProbingReadiness(probeSettings, new CredentialResolver(probeSettings.credentials(),
                () -> new IamAuthTokens(client("RDS", rdsClient::get)), this::secrets));
        return new RefreshPass(rds(), dns(), readiness, Clock.systemUTC(), Sleeper.REAL, new SecureRandom(), shared,
                secrets());
    }

    /** Reads the secrets of logins and of --master-password secret:ARN; the client is built at the first read. */
    public SecretSource secrets() {
        return arn -> new SecretsManagerLogins(client("Secrets Manager", secretsManagerClient::get)).read(arn);
    }

    /** The pass for hold, release and rollback: no readiness checks, they only move records and tags. */
    public RefreshPass operatorPass() {
        return new RefreshPass(rds(), dns(), ReadinessCheck.AVAILABLE_IS_READY, Clock.systemUTC(), Sleeper.REAL, new SecureRandom(), shared);
    }

    public AwsCallRecorder calls() {
        return calls;
    }

    private static <T extends SdkClient> T client(String service, Supplier<T> create) {
        AwsEnvironment.current();
        try {
            T client = create.get();
            client.serviceName(); // builds the client behind its CDI proxy now, so its errors are reported here
            return client;
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            if (String.valueOf(root.getMessage()).startsWith("Unable to load region")) {
                throw new ConfigurationException("AWS_REGION: not set; set it to a region code such as us-east-1"
                        + " (or give the region in the AWS profile)");
            }
            throw new ConfigurationException("AWS " + service + " client: " + root.getMessage()
                    + " (check AWS_REGION and AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_* settings)");
        }
    }
}
