package dev.aurorarefresh.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurorarefresh.cli.PipelineOptions;
import dev.aurorarefresh.core.Pipeline;
import dev.aurorarefresh.core.Step;
import dev.aurorarefresh.pass.PassReport;
import dev.aurorarefresh.port.ReadinessCheck;
import dev.aurorarefresh.pass.RefreshPass;
import dev.aurorarefresh.testing.FakeClock;
import dev.aurorarefresh.testing.MotoAccount;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import picocli.CommandLine;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/** A fresh moto account with zone example.internal, a pass from command-line options, and every request it sent. */
abstract class MotoRequestsFixture {
    final List<SdkRequest> sent = new ArrayList<>();
    MotoAccount aws;

    @BeforeEach
    void setUp() {
        aws = MotoAccount.fresh(new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                sent.add(context.request());
            }
        });
        aws.createZone("example.internal");
    }

    PassReport pass(String... extra) {
        List<String> args = new ArrayList<>(List.of("--source-cluster", "prod-db", "--clone-prefix", "dev",
                "--hosted-zone", "example.internal", "--record", "dev-db.example.internal"));
        args.addAll(List.of(extra));
        PipelineOptions options = new PipelineOptions();
        new CommandLine(options).parseArgs(args.toArray(String[]::new));
        Pipeline pipeline = options.toPipeline();
        FakeClock clock = new FakeClock(Instant.parse("2026-11-25T03:00:00Z"));
        return new RefreshPass(aws.rdsPort(), aws.dnsPort(), ReadinessCheck.AVAILABLE_IS_READY, clock, clock, new Random(1))
                .run(pipeline, Step.ALL, false);
    }

    <T> T only(Class<T> type) {
        List<T> of = sent.stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(of).hasSize(1);
        return of.get(0);
    }
}
