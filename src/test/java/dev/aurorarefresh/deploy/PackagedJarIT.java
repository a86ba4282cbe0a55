package dev.aurorarefresh.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.aurorarefresh.testing.JarRunner;
import dev.aurorarefresh.testing.MotoAccount;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar as the deployments run it: the Kubernetes ConfigMap's settings as environment,
 * a 64 MB heap, and AWS credentials only the way EKS and ECS hand them over. The elapsed time is
 * printed, not asserted.
 */
class PackagedJarIT {
    static MotoAccount moto;
    static String zoneId;
    static Map<String, String> settings;

    @BeforeAll
    static void seed() throws IOException {
        moto = MotoAccount.fresh();
        moto.twin.forRealTimeRuns(); // the packaged command waits in real time
        moto.createSource("prod-db", "aurora-postgresql");
        zoneId = moto.createZone("example.internal");
        settings = KubernetesManifestsTest.STRICT.readValue(KubernetesManifestsTest.K8S.resolve("configmap.yaml").toFile(), ConfigMap.class).getData();
    }

    static JarRunner deployed(Path scratch, Map<String, String> credentials) {
        JarRunner jar = JarRunner.withoutCredentials(moto.endpoint(), scratch).jvm("-Xmx64m");
        for (Map.Entry<String, String> e : settings.entrySet()) {
            jar = jar.env(e.getKey(), e.getValue());
        }
        for (Map.Entry<String, String> e : credentials.entrySet()) {
            jar = jar.env(e.getKey(), e.getValue());
        }
        return jar.env("AWS_REGION", MotoAccount.REGION);
    }

    @Test
    void aPassCompletesWithA64MbHeapAndIrsaWebIdentityCredentials(@TempDir Path dir) throws IOException {
        Path token = dir.resolve("token");
        Files.writeString(token, "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6YXVyb3JhLXJlZnJlc2g6YXVyb3JhLXJlZnJlc2gifQ.c2ln");
        JarRunner jar = deployed(dir, Map.of("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/aurora-refresh-dev",
                "AWS_WEB_IDENTITY_TOKEN_FILE", token.toString(), "AWS_ROLE_SESSION_NAME", "aurora-refresh"));
        long start = System.nanoTime();
        JarRunner.Result run = jar.run("run");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.stdout()).contains("result: pass complete (exit 0)");
        String clone = moto.allClusters().keySet().stream().filter(id -> id.startsWith("dev-")).findFirst().orElseThrow();
        assertThat(moto.recordValue(zoneId, "dev-db.example.internal")).isEqualTo(moto.cluster(clone).endpoint());
        System.out.printf("packaged jar, -Xmx64m, IRSA credentials: first pass completed in %d ms%n", millis);
    }

    @Test
    void statusReadsWithContainerCredentialsAsEcsAndEksPodIdentityProvideThem(@TempDir Path dir) throws IOException {
        List<String> authorizations = new CopyOnWriteArrayList<>();
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
            JarRunner.Result run = deployed(dir, Map.of("AWS_CONTAINER_CREDENTIALS_FULL_URI",
                    "http://127.0.0.1:" + endpoint.getAddress().getPort() + "/v1/credentials",
                    "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", token.toString())).run("status", "--output", "json");
            assertThat(run.exitCode()).as(run.all()).isZero();
            JsonNode status = new ObjectMapper().readTree(run.stdout());
            assertThat(status.get("pipeline").asText()).isEqualTo("dev");
            assertThat(status.get("source").asText()).isEqualTo("prod-db");
            assertThat(authorizations).isNotEmpty().containsOnly("pod-identity-token");
        } finally {
            endpoint.stop(0);
        }
    }
}
