package dev.aurorarefresh.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aurorarefresh.core.MasterPassword;
import dev.aurorarefresh.core.Pipeline;
import dev.aurorarefresh.pass.ConfigurationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** --source-cluster as the ARN of a cluster another account shares, and what such a source needs given. */
class CrossAccountOptionsTest {
    static final String ARN = "arn:aws:rds:us-east-1:210987654321:cluster:prod-db";
    static final List<String> HIDDEN = List.of("--instance-class", "db.r6g.large", "--db-subnet-group", "dev-databases",
            "--vpc-security-group-ids", "sg-0123456789abcdef0", "--db-cluster-parameter-group", "default-aurora-postgresql16",
            "--db-parameter-group", "default-aurora-postgresql16");

    private static Pipeline parse(Map<String, String> env, List<String> extra) {
        List<String> args = new ArrayList<>(List.of("--source-cluster", ARN, "--hosted-zone", "example.internal",
                "--record", "dev-db.example.internal"));
        args.addAll(extra);
        return Parsing.parse(new PipelineOptions(), env, args.toArray(String[]::new)).toPipeline();
    }

    @Test
    void aSharedClustersArnIsTheSourceAndItsIdentifierNamesTheClones() {
        Pipeline p = parse(Map.of(), HIDDEN);

        assertThat(p.sourceClusterId()).isEqualTo(ARN);
        assertThat(p.naming().prefix()).isEqualTo("prod-db-clone");
        assertThat(p.settings().dbSubnetGroup()).contains("dev-databases");
    }

    @Test
    void whatAnotherAccountHidesMustBeGivenAndOneLineNamesAllThatIsMissing() {
        assertThatThrownBy(() -> parse(Map.of(), List.of("--instance-class", "db.r6g.large", "--db-subnet-group", "dev-databases")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("--vpc-security-group-ids, --db-cluster-parameter-group, --db-parameter-group: missing; the source "
                        + ARN + " is another account's cluster, whose settings this account cannot read: set them or "
                        + "AURORA_REFRESH_VPC_SECURITY_GROUP_IDS, AURORA_REFRESH_DB_CLUSTER_PARAMETER_GROUP, AURORA_REFRESH_DB_PARAMETER_GROUP");
        assertThatThrownBy(() -> parse(Map.of(), HIDDEN.subList(2, HIDDEN.size())))
                .hasMessageStartingWith("--instance-class: missing;").hasMessageContaining("set it or AURORA_REFRESH_INSTANCE_CLASS");
    }

    /** The Aurora guide: "Default parameter group names can include a period, such as default.aurora-mysql5.7"; custom names cannot. */
    @Test
    void theDefaultParameterGroupsAreNamedWithTheirPeriod() {
        List<String> defaults = new ArrayList<>(HIDDEN.subList(0, 6));
        defaults.addAll(List.of("--db-cluster-parameter-group", "default.aurora-postgresql16", "--db-parameter-group",
                "default.aurora-mysql8.0"));
        Pipeline p = parse(Map.of(), defaults);

        assertThat(p.settings().dbClusterParameterGroup()).contains("default.aurora-postgresql16");
        assertThat(p.settings().dbParameterGroup()).contains("default.aurora-mysql8.0");
        defaults.set(7, "dev.params");
        assertThatThrownBy(() -> parse(Map.of(), defaults)).hasMessageContaining("'dev.params' is not valid; use a parameter group"
                + " name: letters, digits and hyphens, starting with a letter, or a default group, default.<family>");
    }

    @Test
    void theEnvironmentMayGiveThem() {
        Pipeline p = parse(Map.of("AURORA_REFRESH_INSTANCE_CLASS", "db.r6g.large", "AURORA_REFRESH_DB_SUBNET_GROUP", "dev-databases",
                "AURORA_REFRESH_VPC_SECURITY_GROUP_IDS", "sg-0123456789abcdef0",
                "AURORA_REFRESH_DB_CLUSTER_PARAMETER_GROUP", "cp", "AURORA_REFRESH_DB_PARAMETER_GROUP", "ip"), List.of());

        assertThat(p.settings().instanceClass()).contains("db.r6g.large");
    }

    @Test
    void anIdentifierSourceStillTakesItsSettingsFromTheSource() {
        Pipeline p = Parsing.parse(new PipelineOptions(), Map.of(), "--source-cluster", "prod-db", "--hosted-zone",
                "example.internal", "--record", "dev-db.example.internal").toPipeline();

        assertThat(p.settings().dbSubnetGroup()).isEmpty();
    }

    @Test
    void anArnOfAnotherKindOrWithABadIdentifierIsRefused() {
        for (String bad : List.of("arn:aws:rds:us-east-1:210987654321:db:prod-db-1", "arn:aws:rds:us-east-1:2109:cluster:prod-db",
                "arn:aws:rds:us-east-1:210987654321:cluster:prod_db")) {
            assertThatThrownBy(() -> Parsing.parse(new PipelineOptions(), Map.of(), "--source-cluster", bad))
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining(bad).hasMessageContaining("or the ARN of a cluster shared with this account");
        }
    }

    @Test
    void theMasterPasswordIsManagedByDefaultForEverySourceAndKeptOnlyWhenSaid() {
        assertThat(parse(Map.of(), HIDDEN).settings().masterPassword()).isEqualTo(MasterPassword.MANAGED);
        List<String> keep = new ArrayList<>(HIDDEN);
        keep.addAll(List.of("--master-password", "keep"));
        assertThat(parse(Map.of(), keep).settings().masterPassword()).isEqualTo(MasterPassword.KEEP);
        assertThat(Parsing.parse(new PipelineOptions(), Map.of("AURORA_REFRESH_MASTER_PASSWORD", "keep"), "--source-cluster",
                "prod-db", "--hosted-zone", "example.internal", "--record", "dev-db.example.internal").toPipeline()
                .settings().masterPassword()).isEqualTo(MasterPassword.KEEP);
        assertThat(Parsing.parse(new PipelineOptions(), Map.of(), "--source-cluster", "prod-db", "--hosted-zone",
                "example.internal", "--record", "dev-db.example.internal").toPipeline().settings().masterPassword())
                .as("a source in this account too").isEqualTo(MasterPassword.MANAGED);
        assertThat(Parsing.parse(new PipelineOptions(), Map.of(), "--source-cluster", "prod-db", "--hosted-zone",
                "example.internal", "--record", "dev-db.example.internal", "--master-password", "keep").toPipeline()
                .settings().masterPassword()).isEqualTo(MasterPassword.KEEP);
        assertThatThrownBy(() -> Parsing.parse(new PipelineOptions(), Map.of(), "--master-password", "random"))
                .hasMessageContaining("managed (a password RDS keeps in a secret it manages), keep (production's) or secret:<ARN>")
                .hasMessageNotContaining("random");
    }
}
