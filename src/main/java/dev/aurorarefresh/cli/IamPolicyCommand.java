package dev.aurorarefresh.cli;

import dev.aurorarefresh.iam.PipelineGrant;
import dev.aurorarefresh.iam.PolicyDocuments;
import dev.aurorarefresh.pass.ConfigurationException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Prints the job role's policy for the pipeline the options define, the document iam/policy.json
 * shows for its example and terraform/modules/aurora-refresh generates: for users without
 * Terraform. Offline: no AWS call.
 */
@Command(name = "iam-policy", mixinStandardHelpOptions = true,
        description = "Print the least-privilege IAM policy of the pipeline's role (JSON); makes no AWS call.")
class IamPolicyCommand implements Callable<Integer> {

    @Mixin
    PipelineOptions options;

    @Option(names = "--account-id", converter = OptionTypes.AccountId.class,
            description = "The AWS account of the source and the zone (required).")
    String accountId;

    @Option(names = "--region", converter = OptionTypes.AwsRegion.class, description = "The source's region (required).")
    String region;

    @Option(names = "--role-pipelines", paramLabel = "NAME[,NAME]", converter = OptionTypes.PipelineNames.class,
            description = "Every pipeline of the role that carries this policy (each with its own policy), this one "
                    + "among them: the deny statements spare them all. Default: this pipeline alone.")
    OptionTypes.Names rolePipelines;

    @Spec
    CommandSpec spec;

    /** @throws ConfigurationException for a missing or bad value (exit 2, see {@link UsageErrors}) */
    @Override
    public Integer call() {
        var pipeline = options.toPipeline();
        String account = PipelineOptions.required("--account-id", accountId);
        String inRegion = PipelineOptions.required("--region", region);
        List<String> role = rolePipelines == null ? List.of(pipeline.name()) : rolePipelines.values();
        if (!role.contains(pipeline.name())) {
            throw new ConfigurationException("--role-pipelines: '" + String.join(",", role) + "' does not name this pipeline, "
                    + pipeline.name() + "; list every pipeline of the role, this one among them");
        }
        spec.commandLine().getOut().println(PolicyDocuments.text(PolicyDocuments.forPipeline(account, inRegion,
                PipelineGrant.of(pipeline), role)));
        spec.commandLine().getOut().flush();
        return ExitCode.OK.code;
    }
}
