package dev.aurorarefresh.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurorarefresh.core.Pipeline;
import dev.aurorarefresh.core.Tags;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The account a refresh runs against in the failure tests: a source with its writer, a hosted
 * zone, yesterday's clone connected (deletion protection on, so clean must turn it off) and the
 * record on it, plus clusters that are not ours and must never change. One full pass from here
 * makes every kind of mutating call; {@link #assertConverged} says what "converged" means.
 */
public final class RefreshFixture {
    public static final String SOURCE = "prod-db";
    public static final String ZONE = "example.internal";
    public static final String RECORD = "dev-db.example.internal";
    public static final String PREFIX = "dev";
    public static final String PIPELINE = "dev";
    /** Not ours: our prefix without our tags, and our tags under another pipeline. */
    public static final List<String> NOT_OURS = List.of("dev-manual", "qa-20200102");

    public final MotoAccount aws;
    public final String zoneId;
    public final String oldClone;
    private final Map<String, Map<String, String>> notOursBefore;

    private RefreshFixture(MotoAccount aws, String zoneId, String oldClone) {
        this.aws = aws;
        this.zoneId = zoneId;
        this.oldClone = oldClone;
        this.notOursBefore = notOurs();
    }

    /**
     * Seeds the account; the connected clone is named for the day before {@code today}. A converged
     * account is this fixture again for the next day, so scenarios can follow each other day by day.
     */
    public static RefreshFixture seed(MotoAccount aws, Instant today) {
        Instant yesterday = today.minus(Duration.ofDays(1));
        String oldClone = PREFIX + "-" + yesterday.atZone(ZoneOffset.UTC).toLocalDate().toString().replace("-", "");
        aws.createSource(SOURCE, "aurora-postgresql");
        String zoneId = aws.createZone(ZONE);
        aws.createCluster(oldClone, MotoAccount.cloneTags(PIPELINE, SOURCE, "connected", yesterday));
        aws.seedRds.modifyDBCluster(r -> r.dbClusterIdentifier(oldClone).deletionProtection(true).applyImmediately(true));
        aws.setRecord(zoneId, RECORD, "CNAME", aws.cluster(oldClone).endpoint());
        aws.createCluster("dev-manual", Map.of("team", "dba"));
        aws.createCluster("qa-20200102", MotoAccount.cloneTags("qa", SOURCE, "aborted", yesterday));
        aws.allClusters(); // moto shows a new cluster "creating" once, then "available"
        // the zone put iam/policy.json filled for this pipeline (PolicyFill.usual) in force
        return new RefreshFixture(aws, zoneId, oldClone);
    }

    /** A fresh account seeded for the packaged command, which waits in real time ({@link StrictTwin#forRealTimeRuns}). */
    public static RefreshFixture forPackagedRuns(Instant today) {
        MotoAccount aws = MotoAccount.fresh();
        aws.twin.forRealTimeRuns();
        return seed(aws, today);
    }

    /** The pipeline the fixture is for: one instance, deletion protection on, retain 0, UTC dates. */
    public static Pipeline pipeline(Duration waitTimeout) {
        return Pipelines.dev().withSource(SOURCE).withDeletionProtection(true).withWaitTimeout(waitTimeout).build();
    }

    /** {@code run} with the options of {@link #pipeline}. */
    public static String[] runArguments() {
        return new String[] {"run", "--source-cluster", SOURCE, "--hosted-zone", ZONE, "--record", RECORD,
                "--clone-prefix", PREFIX, "--deletion-protection"};
    }

    /**
     * The packaged command against {@code endpoint}: no AWS profile or instance metadata to fall
     * back on, and a JVM tuned for a short life.
     */
    public static JarRunner cli(String endpoint) {
        return JarRunner.against(endpoint)
                .env("AWS_CONFIG_FILE", "/nonexistent/aws-config").env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/aws-credentials")
                .env("AWS_EC2_METADATA_DISABLED", "true").jvm("-XX:+UseSerialGC");
    }

    public static String cloneFor(Instant day) {
        return PREFIX + "-" + day.atZone(ZoneOffset.UTC).toLocalDate().toString().replace("-", "");
    }

    /**
     * Converged: the pipeline owns exactly one cluster, today's clone, tagged connected, with its one
     * instance (its instances tagged alike); the record points at it; no instance without its
     * cluster; the clusters that are not ours are as they were.
     */
    public void assertConverged(String todaysClone) {
        Map<String, Map<String, String>> all = aws.allClusters();
        Map<String, Map<String, String>> ours = all.entrySet().stream()
                .filter(e -> PIPELINE.equals(e.getValue().get(Tags.PIPELINE)) && SOURCE.equals(e.getValue().get(Tags.SOURCE))
                        && e.getKey().startsWith(PREFIX + "-"))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
        assertThat(ours.keySet()).as("the pipeline's clusters").containsExactly(todaysClone);
        assertThat(ours.get(todaysClone)).as("today's clone").containsEntry(Tags.LIFECYCLE, "connected")
                .containsEntry("(deletion-protection)", "true");
        assertThat(aws.recordValue(zoneId, RECORD)).as("the record").isEqualTo(aws.cluster(todaysClone).endpoint());
        var instances = aws.seedRds.describeDBInstances().dbInstances();
        assertThat(instances).as("instances whose cluster is gone")
                .allSatisfy(i -> assertThat(all).containsKey(i.dbClusterIdentifier()));
        assertThat(instances.stream().filter(i -> i.dbClusterIdentifier().equals(todaysClone))
                .map(i -> i.dbInstanceIdentifier()).toList()).as("today's clone's instances")
                .containsExactly(todaysClone + "-1");
        assertThat(aws.seedRds.listTagsForResource(r -> r.resourceName(instances.stream()
                .filter(i -> i.dbClusterIdentifier().equals(todaysClone)).findFirst().orElseThrow().dbInstanceArn()))
                .tagList()).as("today's instance tags").anySatisfy(t -> {
                    assertThat(t.key()).isEqualTo(Tags.LIFECYCLE);
                    assertThat(t.value()).isEqualTo("connected");
                });
        assertNothingNotOursChanged();
    }

    public void assertNothingNotOursChanged() {
        assertThat(notOurs()).as("clusters that are not ours, and the source").isEqualTo(notOursBefore);
    }

    private Map<String, Map<String, String>> notOurs() {
        Map<String, Map<String, String>> out = new TreeMap<>(aws.allClusters());
        out.keySet().retainAll(List.of(NOT_OURS.get(0), NOT_OURS.get(1), SOURCE));
        out.put("(instances)", aws.seedRds.describeDBInstances().dbInstances().stream()
                .filter(i -> !i.dbClusterIdentifier().startsWith(PREFIX + "-") || i.dbClusterIdentifier().equals("dev-manual"))
                .collect(Collectors.toMap(i -> i.dbInstanceIdentifier(), i -> i.dbInstanceStatus(), (a, b) -> a, TreeMap::new)));
        return out;
    }
}
