package dev.aurorarefresh.aws;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What the native image needs beyond what the Quarkus extensions register. The RDS extension
 * covers its client, the url-connection HTTP client and XML parsing; the Route53 client is the
 * plain SDK, built in code with no reflection. The SDK's default credential chain, however, loads
 * STS by class name: the web identity factory for EKS IRSA (AWS_ROLE_ARN +
 * AWS_WEB_IDENTITY_TOKEN_FILE) and the profile factory for profiles with role_arn (docker run with
 * a mounted ~/.aws). Container credentials (ECS task role, EKS Pod Identity) need no reflection.
 * NativeImageConfigTest checks these names exist; NativeSourcesIT checks Quarkus passes them on.
 */
@RegisterForReflection(classNames = {
        "software.amazon.awssdk.services.sts.internal.StsWebIdentityCredentialsProviderFactory",
        "software.amazon.awssdk.services.sts.internal.StsProfileCredentialsProviderFactory"
}, fields = false)
public final class NativeImageConfig {
    private NativeImageConfig() {
    }
}
