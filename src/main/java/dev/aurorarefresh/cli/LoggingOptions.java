package dev.aurorarefresh.cli;

import io.quarkus.logging.json.runtime.JsonFormatter;
import java.util.Set;
import java.util.logging.Handler;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.handlers.ConsoleHandler;
import picocli.CommandLine.Option;

/**
 * {@code --log-format text|json} (or AURORA_REFRESH_LOG_FORMAT). Quarkus sets up the console
 * handler before picocli sees the arguments, so the command switches the handler's formatter as
 * its first act: flag and environment take the same path, before the command logs anything.
 * Quarkus itself logs nothing at start-up below WARN (application.properties), so in practice
 * every line a run writes is in the chosen format.
 */
public class LoggingOptions {
    /** Fields a log pipeline has no use for; pipeline, step and clone come in "mdc". */
    private static final Set<String> NOISE = Set.of("sequence", "loggerClassName", "threadId", "ndc", "processName",
            "processId");

    enum Format { TEXT, JSON }

    @Option(names = "--log-format", defaultValue = "text", converter = OptionTypes.LogFormatType.class,
            description = "text (readable lines) or json (one JSON object a line, pipeline/step/clone in \"mdc\"). "
                    + "Logs go to stderr. Default: ${DEFAULT-VALUE}.")
    Format logFormat;

    void apply() {
        if (logFormat == Format.JSON) {
            JsonFormatter json = new JsonFormatter();
            json.setExcludedKeys(NOISE);
            json.setZoneId("UTC");
            for (Handler h : LogContext.getLogContext().getLogger("").getHandlers()) {
                useOnConsole(h, json);
            }
        }
    }

    private static void useOnConsole(Handler handler, JsonFormatter json) {
        if (handler instanceof ConsoleHandler console) {
            console.setFormatter(json);
        } else if (handler instanceof ExtHandler ext) {
            for (Handler nested : ext.getHandlers()) {
                useOnConsole(nested, json);
            }
        }
    }
}
