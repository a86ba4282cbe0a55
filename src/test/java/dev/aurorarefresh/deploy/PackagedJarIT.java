package dev.aurorarefresh.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.aurorarefresh.testing.MotoAccount;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar as the deployments run it: the Kubernetes ConfigMap's settings as environment,
 * a 64 MB heap, and AWS credentials the way EKS and ECS hand them over (nothing else is there to
 * fall back on). The elapsed time is printed, not asserted.
 */
class PackagedJarIT {
    static final Path JAR = Path.of(System.getProperty("aurora-refresh.jar", "target/quarkus-app/quarkus-run.jar"));
    static MotoAccount moto;
    static String zoneId;
    static Map<String, String> settings;

    @BeforeAll
    static void seed() throws IOException {
        moto = MotoAccount.fresh();
        moto.createSource("prod-db", "aurora-postgresql");
        zoneId = moto.createZone("example.internal");
        settings = KubernetesManifestsTest.STRICT.readValue(Path.of("k8s/configmap.yaml").toFile(), ConfigMap.class).getData();
    }

    record Run(int exit, String stdout, String stderr, long millis) {
    }

    static Run run(Map<String, String> credentials, Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(dir.resolve("out").toFile())
                .redirectError(dir.resolve("err").toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("AURORA_REFRESH_"));
        env.putAll(settings);
        env.put("AWS_ENDPOINT_URL", moto.server.endpoint());
        env.put("AWS_REGION", MotoAccount.REGION);
        // no shared files and no instance metadata: the credentials below are the only source
        env.put("AWS_CONFIG_FILE", dir.resolve("none").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("none").toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.putAll(credentials);
        long start = System.nanoTime();
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("finished within 120s").isTrue();
        return new Run(p.exitValue(), Files.readString(dir.resolve("out")), Files.readString(dir.resolve("err")),
                (System.nanoTime() - start) / 1_000_000);
    }

    @Test
    void aPassCompletesWithA64MbHeapAndIrsaWebIdentityCredentials(@TempDir Path dir) throws Exception {
        Path token = dir.resolve("token");
        Files.writeString(token, "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6YXVyb3JhLXJlZnJlc2g6YXVyb3JhLXJlZnJlc2gifQ.c2ln");
        Run run = run(Map.of("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/aurora-refresh-dev",
                "AWS_WEB_IDENTITY_TOKEN_FILE", token.toString(), "AWS_ROLE_SESSION_NAME", "aurora-refresh"), dir, "run");
        assertThat(run.exit()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("result: pass complete (exit 0)");
        String clone = moto.allClusters().keySet().stream().filter(id -> id.startsWith("dev-")).findFirst().orElseThrow();
        assertThat(moto.recordValue(zoneId, "dev-db.example.internal")).isEqualTo(moto.cluster(clone).endpoint());
        System.out.printf("packaged jar, -Xmx64m, IRSA credentials: first pass completed in %d ms%n", run.millis());
    }

    @Test
    void statusReadsWithContainerCredentialsAsEcsAndEksPodIdentityProvideThem(@TempDir Path dir) throws Exception {
        List<String> authorizations = new ArrayList<>();
        HttpServer endpoint = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        endpoint.createContext("/v1/credentials", exchange -> {
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = ("{\"AccessKeyId\":\"ASIAEXAMPLE\",\"SecretAccessKey\":\"example\",\"Token\":\"example\","
                    + "\"Expiration\":\"2099-01-01T00:00:00Z\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        endpoint.start();
        try {
            Path token = dir.resolve("token");
            Files.writeString(token, "pod-identity-token");
            Run run = run(Map.of("AWS_CONTAINER_CREDENTIALS_FULL_URI",
                    "http://127.0.0.1:" + endpoint.getAddress().getPort() + "/v1/credentials",
                    "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", token.toString()), dir, "status", "--output", "json");
            assertThat(run.exit()).as(run.stderr()).isZero();
            JsonNode status = new ObjectMapper().readTree(run.stdout());
            assertThat(status.get("pipeline").asText()).isEqualTo("dev");
            assertThat(status.get("source").asText()).isEqualTo("prod-db");
            assertThat(authorizations).isNotEmpty().containsOnly("pod-identity-token");
        } finally {
            endpoint.stop(0);
        }
    }
}
