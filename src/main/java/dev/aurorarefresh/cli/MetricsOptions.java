package dev.aurorarefresh.cli;

import dev.aurorarefresh.core.CronSchedule;
import dev.aurorarefresh.metrics.PushTarget;
import dev.aurorarefresh.pass.ConfigurationException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * Where the run's metrics go. Basic-auth credentials come only from the environment (never an
 * option, so they are not in the process list or a shell history) and are never printed.
 */
public class MetricsOptions {
    public static final String USERNAME = EnvDefaults.PREFIX + "PUSHGATEWAY_USERNAME";
    public static final String PASSWORD = EnvDefaults.PREFIX + "PUSHGATEWAY_PASSWORD";
    private static final Pattern JOB = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");
    private static final String URL_HINT = "an http(s) URL such as http://pushgateway.monitoring:9091";

    @Option(names = "--pushgateway-url",
            description = "Push the run's metrics to this Prometheus Pushgateway at the end of every run. Default: off.")
    String pushgatewayUrl;

    @Option(names = "--metrics-job", defaultValue = "aurora-refresh",
            description = "The job label of the pushed metrics. Default: ${DEFAULT-VALUE}.")
    String metricsJob;

    @Option(names = "--schedule",
            description = "The cron line this job runs on (as in the CronJob, e.g. \"30 5 * * 1-5\"): each run pushes when "
                    + "the next one is due, and the alerts compare against that. Default: none.")
    String schedule;

    @Option(names = "--schedule-time-zone", defaultValue = "UTC",
            description = "Zone of --schedule (the CronJob's timeZone). Default: ${DEFAULT-VALUE}.")
    String scheduleTimeZone;

    /** @throws ConfigurationException naming the bad option or variable (never showing a password) */
    public Optional<PushTarget> target(Map<String, String> env) {
        Optional<CronSchedule> cron = schedule();
        if (pushgatewayUrl == null || pushgatewayUrl.isBlank()) {
            return Optional.empty();
        }
        String job = metricsJob.trim();
        if (!JOB.matcher(job).matches()) {
            throw PipelineOptions.bad("--metrics-job", metricsJob, "1-128 letters, digits or _ . : -");
        }
        return Optional.of(new PushTarget(url(pushgatewayUrl.trim()), job, credentials(env), cron));
    }

    /** Checked even without a Pushgateway, so a typo shows before it matters. */
    private Optional<CronSchedule> schedule() {
        ZoneId zone;
        try {
            zone = ZoneId.of(scheduleTimeZone.trim());
        } catch (DateTimeException e) {
            throw PipelineOptions.bad("--schedule-time-zone", scheduleTimeZone, "a zone id such as UTC or Europe/Berlin");
        }
        if (schedule == null || schedule.isBlank()) {
            return Optional.empty();
        }
        CronSchedule cron;
        try {
            cron = CronSchedule.parse(schedule, zone);
        } catch (IllegalArgumentException e) {
            throw PipelineOptions.bad("--schedule", schedule, "a cron line of 5 fields such as \"30 5 * * 1-5\" ("
                    + e.getMessage() + ")");
        }
        if (cron.nextAfter(Instant.EPOCH).isEmpty()) {
            throw PipelineOptions.bad("--schedule", schedule, "a cron line that matches a real date");
        }
        return Optional.of(cron);
    }

    private static java.net.URL url(String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw PipelineOptions.bad("--pushgateway-url", value, URL_HINT);
        }
        if (uri.getRawUserInfo() != null) {
            throw new ConfigurationException("--pushgateway-url: credentials in the URL are not accepted (they would be "
                    + "printed); set " + USERNAME + " and " + PASSWORD + " instead");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw PipelineOptions.bad("--pushgateway-url", value, URL_HINT);
        }
        try {
            return uri.toURL();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw PipelineOptions.bad("--pushgateway-url", value, URL_HINT);
        }
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
