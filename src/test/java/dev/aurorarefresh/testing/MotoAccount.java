package dev.aurorarefresh.testing;

import dev.aurorarefresh.aws.AwsCallRecorder;
import dev.aurorarefresh.aws.RdsAdapter;
import dev.aurorarefresh.aws.Route53Adapter;
import dev.aurorarefresh.core.Tags;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.Tag;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * A freshly reset moto account behind the {@link StrictTwin} (in a {@link FaultProxy}), with SDK
 * clients pointed at the twin, call counting, and seeding helpers for the fixtures the
 * integration tests need. Seeding and inspection go straight to moto through separate clients,
 * so that they are neither counted as the pass's calls nor held to the twin's rules.
 */
public final class MotoAccount {
    public static final String REGION = "us-east-1";

    public final MotoServer server;
    /** The loopback proxy every counted client (and every packaged run given {@link #endpoint()}) goes through. */
    public final FaultProxy proxy;
    /** The rules between the code under test and moto; switch them per test. */
    public final StrictTwin twin;
    public final AwsCallRecorder calls = new AwsCallRecorder();
    /** Clients the code under test uses (counted). */
    public final RdsClient rds;
    public final Route53Client route53;
    /** Clients the test uses to seed and inspect (not counted). */
    public final RdsClient seedRds;
    public final Route53Client seedRoute53;

    private static MotoAccount last;

    private MotoAccount(MotoServer server, ExecutionInterceptor... extra) {
        this.server = server;
        this.seedRds = rds(server.endpoint(), null);
        this.seedRoute53 = route53(server.endpoint(), null);
        this.twin = new StrictTwin(seedRds).crossAccount(server.endpoint());
        this.proxy = new FaultProxy(server.endpoint()).layer(twin);
        this.rds = rds(endpoint(), calls, extra);
        this.route53 = route53(endpoint(), calls, extra);
    }

    /** Where the code under test sends its AWS requests: the strict twin in front of moto. */
    public String endpoint() {
        return proxy.endpoint();
    }

    /** Resets the shared moto server and returns a clean account. */
    public static MotoAccount fresh() {
        return fresh(new ExecutionInterceptor[0]);
    }

    /** A clean account whose counted clients also pass every call through {@code extra} (e.g. to see requests). */
    public static MotoAccount fresh(ExecutionInterceptor... extra) {
        MotoServer server = MotoServer.get();
        try {
            server.reset();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        synchronized (MotoAccount.class) {
            if (last != null) {
                last.proxy.close();
            }
            last = new MotoAccount(server, extra);
            return last;
        }
    }

    public RdsAdapter rdsPort() {
        return new RdsAdapter(rds);
    }

    public Route53Adapter dnsPort() {
        return new Route53Adapter(route53);
    }

    /** Counted ports through the twin, with extra client settings (retry strategy, timeouts). */
    public RdsAdapter rdsPort(Consumer<ClientOverrideConfiguration.Builder> settings) {
        return new RdsAdapter(RdsClient.builder().endpointOverride(URI.create(endpoint())).region(Region.of(REGION))
                .credentialsProvider(credentials()).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(config(calls).toBuilder().applyMutation(settings).build()).build());
    }

    public Route53Adapter dnsPort(Consumer<ClientOverrideConfiguration.Builder> settings) {
        return new Route53Adapter(Route53Client.builder().endpointOverride(URI.create(endpoint())).region(Region.AWS_GLOBAL)
                .credentialsProvider(credentials()).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(config(calls).toBuilder().applyMutation(settings).build()).build());
    }

    private static ClientOverrideConfiguration config(AwsCallRecorder recorder, ExecutionInterceptor... extra) {
        ClientOverrideConfiguration.Builder b = ClientOverrideConfiguration.builder();
        if (recorder != null) {
            b.addExecutionInterceptor(recorder);
        }
        for (ExecutionInterceptor e : extra) {
            b.addExecutionInterceptor(e);
        }
        return b.build();
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    }

    static RdsClient rds(String endpoint, AwsCallRecorder recorder, ExecutionInterceptor... extra) {
        return RdsClient.builder().endpointOverride(URI.create(endpoint)).region(Region.of(REGION))
                .credentialsProvider(credentials()).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(config(recorder, extra)).build();
    }

    static Route53Client route53(String endpoint, AwsCallRecorder recorder, ExecutionInterceptor... extra) {
        return Route53Client.builder().endpointOverride(URI.create(endpoint)).region(Region.AWS_GLOBAL)
                .credentialsProvider(credentials()).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(config(recorder, extra)).build();
    }

    /** Static test credentials for any other SDK client pointed at moto. */
    public static StaticCredentialsProvider testCredentials() {
        return credentials();
    }

    /** A Secrets Manager client on this moto server (counted: it stands for the code under test's). */
    public SecretsManagerClient secretsManager() {
        return secretsManager(calls);
    }

    /** A Secrets Manager client straight to moto (uncounted, no twin): for a test's look at what a pass left. */
    public SecretsManagerClient secretsManagerLookups() {
        return secretsManager(null);
    }

    private SecretsManagerClient secretsManager(AwsCallRecorder recorder) {
        return SecretsManagerClient.builder().endpointOverride(URI.create(recorder == null ? server.endpoint() : endpoint()))
                .region(Region.of(REGION))
                .credentialsProvider(credentials()).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(config(recorder)).build();
    }

    /** Stores a secret; returns its ARN. */
    public String createSecret(String name, String value) {
        try (SecretsManagerClient sm = secretsManager(null)) {
            return sm.createSecret(r -> r.name(name).secretString(value)).arn();
        }
    }

    /** A secret's value read straight from moto (not a request of the code under test): for assertions. */
    public String secretValue(String arn) {
        try (SecretsManagerClient sm = secretsManager(null)) {
            return sm.getSecretValue(r -> r.secretId(arn)).secretString();
        }
    }

    /** Stores a secret encrypted with the customer-managed KMS key {@code keyArn}; returns its ARN. */
    public String createSecret(String name, String value, String keyArn) {
        try (SecretsManagerClient sm = secretsManager(null)) {
            return sm.createSecret(r -> r.name(name).secretString(value).kmsKeyId(keyArn)).arn();
        }
    }

    // ---- seeding --------------------------------------------------------------------------------

    /** Another account on this moto server (e.g. production's), for seeding what it owns and shares. */
    public OtherAccount otherAccount(String accountId) {
        return OtherAccount.of(server.endpoint(), accountId);
    }

    /** A source cluster with a writer instance. */
    public void createSource(String id, String engine) {
        createSource(id, engine, Map.of());
    }

    public void createSource(String id, String engine, Map<String, String> tags) {
        seedRds.createDBCluster(r -> r.dbClusterIdentifier(id).engine(engine).masterUsername("app")
                .masterUserPassword("not-a-real-secret").tags(tags(tags)));
        seedRds.createDBInstance(r -> r.dbInstanceIdentifier(id + "-1").dbClusterIdentifier(id).engine(engine)
                .dbInstanceClass("db.r6g.large"));
    }

    /**
     * A cluster with one instance, as if some earlier run (or someone else) made it. One tagged
     * with a source was cloned from it: AWS shows it in the source's clone group.
     */
    public DBCluster createCluster(String id, Map<String, String> tags) {
        if (tags.containsKey(Tags.SOURCE)) {
            twin.cloneOf(tags.get(Tags.SOURCE), id);
        }
        seedRds.createDBCluster(r -> r.dbClusterIdentifier(id).engine("aurora-postgresql").masterUsername("app")
                .masterUserPassword("not-a-real-secret").tags(tags(tags)));
        seedRds.createDBInstance(r -> r.dbInstanceIdentifier(id + "-1").dbClusterIdentifier(id)
                .engine("aurora-postgresql").dbInstanceClass("db.r6g.large").tags(tags(tags)));
        return cluster(id);
    }

    /** The tags a clone of this pipeline carries. */
    public static Map<String, String> cloneTags(String pipeline, String source, String lifecycle, Instant createdAt) {
        Map<String, String> t = new LinkedHashMap<>();
        t.put(Tags.PIPELINE, pipeline);
        t.put(Tags.SOURCE, source);
        t.put(Tags.LIFECYCLE, lifecycle);
        t.put(Tags.CREATED_AT, createdAt.toString());
        return t;
    }

    /** Creates the zone; returns its id (without the /hostedzone/ prefix). */
    public String createZone(String name) {
        String id = seedRoute53.createHostedZone(r -> r.name(name).callerReference(name + System.nanoTime()))
                .hostedZone().id().replace("/hostedzone/", "");
        twin.zoneCreated(name, id);
        return id;
    }

    public void setRecord(String zoneId, String name, String type, String value) {
        seedRoute53.changeResourceRecordSets(r -> r.hostedZoneId(zoneId).changeBatch(b -> b.changes(c -> c
                .action(ChangeAction.UPSERT).resourceRecordSet(s -> s.name(name).type(RRType.fromValue(type)).ttl(60L)
                        .resourceRecords(rr -> rr.value(value))))));
    }

    /** The record's value, or null. */
    public String recordValue(String zoneId, String name) {
        return seedRoute53.listResourceRecordSets(r -> r.hostedZoneId(zoneId).startRecordName(name).maxItems("1"))
                .resourceRecordSets().stream().filter(s -> s.name().replaceAll("\\.$", "").equals(name))
                .flatMap(s -> s.resourceRecords().stream()).map(rr -> rr.value()).findFirst().orElse(null);
    }

    public DBCluster cluster(String id) {
        return seedRds.describeDBClusters(r -> r.dbClusterIdentifier(id)).dbClusters().get(0);
    }

    public boolean clusterExists(String id) {
        return seedRds.describeDBClusters().dbClusters().stream().anyMatch(c -> c.dbClusterIdentifier().equals(id));
    }

    public boolean instanceExists(String id) {
        return seedRds.describeDBInstances().dbInstances().stream().anyMatch(i -> i.dbInstanceIdentifier().equals(id));
    }

    public Map<String, String> tagsOf(String clusterId) {
        Map<String, String> out = new LinkedHashMap<>();
        cluster(clusterId).tagList().forEach(t -> out.put(t.key(), t.value()));
        return out;
    }

    /** Every cluster id with its tags: a snapshot to compare before and after a pass. */
    public Map<String, Map<String, String>> allClusters() {
        Map<String, Map<String, String>> out = new java.util.TreeMap<>();
        seedRds.describeDBClusters().dbClusters().forEach(c -> {
            Map<String, String> t = new java.util.TreeMap<>();
            c.tagList().forEach(tag -> t.put(tag.key(), tag.value()));
            t.put("(status)", c.status());
            t.put("(deletion-protection)", String.valueOf(c.deletionProtection()));
            out.put(c.dbClusterIdentifier(), t);
        });
        return out;
    }

    private static java.util.List<Tag> tags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }
}
