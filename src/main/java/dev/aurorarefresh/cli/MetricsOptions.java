package dev.aurorarefresh.cli;

import dev.aurorarefresh.core.CronSchedule;
import dev.aurorarefresh.metrics.PushTarget;
import dev.aurorarefresh.pass.ConfigurationException;
import java.net.URL;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where the run's metrics go. Basic-auth credentials come only from the environment (never an
 * option, so they are not in the process list or a shell history) and are never printed.
 */
public class MetricsOptions {
    public static final String USERNAME = EnvDefaults.PREFIX + "PUSHGATEWAY_USERNAME";
    public static final String PASSWORD = EnvDefaults.PREFIX + "PUSHGATEWAY_PASSWORD";

    @Option(names = "--pushgateway-url", converter = OptionTypes.PushgatewayUrl.class,
            description = "Push the run's metrics to this Prometheus Pushgateway at the end of every run. Default: off.")
    URL pushgatewayUrl;

    @Option(names = "--metrics-job", defaultValue = "aurora-refresh", converter = OptionTypes.MetricsJob.class,
            description = "The job label of the pushed metrics. Default: ${DEFAULT-VALUE}.")
    String metricsJob;

    @Option(names = "--schedule", converter = OptionTypes.Cron.class,
            description = "The cron line this job runs on (as in the CronJob, e.g. \"30 5 * * 1-5\"): each run pushes when "
                    + "the next one is due, and the alerts compare against that. Default: none.")
    CronSchedule schedule;

    @Option(names = "--schedule-time-zone", defaultValue = "UTC", converter = OptionTypes.Zone.class,
            description = "Zone of --schedule (the CronJob's timeZone). Default: ${DEFAULT-VALUE}.")
    ZoneId scheduleTimeZone;

    /** @throws ConfigurationException naming the bad option or variable (never showing a password) */
    public Optional<PushTarget> target(Map<String, String> env) {
        if (pushgatewayUrl == null) {
            return Optional.empty();
        }
        Optional<CronSchedule> cron = Optional.ofNullable(schedule).map(c -> CronSchedule.parse(c.line(), scheduleTimeZone));
        return Optional.of(new PushTarget(pushgatewayUrl, metricsJob, credentials(env), cron));
    }

    private static Optional<PushTarget.Credentials> credentials(Map<String, String> env) {
        String user = env.getOrDefault(USERNAME, "");
        String password = env.getOrDefault(PASSWORD, "");
        if (user.isEmpty() && password.isEmpty()) {
            return Optional.empty();
        }
        if (user.isEmpty() || password.isEmpty()) {
            throw new ConfigurationException(USERNAME + " / " + PASSWORD + ": set both for basic auth, or neither");
        }
        if (user.contains(":")) {
            throw new ConfigurationException(USERNAME + ": must not contain ':' (basic auth)");
        }
        return Optional.of(new PushTarget.Credentials(user, password));
    }
}
