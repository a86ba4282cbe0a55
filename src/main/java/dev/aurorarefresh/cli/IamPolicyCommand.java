package dev.aurorarefresh.cli;

import dev.aurorarefresh.core.Pipeline;
import dev.aurorarefresh.iam.DatabaseLogin;
import dev.aurorarefresh.iam.PipelineGrant;
import dev.aurorarefresh.iam.PolicyDocuments;
import dev.aurorarefresh.pass.ConfigurationException;
import dev.aurorarefresh.pass.ExitCode;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Prints the job role's policy for the pipeline the options define (its probes' login included:
 * --db-iam-auth, --db-secret-arn, --db-secret-kms-key, --db-master-secret), or one pipeline of a fleet file (--config,
 * --only), the document iam/policy.json shows for its example and
 * terraform/modules/aurora-refresh generates: for users without Terraform. Offline: no AWS call.
 */
@Command(name = "iam-policy", mixinStandardHelpOptions = true,
        description = "Print the least-privilege IAM policy of the pipeline's role (JSON); makes no AWS call.")
class IamPolicyCommand implements Callable<Integer> {

    @Mixin
    PipelineOptions options;

    @Mixin
    ProbeOptions probeOptions = new ProbeOptions();

    @Mixin
    FleetOptions fleet = new FleetOptions();

    @Option(names = "--account-id", converter = OptionTypes.AccountId.class,
            description = "The AWS account of the source and the zone (required).")
    String accountId;

    @Option(names = "--region", converter = OptionTypes.AwsRegion.class, description = "The source's region (required).")
    String region;

    @Option(names = "--role-pipelines", paramLabel = "NAME[,NAME]", converter = OptionTypes.PipelineNames.class,
            description = "Every pipeline of the role that carries this policy (each with its own policy), this one "
                    + "among them: the deny statements spare them all. Default: this pipeline alone, or every "
                    + "pipeline of the fleet file.")
    OptionTypes.Names rolePipelines;

    @Spec
    CommandSpec spec;

    /** @throws ConfigurationException for a missing or bad value (exit 2, see {@link UsageErrors}) */
    @Override
    public Integer call() {
        EnvDefaults env = EnvDefaults.of(spec.commandLine());
        Optional<FleetFile> file = fleet.file(spec, env);
        Pipeline pipeline;
        DatabaseLogin login;
        List<String> role;
        if (file.isPresent()) {
            Fleet whole = Fleet.resolve(file.get(), spec.commandLine().getParseResult(), env, List.of(), false);
            List<String> all = whole.members().stream().map(Fleet.Member::name).toList();
            List<Fleet.Member> chosen = whole.only(fleet.only()).members();
            if (chosen.size() != 1) {
                throw new ConfigurationException("--only: name the one pipeline of " + file.get().origin() + " whose policy to"
                        + " print (" + String.join(", ", all) + "); the role carries one policy per pipeline");
            }
            pipeline = chosen.get(0).pipeline();
            login = chosen.get(0).login();
            role = rolePipelines == null ? all : rolePipelines.values();
        } else {
            pipeline = options.toPipeline();
            login = probeOptions.policyLogin(pipeline.settings().masterPassword());
            role = rolePipelines == null ? List.of(pipeline.name()) : rolePipelines.values();
        }
        String account = PipelineOptions.required("--account-id", accountId);
        String inRegion = PipelineOptions.required("--region", region);
        if (!role.contains(pipeline.name())) {
            throw new ConfigurationException("--role-pipelines: '" + String.join(",", role) + "' does not name this pipeline, "
                    + pipeline.name() + "; list every pipeline of the role, this one among them");
        }
        spec.commandLine().getOut().println(PolicyDocuments.text(PolicyDocuments.forPipeline(account, inRegion,
                PipelineGrant.of(pipeline, login), role)));
        spec.commandLine().getOut().flush();
        return ExitCode.OK.code;
    }
}
